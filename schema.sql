-- minetui schema: the whole current schema. A new database is created from this file; an older one is
-- brought here by the numbered files in store/migrations/ (tests/test_migrations.py proves both paths
-- give the same tables). Dates are ISO-8601 TEXT ('2025-03-17'), timestamps ISO TEXT in UTC.
-- Keep it portable: plain types, CHECK constraints, no SQLite-only functions in defaults.

CREATE TABLE offices (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    towns       TEXT NOT NULL DEFAULT '',          -- 、-separated list of towns
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    office_code TEXT REFERENCES offices(code),
    section     TEXT,                               -- domain.model.Section key, or NULL for an office
    title       TEXT NOT NULL DEFAULT '',
    UNIQUE (name, office_code, section)
) STRICT;

CREATE TABLE mines (
    id             INTEGER PRIMARY KEY,
    licence_no     TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    holder         TEXT NOT NULL,
    credit_code    TEXT,
    minerals       TEXT NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('open_pit', 'underground', 'combined')),
    scale          TEXT CHECK (scale IN ('large', 'medium', 'small')),
    office_code    TEXT REFERENCES offices(code),
    town           TEXT,
    villages       TEXT NOT NULL DEFAULT '',        -- 、-separated; empty = none
    area_km2       REAL,
    depth_top_m    REAL,
    depth_bottom_m REAL,
    valid_from     TEXT,
    valid_to       TEXT,
    forest_grass   INTEGER NOT NULL DEFAULT 0 CHECK (forest_grass IN (0, 1)),
    epsg           INTEGER NOT NULL DEFAULT 4526,
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (depth_top_m IS NULL OR depth_bottom_m IS NULL OR depth_top_m > depth_bottom_m),
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
) STRICT;
CREATE INDEX mines_office ON mines (office_code, licence_no);
CREATE INDEX mines_name ON mines (name, id);
CREATE INDEX mines_holder ON mines (holder, id);

-- Status history (R-PAT-2 reads it): a status holds from effective_from until the next row's date.
CREATE TABLE mine_status (
    mine_id        INTEGER NOT NULL REFERENCES mines(id) ON DELETE CASCADE,
    effective_from TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN
                     ('producing', 'construction', 'suspended', 'halted', 'preparing', 'closed', 'cancelled')),
    PRIMARY KEY (mine_id, effective_from)
) STRICT;

-- Licence corner points (拐点). seq keeps the order of the boundary within a ring.
CREATE TABLE corners (
    mine_id   INTEGER NOT NULL REFERENCES mines(id) ON DELETE CASCADE,
    ring      INTEGER NOT NULL DEFAULT 1,
    seq       INTEGER NOT NULL,
    point_no  TEXT NOT NULL,
    x         REAL NOT NULL,
    y         REAL NOT NULL,
    PRIMARY KEY (mine_id, ring, seq)        -- a ring may repeat its first point_no to close explicitly
) STRICT;

-- Key monitoring zones (R-ZONE-1), one row per zone per year; R-ZONE-2 proposals carry their state.
CREATE TABLE zones (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'municipal', 'district')),
    name         TEXT NOT NULL,
    code         TEXT,
    basis        TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'approved' CHECK (state IN ('approved', 'proposed', 'rejected')),
    proposed_by  TEXT REFERENCES offices(code),    -- the office that proposed a district zone
    decision_note TEXT NOT NULL DEFAULT '',
    decided_by   TEXT,
    decided_at   TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, level, name)
) STRICT;
CREATE INDEX zones_year ON zones (year, level, name);

CREATE TABLE zone_mines (
    zone_id  INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    mine_id  INTEGER NOT NULL REFERENCES mines(id) ON DELETE CASCADE,
    basis    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (zone_id, mine_id)
) STRICT;
CREATE INDEX zone_mines_mine ON zone_mines (mine_id, zone_id);

-- Settings the bureau may change at run time (tolerances, deadlines); config.toml holds per-user ones.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- The audit trail: append-only and hash-chained. Each row's hash covers the previous row's hash and its
-- own content (see store/audit.py), so an edited or removed row is detectable.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT,                                -- JSON, NULL for an insert
    after      TEXT,                                -- JSON, NULL for a delete
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit (entity, entity_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;

-- Version 2: patrol records (日常巡查, R-PAT-3…R-PAT-5), their evidence files and findings.
-- Duties are never stored (computed from status history and zones); only what happened is.

CREATE TABLE patrols (
    id              INTEGER PRIMARY KEY,
    mine_id         INTEGER NOT NULL REFERENCES mines(id),
    patrol_date     TEXT NOT NULL CHECK (patrol_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    office_code     TEXT NOT NULL REFERENCES offices(code),
    inspectors      TEXT NOT NULL,                  -- 、-separated names
    mode            TEXT NOT NULL CHECK (mode IN ('on_site', 'drone')),
    drone_reason    TEXT,
    route_name      TEXT,                           -- the route file's name as given (the file: patrol_evidence)
    village_inquiry TEXT,                           -- what the village committee said; NULL = not asked
    findings_text   TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (mode = 'on_site' OR drone_reason IS NOT NULL)
) STRICT;
CREATE INDEX patrols_mine_date ON patrols (mine_id, patrol_date);
CREATE INDEX patrols_date ON patrols (patrol_date);
CREATE INDEX patrols_office_date ON patrols (office_code, patrol_date);

-- The R-PAT-3 checklist answers of a patrol.
CREATE TABLE patrol_items (
    patrol_id  INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    item       TEXT NOT NULL CHECK (item IN ('signboard', 'stockpile', 'farmland', 'basic_farmland',
                 'outside_boundary', 'unlicensed', 'eco_damage', 'outside_activity', 'subsidence',
                 'forest_grass_damage')),
    answer     TEXT NOT NULL CHECK (answer IN ('normal', 'abnormal', 'n_a')),
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (patrol_id, item)
) STRICT;

-- The licence corner points a patrol checked (R-PAT-3: at least 3 distinct).
CREATE TABLE patrol_corners (
    patrol_id  INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    ring       INTEGER NOT NULL DEFAULT 1,
    point_no   TEXT NOT NULL,
    PRIMARY KEY (patrol_id, ring, point_no)
) STRICT;

-- Positions observed on a patrol (a corner point found, or an activity seen) and where they lie.
CREATE TABLE patrol_points (
    patrol_id   INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('corner', 'activity')),
    point_no    TEXT,
    x           REAL NOT NULL,
    y           REAL NOT NULL,
    inside      INTEGER NOT NULL CHECK (inside IN (0, 1)),
    distance_m  REAL NOT NULL CHECK (distance_m >= 0),
    PRIMARY KEY (patrol_id, seq)
) STRICT;

-- Findings (R-PAT-5): one per abnormal item of a patrol, to be routed as a lead to `receiver`.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    mine_id     INTEGER NOT NULL REFERENCES mines(id),
    patrol_id   INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                      -- domain.patrol.ChecklistItem key
    note        TEXT NOT NULL DEFAULT '',
    receiver    TEXT NOT NULL,                      -- domain.model.Section key
    suspected   INTEGER NOT NULL DEFAULT 0 CHECK (suspected IN (0, 1)),
    created_at  TEXT NOT NULL,
    UNIQUE (patrol_id, kind)
) STRICT;
CREATE INDEX findings_mine ON findings (mine_id, created_at);

-- Evidence files, stored once beside the database under their SHA-256 (see io/evidence.py).
CREATE TABLE evidence (
    sha256           TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size             INTEGER NOT NULL CHECK (size >= 0),
    suffix           TEXT NOT NULL DEFAULT '',
    first_stored_at  TEXT NOT NULL
) STRICT;

CREATE TABLE patrol_evidence (
    patrol_id      INTEGER NOT NULL REFERENCES patrols(id) ON DELETE CASCADE,
    sha256         TEXT NOT NULL REFERENCES evidence(sha256),
    role           TEXT NOT NULL CHECK (role IN ('route', 'photo', 'aerial', 'document')),
    original_name  TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (patrol_id, sha256, role)
) STRICT;
CREATE INDEX patrol_evidence_sha ON patrol_evidence (sha256);

-- Version 4: field verification (R-VER-1), special surveys (R-SUR-1, R-SUR-2), joint spot-checks (R-SPOT-1)
-- and the findings they raise for enforcement. The year's verification list and survey rounds are computed
-- (zones × status history); only additions by hand and what happened are stored.

-- Mines added by hand to a year's verification list: drawn at random (双随机) or by decision, with a reason.
-- Kept when the list is derived again.
CREATE TABLE verification_additions (
    year        INTEGER NOT NULL,
    mine_id     INTEGER NOT NULL REFERENCES mines(id) ON DELETE CASCADE,
    how         TEXT NOT NULL CHECK (how IN ('random', 'decision')),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (year, mine_id)
) STRICT;

-- A field verification (实地核查) of one mine in one year, following DZ/T 0463-2024.
CREATE TABLE verifications (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    mine_id      INTEGER NOT NULL REFERENCES mines(id),
    check_date   TEXT NOT NULL CHECK (check_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    inspectors   TEXT NOT NULL,                     -- 、-separated names
    conclusion   TEXT NOT NULL,                     -- the overall conclusion as written
    verdict      TEXT NOT NULL CHECK (verdict IN ('consistent', 'inconsistent', 'unverifiable')),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, mine_id)
) STRICT;
CREATE INDEX verifications_mine ON verifications (mine_id, year);

CREATE TABLE verification_items (
    verification_id  INTEGER NOT NULL REFERENCES verifications(id) ON DELETE CASCADE,
    item             TEXT NOT NULL,                 -- a check item key (configurable list)
    answer           TEXT NOT NULL CHECK (answer IN ('consistent', 'inconsistent', 'unverifiable')),
    note             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (verification_id, item)
) STRICT;

CREATE TABLE verification_evidence (
    verification_id  INTEGER NOT NULL REFERENCES verifications(id) ON DELETE CASCADE,
    sha256           TEXT NOT NULL REFERENCES evidence(sha256),
    original_name    TEXT NOT NULL,
    added_at         TEXT NOT NULL,
    PRIMARY KEY (verification_id, sha256)
) STRICT;
CREATE INDEX verification_evidence_sha ON verification_evidence (sha256);

-- A special survey (专项勘测) round of one mine: scheduled (a date known in advance) or done (results).
CREATE TABLE surveys (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL,
    round            INTEGER NOT NULL CHECK (round IN (1, 2)),
    mine_id          INTEGER NOT NULL REFERENCES mines(id),
    organiser        TEXT NOT NULL CHECK (organiser IN ('province', 'city', 'district')),
    status           TEXT NOT NULL CHECK (status IN ('scheduled', 'done')),
    planned_date     TEXT,
    survey_date      TEXT,
    surveyor         TEXT NOT NULL DEFAULT '',
    methods          TEXT NOT NULL DEFAULT '',      -- ,-separated SurveyMethod keys
    area_m2          REAL CHECK (area_m2 IS NULL OR area_m2 >= 0),
    outside_area_m2  REAL CHECK (outside_area_m2 IS NULL OR outside_area_m2 >= 0),
    deepest_m        REAL,                          -- the deepest elevation reached
    highest_m        REAL,                          -- the highest elevation of the workings
    over_depth       INTEGER NOT NULL DEFAULT 0 CHECK (over_depth IN (0, 1)),
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, round, mine_id),
    CHECK (status = 'scheduled' OR survey_date IS NOT NULL)
) STRICT;
CREATE INDEX surveys_mine ON surveys (mine_id, year, round);

-- The surveyed extent of the workings (开采范围) as corner points, in the licence corners' format.
CREATE TABLE survey_extent (
    survey_id  INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    ring       INTEGER NOT NULL DEFAULT 1,
    seq        INTEGER NOT NULL,
    point_no   TEXT NOT NULL,
    x          REAL NOT NULL,
    y          REAL NOT NULL,
    PRIMARY KEY (survey_id, ring, seq)
) STRICT;

-- What triggers a joint spot-check (R-SPOT-1): negative media exposure, or a typical case named by an
-- environmental inspection (环保督察), 巡视/巡察 or an audit.
CREATE TABLE spotcheck_triggers (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('media', 'env_inspection', 'inspection_tour', 'audit')),
    level         TEXT CHECK (level IS NULL OR level IN ('central', 'provincial', 'city')),
    source        TEXT NOT NULL,                    -- the outlet, or the document
    trigger_date  TEXT NOT NULL,
    link          TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- A joint spot-check (联合抽查) task at one mine, any mine (zone or not).
CREATE TABLE spotchecks (
    id            INTEGER PRIMARY KEY,
    trigger_id    INTEGER NOT NULL REFERENCES spotcheck_triggers(id),
    mine_id       INTEGER NOT NULL REFERENCES mines(id),
    window_start  TEXT NOT NULL,
    window_end    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    check_date    TEXT,
    inspectors    TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (window_start <= window_end),
    CHECK (status = 'open' OR check_date IS NOT NULL)
) STRICT;
CREATE INDEX spotchecks_mine ON spotchecks (mine_id, window_start);
CREATE INDEX spotchecks_window ON spotchecks (window_start, window_end);

CREATE TABLE spotcheck_sections (
    spotcheck_id  INTEGER NOT NULL REFERENCES spotchecks(id) ON DELETE CASCADE,
    section       TEXT NOT NULL,                    -- domain.model.Section key
    PRIMARY KEY (spotcheck_id, section)
) STRICT;

-- Findings of verifications, surveys and spot-checks for a section (R-LEAD-1: 矿管股 → 执法机构). The leads
-- service drafts a lead from each (origin key: source, source_id, kind); `rule` names the rule routing it.
CREATE TABLE inspection_findings (
    id          INTEGER PRIMARY KEY,
    mine_id     INTEGER NOT NULL REFERENCES mines(id),
    source      TEXT NOT NULL CHECK (source IN ('verification', 'survey', 'spotcheck')),
    source_id   INTEGER NOT NULL,
    kind        TEXT NOT NULL,                      -- a check item key, 'outside_area', 'over_depth', 'spotcheck'
    rule        TEXT NOT NULL,                      -- e.g. 'R-LEAD-1'
    receiver    TEXT NOT NULL,                      -- domain.model.Section key
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    UNIQUE (source, source_id, kind)
) STRICT;
CREATE INDEX inspection_findings_mine ON inspection_findings (mine_id, created_at);

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

-- Migration 0005_views: saved views (see store/migrations/0005_views.sql).
CREATE TABLE saved_views (
    id          INTEGER PRIMARY KEY,
    owner       TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    screen      TEXT NOT NULL,                      -- 'mines', or 'report:NAME' for a catalogue report
    filter      TEXT NOT NULL DEFAULT '{}',         -- JSON object: filter text or report parameters
    sort        TEXT NOT NULL DEFAULT '{}',         -- JSON object: {"key": column key, "descending": bool}
    columns     TEXT NOT NULL DEFAULT '[]',         -- JSON array of column keys shown ([] = all)
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (owner, name)
) STRICT;

-- Migration 0006_visits: combined single visits (see store/migrations/0006_visits.sql).
CREATE TABLE external_visits (
    id           INTEGER PRIMARY KEY,
    mine_id      INTEGER NOT NULL REFERENCES mines(id),
    visit_date   TEXT NOT NULL,
    agency       TEXT NOT NULL CHECK (length(trim(agency)) > 0),
    label        TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (mine_id, visit_date, agency)
) STRICT;
CREATE INDEX external_visits_date ON external_visits (visit_date);

CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    mine_id       INTEGER NOT NULL REFERENCES mines(id),
    office_code   TEXT,                             -- the team that goes (NULL: a bureau section only)
    visit_date    TEXT NOT NULL,
    window_start  TEXT NOT NULL,                    -- the working days common to its tasks' windows
    window_end    TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'cancelled')),
    joined        TEXT,                             -- the other agency's visit it joins (label), else NULL
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (window_start <= window_end)
) STRICT;
CREATE INDEX visits_mine ON visits (mine_id, visit_date);
CREATE INDEX visits_date ON visits (visit_date, office_code);

CREATE TABLE visit_tasks (
    visit_id  INTEGER NOT NULL REFERENCES visits(id),
    task_id   TEXT NOT NULL,                        -- 'patrol:2025-07', 'verification:2025', 'survey:2025-R2', …
    kind      TEXT NOT NULL,
    earliest  TEXT NOT NULL,
    latest    TEXT NOT NULL,
    sections  TEXT NOT NULL DEFAULT '',             -- comma-separated section keys
    PRIMARY KEY (visit_id, task_id),
    CHECK (earliest <= latest)
) STRICT;
CREATE INDEX visit_tasks_task ON visit_tasks (task_id);

-- Migration 0007_users: users and roles (see store/migrations/0007_users.sql).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),   -- the login
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('office_clerk', 'section_staff', 'task_force', 'supervisor', 'admin')),
    office_code   TEXT REFERENCES offices(code),     -- office clerks only
    section       TEXT,                              -- section staff only: a domain.model.Section key
    pw_salt       BLOB NOT NULL,
    pw_hash       BLOB NOT NULL,
    pw_n          INTEGER NOT NULL,
    pw_r          INTEGER NOT NULL,
    pw_p          INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((role = 'office_clerk') = (office_code IS NOT NULL)),
    CHECK ((role = 'section_staff') = (section IS NOT NULL))
) STRICT;

-- Migration 0008_indexes: indexes for province scale (see store/migrations/0008_indexes.sql).
CREATE INDEX patrols_date_mine ON patrols (patrol_date, mine_id);
