-- Version 5: saved views — a user's named filter/sort/columns of a list screen or a report, reopened in the
-- app and run from the command line (`minetui report view:NAME`). Unique per owner and name.

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
