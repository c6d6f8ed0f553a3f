-- Per-day counters of the Decision 766 counts report (decision 0039, core/counts766_rollup.hpp): for each receiving
-- agency, resolving agency, procedure and office-time day (UTC+7, days since 1970-01-01), the receipts by channel and
-- by how the person was served, the online submissions no clerk received (by submission day), the digitisation marks
-- of the dossiers received that day and the results ready that day, the dossiers with fee data and with fees to pay,
-- and the online payments of the day (count and amount). counts766_paid holds the fee dossiers paid online, by
-- receipt day and the day of their first online payment not reversed. The report sums these over a period instead of
-- reading every dossier of it. Storage changes them in the same transaction as every write that changes a dossier's
-- figures (its marks as stored come out, the new ones go in); this migration fills them for the data already stored,
-- with the rules of core::counts766_marks (the tests compare both).
CREATE TABLE counts766_day (
    day                              INTEGER NOT NULL,
    agency                           TEXT NOT NULL,
    resolving_agency                 TEXT NOT NULL,
    procedure_code                   TEXT NOT NULL,
    received_direct                  INTEGER NOT NULL DEFAULT 0,
    received_online                  INTEGER NOT NULL DEFAULT 0,
    received_postal                  INTEGER NOT NULL DEFAULT 0,
    served_counter                   INTEGER NOT NULL DEFAULT 0,
    served_online_self               INTEGER NOT NULL DEFAULT 0,
    served_online_volunteer          INTEGER NOT NULL DEFAULT 0,
    served_home_visit                INTEGER NOT NULL DEFAULT 0,
    submissions_waiting              INTEGER NOT NULL DEFAULT 0,
    submissions_refused              INTEGER NOT NULL DEFAULT 0,
    digitised                        INTEGER NOT NULL DEFAULT 0,
    digitised_with_electronic_result INTEGER NOT NULL DEFAULT 0,
    certified_copies                 INTEGER NOT NULL DEFAULT 0,
    reused                           INTEGER NOT NULL DEFAULT 0,
    results_requiring_document       INTEGER NOT NULL DEFAULT 0,
    electronic_results               INTEGER NOT NULL DEFAULT 0,
    fee_data_dossiers                INTEGER NOT NULL DEFAULT 0,
    fee_dossiers                     INTEGER NOT NULL DEFAULT 0,
    online_payments                  INTEGER NOT NULL DEFAULT 0,
    paid_online_amount               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency, resolving_agency, procedure_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE counts766_paid (
    received_day     INTEGER NOT NULL,
    paid_day         INTEGER NOT NULL,
    agency           TEXT NOT NULL,
    resolving_agency TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    dossiers         INTEGER NOT NULL,
    PRIMARY KEY (received_day, paid_day, agency, resolving_agency, procedure_code)
) STRICT, WITHOUT ROWID;

-- The data already stored, with the rules of the per-dossier queries these counters replace
-- (storage/report_store.cpp and storage/payment_store.cpp keep them for the tests): a receipt is a dossier not in
-- status 1 or 3 and not an online submission waiting (5) for the supplement asked before its receipt; digitisation
-- leaves status 1 out and reads the dossier's procedure version; fees and payments read every dossier; a payment
-- counts when online and not reversed (a reversal cancels it whenever it is recorded).
WITH pv AS MATERIALIZED (
    SELECT code, version, coalesce(json_extract(body, '$.result_type'), '') <> '' AS required
    FROM procedure_version),
f AS MATERIALIZED (
    SELECT d.id, d.agency, d.resolving_agency, d.procedure_code, d.channel, d.service_mode, d.status,
           d.received_by, d.submitted_at, d.result_ready_at,
           (unixepoch(d.received_at) + 25200) / 86400 AS rd,
           (unixepoch(d.submitted_at) + 25200) / 86400 AS sd,
           (unixepoch(d.result_ready_at) + 25200) / 86400 AS xd,
           pv.code IS NOT NULL AS known, pv.required,
           EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.digitised = 1) AS dg,
           EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.certified_copy = 1) AS cc,
           EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.reused = 1) AS ru,
           EXISTS (SELECT 1 FROM electronic_result r WHERE r.dossier_id = d.id) AS er,
           (SELECT count(*) FROM dossier_fee l WHERE l.dossier_id = d.id) AS lines,
           (SELECT coalesce(sum(l.amount - l.exempted), 0) FROM dossier_fee l WHERE l.dossier_id = d.id) AS due
    FROM dossier d LEFT JOIN pv ON pv.code = d.procedure_code AND pv.version = d.procedure_version),
online AS MATERIALIZED (
    SELECT p.dossier_id, (unixepoch(p.at) + 25200) / 86400 AS pd, p.at, p.amount FROM payment p
    WHERE p.method = 'online' AND coalesce(p.reverses, 0) = 0
      AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)),
marks AS (
    SELECT rd AS day, agency, resolving_agency, procedure_code,
           channel = 'direct' AS c0, channel = 'online' AS c1, channel = 'postal' AS c2,
           service_mode = 'counter' AS c3, service_mode = 'online_self' AS c4,
           service_mode = 'online_volunteer' AS c5, service_mode = 'home_visit' AS c6,
           0 AS c7, 0 AS c8, 0 AS c9, 0 AS c10, 0 AS c11, 0 AS c12, 0 AS c13, 0 AS c14, 0 AS c15, 0 AS c16,
           0 AS c17, 0 AS c18
    FROM f WHERE status NOT IN (1, 3) AND (status <> 5 OR submitted_at IS NULL OR received_by <> '')
    UNION ALL
    SELECT sd, agency, resolving_agency, procedure_code, 0, 0, 0, 0, 0, 0, 0, status <> 3, status = 3,
           0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM f WHERE submitted_at IS NOT NULL AND received_by = ''
    UNION ALL
    SELECT rd, agency, resolving_agency, procedure_code, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           dg, dg AND er, cc, ru, 0, 0, 0, 0, 0, 0
    FROM f WHERE status <> 1 AND known AND (dg OR cc OR ru)
    UNION ALL
    SELECT xd, agency, resolving_agency, procedure_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, er, 0, 0, 0, 0
    FROM f WHERE status <> 1 AND known AND required AND result_ready_at IS NOT NULL
    UNION ALL
    SELECT rd, agency, resolving_agency, procedure_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           lines > 0, due > 0, 0, 0
    FROM f WHERE lines > 0 OR due > 0
    UNION ALL
    SELECT o.pd, d.agency, d.resolving_agency, d.procedure_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
           0, 0, 1, o.amount
    FROM online o JOIN dossier d ON d.id = o.dossier_id)
INSERT INTO counts766_day (day, agency, resolving_agency, procedure_code, received_direct, received_online,
                           received_postal, served_counter, served_online_self, served_online_volunteer,
                           served_home_visit, submissions_waiting, submissions_refused, digitised,
                           digitised_with_electronic_result, certified_copies, reused, results_requiring_document,
                           electronic_results, fee_data_dossiers, fee_dossiers, online_payments, paid_online_amount)
SELECT day, agency, resolving_agency, procedure_code, sum(c0), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5), sum(c6),
       sum(c7), sum(c8), sum(c9), sum(c10), sum(c11), sum(c12), sum(c13), sum(c14), sum(c15), sum(c16), sum(c17),
       sum(c18)
FROM marks GROUP BY day, agency, resolving_agency, procedure_code;

WITH first_paid AS (
    SELECT p.dossier_id, min(p.at) AS at FROM payment p
    WHERE p.method = 'online' AND coalesce(p.reverses, 0) = 0
      AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)
    GROUP BY p.dossier_id)
INSERT INTO counts766_paid (received_day, paid_day, agency, resolving_agency, procedure_code, dossiers)
SELECT (unixepoch(d.received_at) + 25200) / 86400, (unixepoch(fp.at) + 25200) / 86400, d.agency,
       d.resolving_agency, d.procedure_code, count(*)
FROM first_paid fp JOIN dossier d ON d.id = fp.dossier_id
WHERE (SELECT coalesce(sum(l.amount - l.exempted), 0) FROM dossier_fee l WHERE l.dossier_id = d.id) > 0
GROUP BY 1, 2, 3, 4, 5;
