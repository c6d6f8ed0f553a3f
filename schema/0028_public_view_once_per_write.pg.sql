-- PostgreSQL dialect of 0028_public_view_once_per_write.sql (decision 0036): the citizen's view rebuilt once per
-- write (decision 0044). The trigger functions of 0013 rebuild only when the dossier row and its stored events agree
-- (the row's version is reached by its events), which is true once per write, after its last row. The trigger on
-- dossier updates watches the version too (a dossier row written after its event).
CREATE OR REPLACE FUNCTION dossier_public_on_dossier() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.version <= (SELECT coalesce(max(e.seq), 0) FROM dossier_event e WHERE e.dossier_id = NEW.id) THEN
        PERFORM dossier_public_refresh(NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION dossier_public_on_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.seq >= (SELECT d.version FROM dossier d WHERE d.id = NEW.dossier_id) THEN
        PERFORM dossier_public_refresh(NEW.dossier_id);
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER dossier_public_on_update ON dossier;
CREATE TRIGGER dossier_public_on_update
AFTER UPDATE OF code, lookup_key, agency, resolving_agency, procedure_code, procedure_version, channel, status,
                received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, timeliness, state,
                received_by, service_mode, submitted_at, version
ON dossier
FOR EACH ROW EXECUTE FUNCTION dossier_public_on_dossier();
