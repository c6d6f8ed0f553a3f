#include "storage/bulk_load.hpp"

namespace motcua::storage {
namespace {

// The secondary indexes of the two tables a demo fills row by row, and those of events and payments that no
// statement of the load reads (decision 0052; payment_dossier and dossier_fee_dossier stay: the 766 facts are read
// by dossier). The unique ones declared in CREATE TABLE (dossier codes, audit hashes) cannot be dropped and stay:
// they check the load. The unique payment indexes (?1 = 1) are set aside only in a new work file, and check the
// load when they are built again: a duplicate then fails a file that is never put into place, whereas a demo added
// to an existing database keeps them, so that it can never be left without them.
constexpr std::string_view kLoadIndexes =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND (tbl_name IN ('dossier', 'intake_record') OR name IN ('dossier_event_apology_facts', 'payment_method_at') "
    "OR (?1 = 1 AND name IN ('payment_receipt_no', 'payment_gateway_transaction'))) ORDER BY name";
constexpr std::string_view kLoadIndexesPg =
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
    "AND tablename IN ('dossier', 'intake_record') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";
// The triggers that rebuild a dossier's stored view after each insert, event and update (schema 0013, 0021).
constexpr std::string_view kViewTriggers =
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dossier_public_on_%' ORDER BY name";
// The citizen's view rows of a range of new dossiers as the SQL views compute them: what each trigger writes (the same
// SELECT as the triggers'). fill_public inserts them with one statement (kIntoPublic + kReadPublic); read_committed
// reads them on another connection and write_committed inserts them row by row (kInsertPublic).
constexpr std::string_view kReadPublic =
    "SELECT v.id, v.code, v.lookup_key, v.status, v.resolving_agency, v.document, o.document "
    "FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id WHERE v.id BETWEEN ?1 AND ?2 "
    "ORDER BY v.id";
constexpr std::string_view kIntoPublic =
    "INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311) ";
constexpr std::string_view kInsertPublic =
    "INSERT INTO dossier_public (id, code, lookup_key, status, resolving_agency, document, open311) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

BulkLoad::BulkLoad(Database& db, Journal journal) : db_(db) {
    const bool sqlite = db_.dialect() == Dialect::sqlite;
    if (sqlite) {
        // Pages go to the file once, not to the WAL and then the file; without a journal, not even to memory.
        db_.exec(journal == Journal::none ? "PRAGMA journal_mode = OFF" : "PRAGMA journal_mode = MEMORY");
        db_.exec("PRAGMA synchronous = OFF");
        // 2 GiB of page cache for the unique indexes (codes, hashes), whose inserts land anywhere in them: at 1 M
        // dossiers the audit hashes alone take about 0.5 GB, and the table pages written once push them out.
        db_.exec("PRAGMA cache_size = -2097152");
        db_.exec("PRAGMA temp_store = MEMORY");     // the sorts of the index builds in finish()
        // Every row the load writes names a row it wrote just before (ids it was given back): checking each
        // reference is a B-tree search per row for nothing. The test of the demo runs PRAGMA foreign_key_check.
        db_.exec("PRAGMA foreign_keys = OFF");
    } else {
        db_.exec("SET synchronous_commit TO off");  // this session only; the WAL keeps the database consistent
    }
    std::vector<std::string> indexes;
    std::vector<std::string> triggers;
    {
        Statement q = db_.prepare(sqlite ? kLoadIndexes : kLoadIndexesPg);
        if (sqlite) q.bind(1, journal == Journal::none ? 1 : 0);
        while (q.step()) {
            indexes.push_back(q.text(0));
            index_sql_.push_back(q.text(1));
        }
        if (sqlite) {
            Statement t = db_.prepare(kViewTriggers);
            while (t.step()) {
                triggers.push_back(t.text(0));
                trigger_sql_.push_back(t.text(1));
            }
        }
    }
    for (const std::string& name : indexes) db_.exec("DROP INDEX " + quoted(name));
    for (const std::string& name : triggers) db_.exec("DROP TRIGGER " + quoted(name));
}

BulkLoad::~BulkLoad() {
    if (finished_) return;
    try {
        restore_settings();
    } catch (...) {  // the connection is closing anyway
    }
}

void BulkLoad::fill_public(std::int64_t first, std::int64_t last) {
    if (trigger_sql_.empty()) return;  // PostgreSQL (its triggers stay), or a schema without the stored view
    db_.prepare(std::string(kIntoPublic) + std::string(kReadPublic)).bind(1, first).bind(2, last).run();
}

BulkLoad::CommittedBatch BulkLoad::read_committed(Database& reader, std::int64_t first, std::int64_t last) {
    CommittedBatch batch;
    reader.exec("BEGIN");  // one snapshot (and one page cache) for every read of the range
    try {
        Statement s = reader.prepare(kReadPublic);
        s.bind(1, first).bind(2, last);
        while (s.step())
            batch.rows.push_back(
                PublicRow{s.int64(0), s.text(1), s.text(2), s.int64(3), s.text(4), s.text(5), s.text(6)});
        s.reset();
        for (std::int64_t id = first; id <= last; ++id) batch.counts.add_stored(reader, id, +1);
    } catch (...) {
        try {
            reader.exec("ROLLBACK");
        } catch (...) {  // the read's own error is the one to report
        }
        throw;
    }
    reader.exec("COMMIT");
    return batch;
}

void BulkLoad::write_committed(CommittedBatch& batch) {
    for (const PublicRow& r : batch.rows) {
        db_.prepare(kInsertPublic)
            .bind(1, r.id)
            .bind(2, r.code)
            .bind(3, r.lookup_key)
            .bind(4, r.status)
            .bind(5, r.resolving_agency)
            .bind(6, r.document)
            .bind(7, r.open311)
            .run();
    }
    batch.counts.apply(db_);
}

void BulkLoad::finish() {
    if (finished_) return;
    finished_ = true;
    for (const std::string& sql : index_sql_) db_.exec(sql);
    for (const std::string& sql : trigger_sql_) db_.exec(sql);
    restore_settings();
}

void BulkLoad::restore_settings() {
    if (db_.dialect() == Dialect::sqlite) {
        db_.exec("PRAGMA journal_mode = WAL");  // back to what every other connection expects
        db_.exec("PRAGMA synchronous = FULL");
        db_.exec("PRAGMA foreign_keys = ON");
        db_.exec("PRAGMA temp_store = DEFAULT");
    } else {
        db_.exec("SET synchronous_commit TO on");
    }
}

}  // namespace motcua::storage
