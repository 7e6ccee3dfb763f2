-- Version 6: combined single visits (综合检查, R-VISIT-1). A committed plan stores one `visits` row per mine
-- and day with the tasks it carries (`visit_tasks`); a cancelled visit keeps its rows (its tasks go back to
-- the pool: only planned and done visits hold tasks). `external_visits` are visits of other agencies entered
-- by hand (the planner joins tasks to them). Settings (capacity, holidays, make-up days, yearly cap, minimum
-- gap) live in the `settings` table under 'visits.*' with defaults in code (services/visit_settings.py).

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
