// The SQLite engine of storage::Database.
#include <sqlite3.h>

#include "storage/connection.hpp"

namespace motcua::storage::detail {
namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view what) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw StorageError(extended, std::string(what) + ": " + message);
}

class SqlitePrepared final : public Prepared {
public:
    SqlitePrepared(sqlite3* db, std::string_view sql) : db_(db) {
        const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                          &stmt_, nullptr);
        if (rc != SQLITE_OK) throw_error(db, rc, "cannot prepare statement");
    }
    ~SqlitePrepared() override { sqlite3_finalize(stmt_); }
    SqlitePrepared(const SqlitePrepared&) = delete;
    SqlitePrepared& operator=(const SqlitePrepared&) = delete;

    void bind_int64(int index, std::int64_t value) override { check(sqlite3_bind_int64(stmt_, index, value)); }
    void bind_text(int index, std::string_view value) override {
        check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    void bind_double(int index, double value) override { check(sqlite3_bind_double(stmt_, index, value)); }
    void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }
    bool step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw_error(db_, rc, "statement failed");
    }
    void reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
    double real(int column) const override { return sqlite3_column_double(stmt_, column); }
    bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string_view text_view(int column) const override {
        const auto* p = sqlite3_column_text(stmt_, column);
        const int n = sqlite3_column_bytes(stmt_, column);
        return p == nullptr ? std::string_view()
                            : std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }
    std::string text(int column) const override {
        const auto* p = sqlite3_column_text(stmt_, column);
        const int n = sqlite3_column_bytes(stmt_, column);
        return p == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// SQLite's memory statistics off, before the library initialises (process-wide, once): with them on, every
// allocation SQLite makes takes a global mutex to keep counts that motcua never reads (decision 0052).
void configure_sqlite_once() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised: then it stays on
        return sqlite3_initialize() == SQLITE_OK;
    }();
    (void)configured;
}

class SqliteConnection final : public Connection {
public:
    SqliteConnection(const std::string& path, bool read_only) {
        configure_sqlite_once();
        const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close(db_);
            db_ = nullptr;
            throw StorageError(rc, "cannot open database " + path + ": " + message);
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, 5000);
        exec("PRAGMA foreign_keys = ON");
        if (!read_only) {
            exec("PRAGMA journal_mode = WAL");
            exec("PRAGMA synchronous = FULL");
        }
    }
    ~SqliteConnection() override { sqlite3_close_v2(db_); }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Dialect dialect() const override { return Dialect::sqlite; }
    void exec(std::string_view sql) override {
        char* error = nullptr;
        const std::string text(sql);
        const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
        if (rc != SQLITE_OK) {
            std::string message = error != nullptr ? error : sqlite3_errstr(rc);
            sqlite3_free(error);
            throw StorageError(sqlite3_extended_errcode(db_), "SQL failed: " + message);
        }
    }
    std::unique_ptr<Prepared> prepare(std::string_view sql) override {
        return std::make_unique<SqlitePrepared>(db_, sql);
    }
    void begin_write() override { exec("BEGIN IMMEDIATE"); }
    std::int64_t last_insert_rowid() const override { return sqlite3_last_insert_rowid(db_); }
    int changes() const override { return sqlite3_changes(db_); }
    bool in_autocommit() const override { return sqlite3_get_autocommit(db_) != 0; }
    void lock_schema(bool) override {}
    sqlite3* sqlite_handle() const override { return db_; }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only) {
    return std::make_unique<SqliteConnection>(path, read_only);
}

}  // namespace motcua::storage::detail
