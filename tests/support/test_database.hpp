#pragma once
// Where a test's database lives. By default a SQLite file in the test's temporary directory. When the environment
// names a PostgreSQL server (MOTCUA_TEST_POSTGRESQL=postgresql://user@host:port/postgres, set by ctest for the
// "pg/" copies of the storage and HTTP suites, scripts/pg-cluster.sh starts the throwaway cluster), a fresh database
// on that server instead: copied from a migrated template database that the first test builds (under an advisory
// lock, so concurrent test processes build it once), or from template0 when the test wants an empty one.
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace motcua::test {

/// The PostgreSQL server URL the tests run against, or "" for SQLite.
inline std::string postgresql_server() {
    const char* url = std::getenv("MOTCUA_TEST_POSTGRESQL");
    return url != nullptr ? std::string(url) : std::string();
}

/// `server` (a URL ending in /DBNAME, maybe with ?options) with another database name.
inline std::string with_database(const std::string& server, const std::string& name) {
    const auto query = server.find('?');
    const std::string base = server.substr(0, query);
    const auto slash = base.rfind('/');
    return base.substr(0, slash + 1) + name + (query == std::string::npos ? "" : server.substr(query));
}

/// A name no other test process will pick.
inline std::string unique_database_name() {
    std::random_device rd;
    return "motcua_t" + std::to_string(rd()) + std::to_string(rd());
}

/// The name of the migrated template for this binary's migrations (a new schema gets a new template).
inline std::string template_name() {
    std::size_t h = 0;
    for (const auto& f : storage::embedded_migrations())
        h = h * 31 + std::hash<std::string_view>{}(f.name) * 7 + std::hash<std::string_view>{}(f.content);
    return "motcua_template_" + std::to_string(h % 1000000007);
}

/// Creates a fresh PostgreSQL database on `server` (migrated or empty) and returns its URL.
inline std::string create_postgresql_database(const std::string& server, bool migrated) {
    storage::Database admin(server);
    const std::string name = unique_database_name();
    if (!migrated) {
        admin.exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        return with_database(server, name);
    }
    const std::string tpl = template_name();
    admin.exec("SELECT pg_advisory_lock(120490289182099)");
    try {
        auto has = admin.prepare("SELECT count(*) FROM pg_database WHERE datname = ?1");
        has.bind(1, tpl);
        has.step();
        if (has.int64(0) == 0) {
            const std::string building = tpl + "_building";
            admin.exec("DROP DATABASE IF EXISTS " + building);
            admin.exec("CREATE DATABASE " + building +
                       " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
            {
                storage::Database db(with_database(server, building));
                storage::migrate(db, core::Timestamp{std::chrono::seconds{1773104400}});  // 2026-03-10T08:00+07
            }
            admin.exec("ALTER DATABASE " + building + " RENAME TO " + tpl);
        }
        has.reset();
        admin.exec("CREATE DATABASE " + name + " TEMPLATE " + tpl);
    } catch (...) {
        admin.exec("SELECT pg_advisory_unlock(120490289182099)");
        throw;
    }
    admin.exec("SELECT pg_advisory_unlock(120490289182099)");
    return with_database(server, name);
}

/// Where a test in `dir` keeps its database: `dir/file_name` (SQLite), or a fresh migrated-on-open PostgreSQL
/// database (empty: the application migrates it as it would a new file) when the tests run against PostgreSQL.
inline std::string database_in(const std::filesystem::path& dir, const std::string& file_name = "m.db") {
    const std::string server = postgresql_server();
    if (server.empty()) return (dir / file_name).string();
    return create_postgresql_database(server, true);
}

}  // namespace motcua::test
