-- PostgreSQL dialect of 0031_procedure_result_required.sql (decision 0036): whether a procedure version's result is
-- a document (its body names a `result_type`), kept beside the body (decision 0051) by a row trigger that sets it
-- before every insert and update, with the expression the reports use on the body.
ALTER TABLE procedure_version ADD COLUMN result_required INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION procedure_version_result_required() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.result_required := CASE WHEN coalesce(json_extract(NEW.body, '$.result_type'), '') <> '' THEN 1 ELSE 0 END;
    RETURN NEW;
END
$$;

CREATE TRIGGER procedure_version_result_required BEFORE INSERT OR UPDATE ON procedure_version
FOR EACH ROW EXECUTE FUNCTION procedure_version_result_required();

UPDATE procedure_version SET result_required = CASE WHEN coalesce(json_extract(body, '$.result_type'), '') <> ''
                                                    THEN 1 ELSE 0 END;
