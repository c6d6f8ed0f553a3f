-- PostgreSQL dialect of 0030_catalogue_generation.sql (decision 0036): the catalogue's generation (decision 0047),
-- one row whose value changes with every change to the agencies or the procedure versions, by whoever makes it.
-- Here the value is drawn from a sequence: nextval never hands out a value twice, even when the transaction that
-- drew it rolls back, which is what SQLite's random value gives there. Statement triggers: one new value per
-- statement is enough, and a TRUNCATE changes it too.
CREATE SEQUENCE catalogue_generation_seq;
CREATE TABLE catalogue_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalogue_generation (id, generation) VALUES (1, nextval('catalogue_generation_seq'));

CREATE FUNCTION catalogue_generation_next() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE catalogue_generation SET generation = nextval('catalogue_generation_seq') WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalogue_generation_agency AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_next();
CREATE TRIGGER catalogue_generation_procedure AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedure_version
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_generation_next();
