-- PostgreSQL's text of 0026 (decision 0040; the SQLite file explains each index). One difference: the apology
-- events' index leaves out the event's data, since a PostgreSQL B-tree entry must stay under about 2.7 KB and an
-- apology's reason is free text; PostgreSQL reads the data from the event row.
CREATE INDEX dossier_open_due ON dossier (due_at, agency, resolving_agency, apologized) WHERE status IN (2, 4);

DROP INDEX dossier_event_apology_at;
CREATE INDEX dossier_event_apology_facts ON dossier_event (at, dossier_id) WHERE type = 'apologize';
CREATE INDEX dossier_apology_facts ON dossier (id, code, agency, resolving_agency, original_due_at, result_ready_at,
                                               closed_at) WHERE apologized = 1;
