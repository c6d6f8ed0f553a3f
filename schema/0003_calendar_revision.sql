-- A counter that grows with every change of the stored calendar, so that a running server notices a replaced notice
-- (notice ids can be reused after a delete, so max(id) is not enough).
CREATE TABLE calendar_revision (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO calendar_revision (id, value) VALUES (1, 0);
