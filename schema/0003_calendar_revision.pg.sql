-- PostgreSQL dialect of 0003_calendar_revision.sql (decision 0036).
-- A counter that grows with every change of the stored calendar, so that a running server notices a replaced notice
-- (notice ids can be reused after a delete, so max(id) is not enough).
CREATE TABLE calendar_revision (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO calendar_revision (id, value) VALUES (1, 0);
