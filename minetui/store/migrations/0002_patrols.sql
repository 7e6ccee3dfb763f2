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
