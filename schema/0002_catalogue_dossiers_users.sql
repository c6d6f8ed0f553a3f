-- The catalogue (agencies, versioned procedures), dossiers with their event timeline, non-received intake records,
-- staff users and sessions. Instants are UTC text "YYYY-MM-DDTHH:MM:SSZ" (decision 0003).

CREATE TABLE agency (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('province', 'department', 'commune', 'ministry_unit')),
    parent       TEXT REFERENCES agency (code),
    office_hours TEXT NOT NULL
) STRICT;

-- One row per procedure version; the body (components, steps, fees, legal basis) is JSON text written by storage.
CREATE TABLE procedure_version (
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    name           TEXT NOT NULL,
    field          TEXT NOT NULL,
    agency         TEXT NOT NULL REFERENCES agency (code),
    duration_unit  TEXT NOT NULL CHECK (duration_unit IN ('days', 'hours')),
    duration_value INTEGER NOT NULL CHECK (duration_value >= 1),
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (code, version)
) STRICT;

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'agency_head', 'supervisor', 'admin')),
    agency        TEXT NOT NULL REFERENCES agency (code),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

-- Session tokens are stored only as SHA-256 digests.
CREATE TABLE session (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

-- Gap-free daily sequence per receiving agency, taken inside the intake transaction.
CREATE TABLE dossier_sequence (
    agency TEXT NOT NULL,
    day    TEXT NOT NULL CHECK (day = date(day, '+0 days')),
    last   INTEGER NOT NULL,
    PRIMARY KEY (agency, day)
) STRICT;

-- Current state of each dossier, derived from its events by core::apply and written in the same transaction.
CREATE TABLE dossier (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    lookup_key        TEXT NOT NULL,
    version           INTEGER NOT NULL,
    agency            TEXT NOT NULL REFERENCES agency (code),
    resolving_agency  TEXT NOT NULL REFERENCES agency (code),
    procedure_code    TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    channel           TEXT NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
    status            INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    received_by       TEXT NOT NULL,
    received_at       TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    original_due_at   TEXT NOT NULL,
    extended_due_at   TEXT,
    result_ready_at   TEXT,
    returned_at       TEXT,
    timeliness        TEXT CHECK (timeliness IN ('early', 'on_time', 'late')),
    applicant         TEXT NOT NULL,  -- JSON: name, id_number, phone, email, address, representative
    state             TEXT NOT NULL,  -- JSON: components, clock, steps, pauses, counters
    FOREIGN KEY (procedure_code, procedure_version) REFERENCES procedure_version (code, version)
) STRICT;
CREATE INDEX dossier_agency_status_due ON dossier (agency, status, due_at);
CREATE INDEX dossier_resolving_status_due ON dossier (resolving_agency, status, due_at);
CREATE INDEX dossier_status_due ON dossier (status, due_at);

CREATE TABLE dossier_event (
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    -- The audit row written with this event; its detail carries this row's digest, so the hash chain covers events.
    audit_id   INTEGER NOT NULL REFERENCES audit_log (id),
    PRIMARY KEY (dossier_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER dossier_event_no_update BEFORE UPDATE ON dossier_event
BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END;
CREATE TRIGGER dossier_event_no_delete BEFORE DELETE ON dossier_event
BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END;

-- Intakes that did not become dossiers (supplementation requested at the counter, refusal): counted in reports.
CREATE TABLE intake_record (
    id                INTEGER PRIMARY KEY,
    outcome           TEXT NOT NULL CHECK (outcome IN ('request_supplement', 'refuse')),
    agency            TEXT NOT NULL REFERENCES agency (code),
    procedure_code    TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    channel           TEXT NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
    applicant         TEXT NOT NULL,
    detail            TEXT NOT NULL,  -- JSON: components, reason, items
    at                TEXT NOT NULL,
    actor             TEXT NOT NULL
) STRICT;
CREATE INDEX intake_record_agency_at ON intake_record (agency, at);
