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
    const std::string& path() const { return path_; }

private:
    std::filesystem::path dir_;
    std::string path_;
    std::unique_ptr<storage::Database> db_;
};

}  // namespace motcua::test
