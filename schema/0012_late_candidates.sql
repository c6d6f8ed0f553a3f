-- The apology report's violations (docs/reports.md) can only be dossiers whose result came after their original
-- due, or that have no result: this partial index holds just those (about a tenth of the dossiers), keyed by the
-- result time, so the report reads them instead of every dossier (decision 0024, storage/report_store.cpp).
CREATE INDEX dossier_late_candidates ON dossier (result_ready_at, original_due_at)
WHERE result_ready_at IS NULL OR result_ready_at > original_due_at;

-- The apologies issued in a period: a partial index over the apology events only (one event in a hundred), so the
-- report does not read every event.
CREATE INDEX dossier_event_apology_at ON dossier_event (at) WHERE type = 'apologize';
