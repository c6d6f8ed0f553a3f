-- Whether a procedure version's result is a document (its body names a `result_type`), kept beside the body
-- (decision 0051). The 766 facts read back after every intake took it with json_extract from the body, i.e. parsed
-- the whole body (1.6–2.9 KB) for one field: about 34 k instructions of the group-commit writer per intake. Kept by
-- triggers, so by whoever writes a version (the catalogue routes, `motcua import`, the demo loader, a direct edit),
-- with the expression the reports use on the body (storage/report_store.cpp), which they still read: the 766
-- counters, taken from this column, are checked against a recount from the body.
ALTER TABLE procedure_version ADD COLUMN result_required INTEGER NOT NULL DEFAULT 0;
UPDATE procedure_version SET result_required = coalesce(json_extract(body, '$.result_type'), '') <> '';

CREATE TRIGGER procedure_version_result_required_insert AFTER INSERT ON procedure_version
BEGIN
    UPDATE procedure_version SET result_required = coalesce(json_extract(NEW.body, '$.result_type'), '') <> ''
    WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER procedure_version_result_required_update AFTER UPDATE OF body, result_required ON procedure_version
WHEN NEW.result_required IS NOT (coalesce(json_extract(NEW.body, '$.result_type'), '') <> '')
BEGIN
    UPDATE procedure_version SET result_required = coalesce(json_extract(NEW.body, '$.result_type'), '') <> ''
    WHERE rowid = NEW.rowid;
END;
