-- The notification outbox (docs/notifications.md): one row per message to a citizen, written in the same
-- transaction as the dossier event that causes it, then delivered by a worker with retries.
CREATE TABLE notification_outbox (
    id              INTEGER PRIMARY KEY,
    dossier_id      INTEGER NOT NULL REFERENCES dossier (id),
    event_seq       INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('received', 'supplement_requested', 'extended', 'result_ready')),
    medium          TEXT NOT NULL CHECK (medium IN ('email', 'sms')),
    recipient       TEXT NOT NULL,
    params          TEXT NOT NULL,  -- JSON object: what the text needs (dates already formatted for the citizen)
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,  -- pending: not before; sending: the end of the claim's lease
    sent_at         TEXT,
    channel         TEXT NOT NULL DEFAULT '',
    last_result     TEXT NOT NULL DEFAULT '',
    UNIQUE (dossier_id, event_seq, medium)
) STRICT;
-- The worker's query: what is due, by status and time.
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
