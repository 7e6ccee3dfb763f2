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
