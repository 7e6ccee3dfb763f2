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
