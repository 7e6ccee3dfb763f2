-- Version 3: leads between sections and to outside agencies (R-LEAD-1…6, R-PAT-5, public tips), their trail,
-- the abnormal and serious-dishonesty lists (R-LIST-1), satellite change patches (R-SAT-1), public tips and
-- hand-over packages with the replies that come back.

-- Who registered a licence (R-LIST-1: the bureau lists only rights it registered): domain.lists.Registrar.
ALTER TABLE mines ADD COLUMN registered_by TEXT NOT NULL DEFAULT 'district'
    CHECK (registered_by IN ('district', 'city', 'province', 'ministry'));

-- A lead (线索): routed by a rule from a section or an office to a section or an outside agency.
-- origin_key names what produced it ('finding:12', 'patch:2026:2026-03-001', 'licence:C…:2025-03-17', 'tip:4')
-- so that one finding, patch or licence issue never yields two leads.
CREATE TABLE leads (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL,
    rule           TEXT NOT NULL,                   -- domain.leads.Rule key ('R-LEAD-2', 'R-PAT-5', 'TIP', …)
    source         TEXT NOT NULL CHECK (source IN ('patrol', 'verification', 'enforcement', 'restoration',
                     'satellite', 'registration', 'tip', 'manual')),
    kind           TEXT NOT NULL DEFAULT '',        -- a finding kind (outside_boundary …) or ''
    from_section   TEXT,                            -- domain.model.Section key …
    from_office    TEXT REFERENCES offices(code),   -- … or the office that found it (patrol findings)
    to_section     TEXT NOT NULL,                   -- domain.model.Section key
    mine_id        INTEGER REFERENCES mines(id),
    location       TEXT NOT NULL DEFAULT '',        -- where, when there is no mine (unlicensed mining)
    x              REAL,
    y              REAL,
    description    TEXT NOT NULL DEFAULT '',
    origin_key     TEXT UNIQUE,
    state          TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
                     ('draft', 'sent', 'received', 'handling', 'closed', 'returned')),
    deadline       TEXT NOT NULL,
    sent_on        TEXT,
    received_on    TEXT,
    closed_on      TEXT,
    outcome        TEXT NOT NULL DEFAULT '',
    return_reason  TEXT NOT NULL DEFAULT '',
    list_decision  TEXT CHECK (list_decision IN ('listed', 'not_listed')),
    package_id     TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK ((from_section IS NULL) <> (from_office IS NULL))
) STRICT;
CREATE INDEX leads_to ON leads (to_section, state, deadline);
CREATE INDEX leads_from ON leads (from_section, state, deadline);
CREATE INDEX leads_mine ON leads (mine_id, id);
CREATE INDEX leads_year ON leads (year, rule);

-- The trail of a lead: every change of state, who made it, on which day and why.
CREATE TABLE lead_events (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,                      -- UTC timestamp
    on_day      TEXT NOT NULL,                      -- the working day it counts for ("today")
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,                      -- domain.leads.LeadAction key, or 'create'
    from_state  TEXT,                               -- NULL for the creation
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX lead_events_lead ON lead_events (lead_id, id);

CREATE TABLE lead_evidence (
    lead_id        INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    sha256         TEXT NOT NULL REFERENCES evidence(sha256),
    original_name  TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (lead_id, sha256)
) STRICT;
CREATE INDEX lead_evidence_sha ON lead_evidence (sha256);

-- R-LIST-1: entries on the 异常名录 (abnormal) and the 严重失信主体名单 (serious) lists.
CREATE TABLE list_entries (
    id           INTEGER PRIMARY KEY,
    mine_id      INTEGER NOT NULL REFERENCES mines(id),
    kind         TEXT NOT NULL CHECK (kind IN ('abnormal', 'serious')),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    legal_basis  TEXT NOT NULL,
    authority    TEXT NOT NULL,                     -- the deciding authority
    date_in      TEXT NOT NULL,
    review_on    TEXT,                              -- serious list: date_in + the configured term
    date_out     TEXT,
    out_reason   TEXT NOT NULL DEFAULT '',
    lead_id      INTEGER REFERENCES leads(id),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    CHECK (date_out IS NULL OR date_out >= date_in)
) STRICT;
CREATE INDEX list_entries_mine ON list_entries (mine_id, kind, date_in);

-- R-SAT-1: satellite change patches (图斑), keyed by year and patch number; mine_id = the licence whose
-- polygon holds the centre (NULL: no licence here, a possible 无证开采 site).
CREATE TABLE patches (
    id                   INTEGER PRIMARY KEY,
    year                 INTEGER NOT NULL,
    batch                INTEGER CHECK (batch IS NULL OR batch BETWEEN 1 AND 4),
    patch_no             TEXT NOT NULL,
    x                    REAL NOT NULL,
    y                    REAL NOT NULL,
    area_mu              REAL CHECK (area_mu IS NULL OR area_mu >= 0),
    verdict              TEXT CHECK (verdict IN ('legal', 'illegal', 'false_change')),
    handling             TEXT CHECK (handling IN ('case', 'no_case', 'none')),
    reason               TEXT NOT NULL DEFAULT '',
    forest_grass_damage  INTEGER NOT NULL DEFAULT 0 CHECK (forest_grass_damage IN (0, 1)),
    returned_on          TEXT,                      -- sent back by the upper level: fix within a month
    mine_id              INTEGER REFERENCES mines(id),
    version              INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, patch_no)
) STRICT;
CREATE INDEX patches_mine ON patches (mine_id, year);

-- Public tips (群众举报). The contact is private: shown only in a tip's detail, never listed or exported.
CREATE TABLE tips (
    id           INTEGER PRIMARY KEY,
    received_on  TEXT NOT NULL,
    reporter     TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    mine_id      INTEGER REFERENCES mines(id),
    kind         TEXT NOT NULL,                     -- a finding kind (what was reported)
    what         TEXT NOT NULL,
    happened_on  TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

-- Hand-over packages to an outside agency, and the replies imported from them.
CREATE TABLE transfer_packages (
    id          TEXT PRIMARY KEY,
    to_section  TEXT NOT NULL,
    created_on  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE package_leads (
    package_id  TEXT NOT NULL REFERENCES transfer_packages(id),
    lead_id     INTEGER NOT NULL REFERENCES leads(id),
    PRIMARY KEY (package_id, lead_id)
) STRICT;
CREATE INDEX package_leads_lead ON package_leads (lead_id);

CREATE TABLE lead_replies (
    lead_id      INTEGER NOT NULL REFERENCES leads(id),
    received_on  TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    file_name    TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (lead_id, received_on, outcome, note)
) STRICT;
