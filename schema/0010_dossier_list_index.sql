-- The dossier list, the overdue list and the start-up sweep filter by status and due date, and for most users by
-- agency too: with both agencies in the index, counting and paging a scoped list read no table row, where the old
-- index (status, due_at) made SQLite fetch every matching dossier to test its agency (seconds at 1,000,000
-- dossiers; docs/performance.md). It replaces dossier_status_due, a prefix of it.
DROP INDEX dossier_status_due;
CREATE INDEX dossier_status_due_agencies ON dossier (status, due_at, agency, resolving_agency);
