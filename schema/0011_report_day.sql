-- Per-day report counters (decision 0024, core/report_rollup.hpp): for each receiving agency, resolving agency,
-- procedure and office-time day (UTC+7, days since 1970-01-01), how many dossiers were received (by channel),
-- ended (resolved early / on time / late, or closed without a result), fell due, and fell due and ended. The
-- II.06a report sums these over the days before a period and over the period instead of reading every dossier.
-- Storage changes them in the same transaction as the event that changes a dossier; this migration fills them
-- for the dossiers already stored, with the rules of core::day_marks (the tests compare both).
CREATE TABLE report_day (
    day              INTEGER NOT NULL,
    agency           TEXT NOT NULL,
    resolving_agency TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    received_direct  INTEGER NOT NULL DEFAULT 0,
    received_online  INTEGER NOT NULL DEFAULT 0,
    received_postal  INTEGER NOT NULL DEFAULT 0,
    ended            INTEGER NOT NULL DEFAULT 0,
    resolved_early   INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late    INTEGER NOT NULL DEFAULT 0,
    closed           INTEGER NOT NULL DEFAULT 0,
    due              INTEGER NOT NULL DEFAULT 0,
    due_and_ended    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency, resolving_agency, procedure_code)
) STRICT, WITHOUT ROWID;

-- The dossiers already stored. A dossier closed without a result (withdrawn 7, stopped 8) ended with its last event;
-- a result takes precedence; a missing timeliness counts as late; no day precedes the receipt day; a dossier waiting
-- for a supplement (5) has no due marks.
WITH f AS (
    SELECT d.agency, d.resolving_agency, d.procedure_code, d.channel, d.status,
           coalesce(d.timeliness, 'late') AS timeliness,
           d.result_ready_at IS NOT NULL AS resolved,
           (unixepoch(d.received_at) + 25200) / 86400 AS rd,
           (unixepoch(d.original_due_at) + 25200) / 86400 AS dd,
           CASE WHEN d.result_ready_at IS NOT NULL THEN (unixepoch(d.result_ready_at) + 25200) / 86400
                WHEN d.status IN (7, 8) THEN
                    (SELECT (unixepoch(max(e.at)) + 25200) / 86400 FROM dossier_event e WHERE e.dossier_id = d.id)
           END AS ed
    FROM dossier d),
g AS (
    SELECT agency, resolving_agency, procedure_code, channel, status, timeliness, resolved, rd,
           max(rd, dd) AS dd, CASE WHEN ed IS NOT NULL THEN max(rd, ed) END AS ed
    FROM f),
marks AS (
    SELECT agency, resolving_agency, procedure_code, rd AS day,
           channel = 'direct' AS c0, channel = 'online' AS c1, channel = 'postal' AS c2,
           0 AS c3, 0 AS c4, 0 AS c5, 0 AS c6, 0 AS c7, 0 AS c8, 0 AS c9 FROM g
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, ed, 0, 0, 0, 1,
           resolved AND timeliness = 'early', resolved AND timeliness = 'on_time', resolved AND timeliness = 'late',
           NOT resolved, 0, 0 FROM g WHERE ed IS NOT NULL
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, dd, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 FROM g WHERE status <> 5
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, max(dd, ed), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
    FROM g WHERE status <> 5 AND ed IS NOT NULL)
INSERT INTO report_day (day, agency, resolving_agency, procedure_code, received_direct, received_online,
                        received_postal, ended, resolved_early, resolved_on_time, resolved_late, closed, due,
                        due_and_ended)
SELECT day, agency, resolving_agency, procedure_code, sum(c0), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5), sum(c6),
       sum(c7), sum(c8), sum(c9)
FROM marks GROUP BY day, agency, resolving_agency, procedure_code;
