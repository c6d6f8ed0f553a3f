-- The citizen's view (schema 0013/0021, decision 0026) rebuilt once per write instead of once per row written
-- (decision 0044). A write stores the dossier row with its version (the number of events it has, core::Dossier::
-- version) and then its events, or updates the row and then adds its event; the triggers of 0021 rebuilt the view
-- after each of those rows, so an intake paid two rebuilds and a lifecycle action two or three, all but the last
-- one thrown away. Now each trigger rebuilds only when the dossier row and its stored events agree — the row's
-- version is reached by the events stored — which is true once per write, after its last row, in whichever order
-- the rows come: the dossier row last (an update whose event was stored first, a change of a public column that
-- adds no event, a dossier without events), or its last event last (every write of storage/dossier_store.cpp).
-- The documents do not change; tests/http/public_view_test.cpp compares the stored view with a full rebuild after
-- every kind of write.
DROP TRIGGER dossier_public_on_insert;
DROP TRIGGER dossier_public_on_update;
DROP TRIGGER dossier_public_on_event;

CREATE TRIGGER dossier_public_on_insert AFTER INSERT ON dossier
WHEN NEW.version <= (SELECT coalesce(max(e.seq), 0) FROM dossier_event e WHERE e.dossier_id = NEW.id)
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;

CREATE TRIGGER dossier_public_on_update
AFTER UPDATE OF code, lookup_key, agency, resolving_agency, procedure_code, procedure_version, channel, status,
                received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, timeliness, state,
                received_by, service_mode, submitted_at, version
ON dossier
WHEN NEW.version <= (SELECT coalesce(max(e.seq), 0) FROM dossier_event e WHERE e.dossier_id = NEW.id)
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;

CREATE TRIGGER dossier_public_on_event AFTER INSERT ON dossier_event
WHEN NEW.seq >= (SELECT d.version FROM dossier d WHERE d.id = NEW.dossier_id)
BEGIN
    INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311)
    SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document
    FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id = NEW.dossier_id
    ON CONFLICT (id) DO UPDATE SET code = excluded.code, lookup_key = excluded.lookup_key, status = excluded.status,
                                   resolving_agency = excluded.resolving_agency, document = excluded.document,
                                   open311 = excluded.open311;
END;
