#include "storage/bulk_load.hpp"

#include <nlohmann/json.hpp>

namespace motcua::storage {
namespace {

// The indexes the schema created (SQLite's automatic ones, for PRIMARY KEY and UNIQUE, have no SQL).
constexpr std::string_view kSecondaryIndexesSqlite =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN (SELECT value FROM json_each(?1)) ORDER BY name";
constexpr std::string_view kSecondaryIndexesPostgres =
    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relnamespace = current_schema()::regnamespace "
    "AND NOT x.indisunique AND NOT x.indisprimary AND t.relname IN (SELECT value FROM json_each(?1)) "
    "ORDER BY i.relname";

bool is_sqlite(const Database& db) { return db.dialect() == Dialect::sqlite; }

}  // namespace

void begin_bulk_load(Database& db) {
    if (is_sqlite(db)) {
        db.exec("PRAGMA journal_mode = MEMORY");
        db.exec("PRAGMA synchronous = OFF");
        db.exec("PRAGMA cache_size = -1048576");
    } else {
        db.exec("SET synchronous_commit = off");
    }
}

void end_bulk_load(Database& db) {
    if (is_sqlite(db)) db.exec("PRAGMA journal_mode = WAL");
    else db.exec("RESET synchronous_commit");
}

std::vector<std::string> drop_secondary_indexes(Database& db, const std::vector<std::string>& tables) {
    std::vector<std::string> names;
    std::vector<std::string> definitions;
    {
        Statement q = db.prepare(is_sqlite(db) ? kSecondaryIndexesSqlite : kSecondaryIndexesPostgres);
        q.bind(1, nlohmann::json(tables).dump());
        while (q.step()) {
            names.push_back(q.text(0));
            definitions.push_back(q.text(1));
        }
    }
    for (const std::string& name : names) db.exec("DROP INDEX \"" + name + "\"");
    return definitions;
}

void create_indexes(Database& db, const std::vector<std::string>& definitions) {
    for (const std::string& sql : definitions) db.exec(sql);
}

}  // namespace motcua::storage
