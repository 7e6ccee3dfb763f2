-- Version 7: users and roles (issue 8). A database without any user works in single-user mode (the OS login
-- acts with every right); once a user exists, writes need a signed-in user whose role allows them
-- (domain/policy.py). Passwords are stored as hashlib.scrypt hashes with a per-user random salt and the scrypt
-- parameters used (n, r, p), so that they can be raised later without locking anyone out.

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
