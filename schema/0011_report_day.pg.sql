-- PostgreSQL dialect of 0011_report_day.sql (decision 0036): the per-day report counters (decision 0024,
-- core/report_rollup.hpp), and the fill for the dossiers already stored with the rules of core::day_marks. SQLite's
-- scalar max(a, b) is GREATEST here (both arguments are never NULL where it is used), its booleans are summed as 0/1.
CREATE TABLE report_day (
    day              BIGINT NOT NULL,
    agency           TEXT NOT NULL,
    resolving_agency TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    received_direct  BIGINT NOT NULL DEFAULT 0,
    received_online  BIGINT NOT NULL DEFAULT 0,
    received_postal  BIGINT NOT NULL DEFAULT 0,
    ended            BIGINT NOT NULL DEFAULT 0,
    resolved_early   BIGINT NOT NULL DEFAULT 0,
    resolved_on_time BIGINT NOT NULL DEFAULT 0,
    resolved_late    BIGINT NOT NULL DEFAULT 0,
    closed           BIGINT NOT NULL DEFAULT 0,
    due              BIGINT NOT NULL DEFAULT 0,
    due_and_ended    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency, resolving_agency, procedure_code)
);

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
           GREATEST(rd, dd) AS dd, CASE WHEN ed IS NOT NULL THEN GREATEST(rd, ed) END AS ed
    FROM f),
marks AS (
    SELECT agency, resolving_agency, procedure_code, rd AS day,
           (channel = 'direct')::int AS c0, (channel = 'online')::int AS c1, (channel = 'postal')::int AS c2,
           0 AS c3, 0 AS c4, 0 AS c5, 0 AS c6, 0 AS c7, 0 AS c8, 0 AS c9 FROM g
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, ed, 0, 0, 0, 1,
           (resolved AND timeliness = 'early')::int, (resolved AND timeliness = 'on_time')::int,
           (resolved AND timeliness = 'late')::int, (NOT resolved)::int, 0, 0 FROM g WHERE ed IS NOT NULL
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, dd, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 FROM g WHERE status <> 5
    UNION ALL
    SELECT agency, resolving_agency, procedure_code, GREATEST(dd, ed), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
    FROM g WHERE status <> 5 AND ed IS NOT NULL)
INSERT INTO report_day (day, agency, resolving_agency, procedure_code, received_direct, received_online,
                        received_postal, ended, resolved_early, resolved_on_time, resolved_late, closed, due,
                        due_and_ended)
SELECT day, agency, resolving_agency, procedure_code, sum(c0), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5), sum(c6),
       sum(c7), sum(c8), sum(c9)
FROM marks GROUP BY day, agency, resolving_agency, procedure_code;
