-- The supervisor dashboard at 1,000,000 dossiers (issue #5, decision 0040).
--
-- The overdue and near-due lists are counted and ranked from this partial index of the open dossiers (received or
-- processing) alone: due, both agencies (the scope) and the apology flag (near-due leaves apologised dossiers out),
-- so that only the dossiers of the page asked for are read (storage/report_store.cpp, open_due_keys).
CREATE INDEX dossier_open_due ON dossier (due_at, agency, resolving_agency, apologized) WHERE status IN (2, 4);

-- The apology report's issued apologies: the apology events with the columns the report reads of them, and the
-- apologised dossiers with theirs (storage/dossier_store.cpp, apologies), so that neither the event rows nor the
-- dossier rows (1-2 KB each, scattered over the table) are read. dossier_event_apology_at (schema 0012) is a prefix
-- of the first. (PostgreSQL's text, 0026_dashboard_indexes.pg.sql, leaves the event data out of the first.)
DROP INDEX dossier_event_apology_at;
CREATE INDEX dossier_event_apology_facts ON dossier_event (at, dossier_id, data) WHERE type = 'apologize';
CREATE INDEX dossier_apology_facts ON dossier (id, code, agency, resolving_agency, original_due_at, result_ready_at,
                                               closed_at) WHERE apologized = 1;
