-- Online pre-submission (status 1) and how each person was served (docs/lifecycle.md, decision 0032).
--  - service_mode: at the counter, online on their own, online with a volunteer's help, at home by staff.
--  - prepared_by: the volunteer (online_volunteer) or the staff member (home_visit) who prepared the dossier;
--    NULL otherwise. A volunteer lists and sees only the dossiers whose prepared_by is their username.
--  - submitted_at: when an online pre-submission arrived (NULL for the counter). Until a clerk receives it,
--    received_by is '' and received_at/due_at/original_due_at hold the submission instant (no clock runs).
ALTER TABLE dossier ADD COLUMN service_mode TEXT NOT NULL DEFAULT 'counter'
    CHECK (service_mode IN ('counter', 'online_self', 'online_volunteer', 'home_visit'));
ALTER TABLE dossier ADD COLUMN prepared_by TEXT;
ALTER TABLE dossier ADD COLUMN submitted_at TEXT;
CREATE INDEX dossier_prepared_by ON dossier (prepared_by, submitted_at) WHERE prepared_by IS NOT NULL;

-- Counter intakes that did not become dossiers record the service mode too (counted in reports).
ALTER TABLE intake_record ADD COLUMN service_mode TEXT NOT NULL DEFAULT 'counter'
    CHECK (service_mode IN ('counter', 'online_self', 'online_volunteer', 'home_visit'));
ALTER TABLE intake_record ADD COLUMN prepared_by TEXT;
