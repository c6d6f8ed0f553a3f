-- Failed-login counters (core/login_throttle.hpp), kept in the database so that every node of a multi-node
-- deployment throttles the same account and address (issue #10). One row per counter: an account at a client
-- address ("account:<name>\x1f<address>"), or an address on its own ("address:<address>"). Instants are UTC text.
-- Shared by SQLite and PostgreSQL.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_at      TEXT NOT NULL,
    locked_until TEXT NOT NULL
);
