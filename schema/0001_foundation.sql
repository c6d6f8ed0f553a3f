-- Foundation: migration bookkeeping, the audit log and the working-time calendar (yearly notices).
-- Instants are stored as UTC text "YYYY-MM-DDTHH:MM:SSZ"; civil dates as "YYYY-MM-DD" (docs/decisions/0003).

CREATE TABLE schema_migration (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

-- Append-only record of every state change: who, when, what, on what, with which data (JSON text).
-- Hash-chained: hash = SHA-256 over prev_hash and the row's fields (storage/audit_log.cpp), so an edit made behind
-- the server's back, triggers dropped, is caught by `motcua audit verify`.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- One official notice per (year, agency); agency '' is national.
CREATE TABLE calendar_notice (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    agency     TEXT NOT NULL DEFAULT '',
    reference  TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'admin')),
    loaded_at  TEXT NOT NULL,
    loaded_by  TEXT NOT NULL,
    UNIQUE (year, agency)
) STRICT;

CREATE TABLE calendar_entry (
    notice_id  INTEGER NOT NULL REFERENCES calendar_notice (id) ON DELETE CASCADE,
    day        TEXT NOT NULL CHECK (day = date(day, '+0 days')),
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'compensatory_off', 'swap_off', 'working_saturday')),
    name       TEXT NOT NULL,
    PRIMARY KEY (notice_id, day)
) STRICT;
