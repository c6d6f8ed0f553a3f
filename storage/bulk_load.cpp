#include "storage/bulk_load.hpp"

#include <nlohmann/json.hpp>

namespace motcua::storage {
namespace {

// The secondary indexes of a set of tables (a JSON array), with the SQL that creates each.
constexpr std::string_view kSqliteIndexes =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN (SELECT value FROM json_each(?1)) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
constexpr std::string_view kPgIndexes =
    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
    "AND i.tablename IN (SELECT value FROM json_each(?1)) AND i.indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY 1";

}  // namespace

BulkLoad::BulkLoad(Database& db, const std::vector<std::string>& tables) : db_(db) {
    if (db_.dialect() == Dialect::sqlite) {
        db_.exec("PRAGMA journal_mode = MEMORY");  // pages go to the file once, not to the WAL and then the file
        db_.exec("PRAGMA synchronous = OFF");
        db_.exec("PRAGMA cache_size = -1048576");  // 1 GiB of page cache for the unique indexes (codes, hashes)
    } else {
        db_.exec("SET synchronous_commit TO off");  // this session only; the WAL still keeps the database consistent
    }
    Statement q = db_.prepare(db_.dialect() == Dialect::sqlite ? kSqliteIndexes : kPgIndexes);
    q.bind(1, nlohmann::json(tables).dump());
    std::vector<std::string> names;
    while (q.step()) {
        names.push_back(q.text(0));
        index_sql_.push_back(q.text(1));
    }
    q.reset();
    for (const std::string& name : names) db_.exec("DROP INDEX \"" + name + "\"");
}

void BulkLoad::finish() {
    for (const std::string& sql : index_sql_) db_.exec(sql);
    restore_settings();
    finished_ = true;
}

BulkLoad::~BulkLoad() {
    if (finished_) return;
    try {
        restore_settings();
    } catch (...) {  // the connection is closing anyway
    }
}

void BulkLoad::restore_settings() {
    if (db_.dialect() == Dialect::sqlite) {
        db_.exec("PRAGMA journal_mode = WAL");  // back to what every other connection expects
        db_.exec("PRAGMA synchronous = FULL");
    } else {
        db_.exec("SET synchronous_commit TO on");
    }
}

}  // namespace motcua::storage
