-- PostgreSQL's text of 0027 (decision 0043): nothing to change. PostgreSQL can answer from a partial index alone
-- (an index-only scan, where the visibility map allows) when the columns named only in the index's WHERE are
-- implied by it, so `dossier_apology_facts` of 0026_dashboard_indexes.pg.sql serves as it is; SQLite needed those
-- columns in the index. `dossier_event_apology_facts` leaves out the event's `data`, so PostgreSQL still reads each
-- apology event's row, as it did before 0027.
SELECT 1;
