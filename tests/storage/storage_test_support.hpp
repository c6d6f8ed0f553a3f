#pragma once
// A fresh, migrated database per test: a SQLite file in a temporary directory removed afterwards, or, when the
// suite runs against PostgreSQL (tests/support/test_database.hpp), a fresh database on the test server.
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "tests/support/builders.hpp"
#include "tests/support/test_database.hpp"

namespace motcua::test {

class TempDatabase {
public:
    explicit TempDatabase(bool migrated = true) {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() / ("motcua-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        const std::string server = postgresql_server();
        if (server.empty()) {
            path_ = (dir_ / "test.db").string();
            db_ = std::make_unique<storage::Database>(path_);
            if (migrated) storage::migrate(*db_, instant("2026-03-10T08:00:00+07:00"));
        } else {
            path_ = create_postgresql_database(server, migrated);
            db_ = std::make_unique<storage::Database>(path_);
        }
    }
    ~TempDatabase() {
        db_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TempDatabase(const TempDatabase&) = delete;
    TempDatabase& operator=(const TempDatabase&) = delete;

    storage::Database& db() { return *db_; }
    /// The database's path or URL.
    const std::string& path() const { return path_; }
    /// The test's temporary directory (for files next to the database).
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
    std::string path_;
    std::unique_ptr<storage::Database> db_;
};

/// Drops a guard trigger (tests that play an attacker editing the database behind the server's back).
inline void drop_trigger(storage::Database& db, const std::string& name, const std::string& table) {
    db.exec("DROP TRIGGER " + name + (db.dialect() == storage::Dialect::postgresql ? " ON " + table : ""));
}

}  // namespace motcua::test
