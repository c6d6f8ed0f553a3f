-- Satisfaction (issue #6, docs/satisfaction.md): survey responses with their answers and expectations, citizens'
-- ratings, and per-dossier evaluation scores. Responses and ratings are evidence: append-only, like events.

CREATE TABLE survey_response (
    id                 INTEGER PRIMARY KEY,
    survey_id          TEXT NOT NULL,
    survey_version     INTEGER NOT NULL CHECK (survey_version >= 1),
    channel            TEXT NOT NULL CHECK (channel IN ('online', 'kiosk', 'paper')),
    dossier_code       TEXT UNIQUE REFERENCES dossier (code),  -- one response per dossier
    agency             TEXT REFERENCES agency (code),          -- NULL: not known (anonymous kiosk)
    procedure_code     TEXT,
    submitted_at       TEXT NOT NULL,
    entered_by         TEXT,                                   -- paper forms: the staff member who typed it in
    expectations_valid INTEGER NOT NULL CHECK (expectations_valid IN (0, 1)),
    CHECK ((channel = 'paper') = (entered_by IS NOT NULL)),
    CHECK (channel <> 'online' OR dossier_code IS NOT NULL),
    CHECK (channel <> 'kiosk' OR dossier_code IS NULL)
) STRICT;
CREATE INDEX survey_response_submitted ON survey_response (submitted_at);

-- One row per criterion of the questionnaire: valid (a value on the scale), blank, or invalid (kept as given).
CREATE TABLE survey_answer (
    response_id INTEGER NOT NULL REFERENCES survey_response (id),
    criterion   TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('valid', 'blank', 'invalid')),
    value       INTEGER,
    CHECK (state <> 'valid' OR value IS NOT NULL),
    CHECK (state <> 'blank' OR value IS NULL),
    PRIMARY KEY (response_id, criterion)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_expectation (
    response_id INTEGER NOT NULL REFERENCES survey_response (id),
    position    INTEGER NOT NULL,
    option      TEXT NOT NULL,
    PRIMARY KEY (response_id, position),
    UNIQUE (response_id, option)
) STRICT, WITHOUT ROWID;

CREATE TABLE dossier_rating (
    dossier_code   TEXT PRIMARY KEY REFERENCES dossier (code),  -- one rating per dossier
    agency         TEXT NOT NULL REFERENCES agency (code),
    procedure_code TEXT NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'dissatisfied')),
    comment        TEXT NOT NULL DEFAULT '',
    rated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX dossier_rating_rated ON dossier_rating (rated_at);

-- The agency's own score and the appraised score, one row each per dossier (a new score replaces the old one; the
-- audit log keeps every version).
CREATE TABLE dossier_evaluation (
    dossier_code  TEXT NOT NULL REFERENCES dossier (code),
    kind          TEXT NOT NULL CHECK (kind IN ('self', 'appraised')),
    i1 INTEGER NOT NULL CHECK (i1 BETWEEN 0 AND 2), i2 INTEGER NOT NULL CHECK (i2 BETWEEN 0 AND 2),
    i3 INTEGER NOT NULL CHECK (i3 BETWEEN 0 AND 2), i4 INTEGER NOT NULL CHECK (i4 BETWEEN 0 AND 2),
    i5 INTEGER NOT NULL CHECK (i5 BETWEEN 0 AND 2), i6 INTEGER NOT NULL CHECK (i6 BETWEEN 0 AND 2),
    i7 INTEGER NOT NULL CHECK (i7 BETWEEN 0 AND 2), i8 INTEGER NOT NULL CHECK (i8 BETWEEN 0 AND 2),
    i9 INTEGER NOT NULL CHECK (i9 BETWEEN 0 AND 2),
    total         INTEGER NOT NULL CHECK (total = i1 + i2 + i3 + i4 + i5 + i6 + i7 + i8 + i9),
    band          TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    PRIMARY KEY (dossier_code, kind)
) STRICT;

CREATE TRIGGER survey_response_no_update BEFORE UPDATE ON survey_response
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;
CREATE TRIGGER survey_response_no_delete BEFORE DELETE ON survey_response
BEGIN SELECT RAISE(ABORT, 'survey responses are append-only'); END;
CREATE TRIGGER survey_answer_no_update BEFORE UPDATE ON survey_answer
BEGIN SELECT RAISE(ABORT, 'survey answers are append-only'); END;
CREATE TRIGGER survey_answer_no_delete BEFORE DELETE ON survey_answer
BEGIN SELECT RAISE(ABORT, 'survey answers are append-only'); END;
CREATE TRIGGER dossier_rating_no_update BEFORE UPDATE ON dossier_rating
BEGIN SELECT RAISE(ABORT, 'ratings are append-only'); END;
CREATE TRIGGER dossier_rating_no_delete BEFORE DELETE ON dossier_rating
BEGIN SELECT RAISE(ABORT, 'ratings are append-only'); END;
