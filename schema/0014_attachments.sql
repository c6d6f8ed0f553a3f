-- Digitised dossier components and electronic results (docs/digitisation.md). File contents live outside the
-- database, content-addressed under the files directory (<db>.files/ by default): stored_file records each one's
-- SHA-256 (its name there), size and sniffed type, so that `motcua audit verify` can check them.

CREATE TABLE stored_file (
    sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,
    stored_at    TEXT NOT NULL
) STRICT;

-- A file attached to a dossier: to a component (component_id), or the electronic result's file (component_id '').
CREATE TABLE attachment (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossier (id),
    component_id TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES stored_file (sha256),
    file_name    TEXT NOT NULL,
    attached_at  TEXT NOT NULL,
    attached_by  TEXT NOT NULL,
    reused_from  INTEGER REFERENCES attachment (id)  -- the earlier dossier's attachment this one reuses
) STRICT;
CREATE INDEX attachment_dossier ON attachment (dossier_id, component_id);
CREATE INDEX attachment_reused_from ON attachment (reused_from) WHERE reused_from IS NOT NULL;

-- A clerk's marks on a component of a dossier.
CREATE TABLE component_mark (
    dossier_id     INTEGER NOT NULL REFERENCES dossier (id),
    component_id   TEXT NOT NULL,
    digitised      INTEGER NOT NULL CHECK (digitised IN (0, 1)),
    certified_copy INTEGER NOT NULL CHECK (certified_copy IN (0, 1) AND certified_copy <= digitised),
    reused         INTEGER NOT NULL CHECK (reused IN (0, 1) AND reused <= digitised),
    marked_at      TEXT NOT NULL,
    marked_by      TEXT NOT NULL,
    PRIMARY KEY (dossier_id, component_id)
) STRICT, WITHOUT ROWID;

-- The electronic result document of a dossier (the newest recorded; the audit log keeps earlier ones).
CREATE TABLE electronic_result (
    dossier_id    INTEGER PRIMARY KEY REFERENCES dossier (id),
    number        TEXT NOT NULL,
    issued_on     TEXT NOT NULL CHECK (issued_on = date(issued_on, '+0 days')),
    signer        TEXT NOT NULL,
    issuing_body  TEXT NOT NULL,
    attachment_id INTEGER NOT NULL REFERENCES attachment (id),
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL
) STRICT;

-- Reuse finds the same applicant's earlier dossiers by identification number.
CREATE INDEX dossier_applicant_id_number ON dossier (json_extract(applicant, '$.id_number'));
