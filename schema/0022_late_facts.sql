-- The apology report's violations read from one index instead of the dossier rows (decision 0034,
-- docs/performance.md "Reports at scale"). Two facts that were derived on every read become columns, written by
-- storage with every dossier insert and update (storage/dossier_store.cpp), and filled here for the dossiers already
-- stored:
--   closed_at   the instant a dossier was withdrawn (status 7) or stopped (8): its last event, since those statuses
--               take no further event; NULL for every other status;
--   apologized  1 once the dossier has an apology (core::apply allows one and never takes it back), else 0.
ALTER TABLE dossier ADD COLUMN closed_at TEXT;
ALTER TABLE dossier ADD COLUMN apologized INTEGER NOT NULL DEFAULT 0 CHECK (apologized IN (0, 1));

UPDATE dossier SET closed_at = (SELECT max(e.at) FROM dossier_event e WHERE e.dossier_id = dossier.id)
WHERE status IN (7, 8);
UPDATE dossier SET apologized = 1
WHERE id IN (SELECT e.dossier_id FROM dossier_event e WHERE e.type = 'apologize');

-- The violation candidates (a result after the original due, or no result; schema 0012), now with every column
-- the report reads, so the report reads this index alone. Keyed so that each part of the report's question is a
-- range: results since the period's start; no result and not closed; closed since the end of the period.
DROP INDEX dossier_late_candidates;
CREATE INDEX dossier_late_facts ON dossier (result_ready_at, closed_at, original_due_at, received_at, apologized, status,
                                            timeliness, agency, resolving_agency, procedure_code, channel, code)
WHERE result_ready_at IS NULL OR result_ready_at > original_due_at;
