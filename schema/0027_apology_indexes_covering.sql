-- The apology report's two indexes of schema 0026 made covering on SQLite (decision 0043).
--
-- SQLite (3.40 here) uses a partial index as a covering index only when every column the statement names is in the
-- index, including those of the index's own WHERE: `type` and `apologized` were not, so each of the period's apology
-- events and each apologised dossier was read from its table row (1-2 KB, scattered) as well as from the index —
-- about three pages per apology, and most of the report's time at 1,000,000 dossiers. The same indexes, with the
-- WHERE's column appended, are read alone: the order (and so every statement and every result) is unchanged.
DROP INDEX dossier_event_apology_facts;
CREATE INDEX dossier_event_apology_facts ON dossier_event (at, dossier_id, data, type) WHERE type = 'apologize';
DROP INDEX dossier_apology_facts;
CREATE INDEX dossier_apology_facts ON dossier (id, code, agency, resolving_agency, original_due_at, result_ready_at,
                                               closed_at, apologized) WHERE apologized = 1;
