-- Fees and payments (docs/payments.md, decisions 0030 and 0031). Amounts are whole Vietnamese đồng (INTEGER, never
-- REAL). Instants are UTC text "YYYY-MM-DDTHH:MM:SSZ" (decision 0003).

-- What a dossier owes: the lines raised at intake from the procedure's fees (less exemptions) and the lines of
-- financial obligations raised during processing.
CREATE TABLE dossier_fee (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    kind       TEXT NOT NULL CHECK (kind IN ('intake', 'obligation')),
    name       TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount >= 0),
    exempted   INTEGER NOT NULL DEFAULT 0 CHECK (exempted >= 0 AND exempted <= amount),
    exemption  TEXT NOT NULL DEFAULT '',
    raised_at  TEXT NOT NULL,
    raised_by  TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_fee_dossier ON dossier_fee (dossier_id);

-- Gap-free receipt numbers per receiving agency and calendar year (office time), taken inside the payment's
-- transaction (decision 0030).
CREATE TABLE receipt_sequence (
    agency TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (agency, year)
) STRICT;

-- Payments and their reversals. A row is never changed or deleted (the triggers below refuse it): a mistaken entry
-- is cancelled by a reversing row (negative amount, `reverses` = the cancelled row, the same receipt number).
CREATE TABLE payment (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossier (id),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'online')),
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    at          TEXT NOT NULL,
    receipt_no  TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    gateway     TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reverses    INTEGER UNIQUE REFERENCES payment (id),
    CHECK ((reverses IS NULL) = (amount > 0))
) STRICT;
CREATE INDEX payment_dossier ON payment (dossier_id);
CREATE INDEX payment_method_at ON payment (method, at);
CREATE UNIQUE INDEX payment_receipt_no ON payment (receipt_no) WHERE reverses IS NULL;
-- Gateway callbacks are idempotent by the gateway's transaction id.
CREATE UNIQUE INDEX payment_gateway_transaction ON payment (gateway, reference)
    WHERE method = 'online' AND reverses IS NULL;
CREATE TRIGGER payment_is_never_updated BEFORE UPDATE ON payment
BEGIN
    SELECT RAISE(ABORT, 'payments are never changed: record a reversal');
END;
CREATE TRIGGER payment_is_never_deleted BEFORE DELETE ON payment
BEGIN
    SELECT RAISE(ABORT, 'payments are never deleted: record a reversal');
END;

-- Online payments a citizen started through the payment gateway.
CREATE TABLE payment_request (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    dossier_id INTEGER NOT NULL REFERENCES dossier (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    gateway    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed'))
) STRICT;
CREATE INDEX payment_request_dossier ON payment_request (dossier_id);
