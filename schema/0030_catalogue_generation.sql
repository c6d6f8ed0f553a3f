-- The catalogue's generation (decision 0047): one row whose value changes with every change to the agencies or the
-- procedure versions, by whoever makes it (the catalogue routes, `motcua import`, the demo loader, a direct edit).
-- A connection keeps what it decoded of the catalogue (the agency list for the scope check, each procedure's newest
-- version) with the generation it was read under, and reads only this row to know that it still holds: every intake
-- read every agency and its procedure before. The value is a fresh random number, not a counter: a change rolled
-- back (a failed item of a group-commit batch, or the whole batch) must not leave a value that a later, different
-- change could give again, or a connection that read the catalogue inside the rolled-back transaction would take its
-- copy for current.
CREATE TABLE catalogue_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO catalogue_generation (id, generation) VALUES (1, random());

CREATE TRIGGER catalogue_generation_agency_insert AFTER INSERT ON agency
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_agency_update AFTER UPDATE ON agency
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_agency_delete AFTER DELETE ON agency
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_procedure_insert AFTER INSERT ON procedure_version
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_procedure_update AFTER UPDATE ON procedure_version
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
CREATE TRIGGER catalogue_generation_procedure_delete AFTER DELETE ON procedure_version
BEGIN
    UPDATE catalogue_generation SET generation = random() WHERE id = 1;
END;
