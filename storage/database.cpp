#include "storage/database.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "storage/connection.hpp"

namespace motcua::storage {

bool is_postgresql_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

bool database_exists(const std::string& location) {
    if (!is_postgresql_url(location)) return std::filesystem::exists(location);
    try {
        Database probe(location, true);
        return true;
    } catch (const StorageError&) {
        return false;
    }
}

Database::Database(const std::string& location, bool read_only)
    : conn_(is_postgresql_url(location) ? detail::open_postgresql(location, read_only)
                                        : detail::open_sqlite(location, read_only)),
      path_(location),
      dialect_(conn_->dialect()) {}

Database::~Database() {
    cache_.clear();  // statements before their connection
    conn_.reset();
}

void Database::exec(std::string_view sql) {
    end_read_batch();
    conn_->exec(sql);
}

Statement Database::prepare(std::string_view sql) {
    end_read_batch();
    return cached(sql);
}

Statement Database::prepare_batched_read(std::string_view sql) {
    if (!read_batch_ && dialect_ == Dialect::sqlite && conn_->in_autocommit()) {
        conn_->exec("BEGIN");
        read_batch_ = true;
    }
    return cached(sql);
}

void Database::end_read_batch() {
    if (!read_batch_) return;
    read_batch_ = false;
    conn_->exec("COMMIT");
}

Statement Database::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(std::string(sql), CachedStatement(conn_->prepare(sql))).first;
    if (it->second.in_use) return Statement(*this, sql);  // the same SQL twice at once: a private copy
    it->second.in_use = true;
    return Statement(it->second.stmt.get(), &it->second.in_use);
}

std::int64_t Database::last_insert_rowid() const { return conn_->last_insert_rowid(); }

int Database::changes() const { return conn_->changes(); }

bool Database::in_autocommit() const { return read_batch_ || conn_->in_autocommit(); }

void Database::begin_write() {
    end_read_batch();
    conn_->begin_write();
}

void Database::tune_for_batched_writes() {
    if (dialect_ == Dialect::sqlite) conn_->exec("PRAGMA temp_store = MEMORY");
}

sqlite3* Database::handle() const { return conn_->sqlite_handle(); }

Database::CachedStatement::CachedStatement(std::unique_ptr<detail::Prepared> s) : stmt(std::move(s)) {}
Database::CachedStatement::CachedStatement(CachedStatement&&) noexcept = default;
Database::CachedStatement::~CachedStatement() = default;

Statement::Statement(detail::Prepared* cached, bool* in_use) : stmt_(cached), in_use_(in_use) {}

Statement::Statement(Database& db, std::string_view sql) : owned_(db.conn_->prepare(sql)), stmt_(owned_.get()) {}

Statement::~Statement() {
    if (in_use_ != nullptr) {  // back to the cache, ready for the next user
        try {
            stmt_->reset();
        } catch (...) {  // a statement that cannot be reset is reset again before its next use
        }
        *in_use_ = false;
    }
}

Statement::Statement(Statement&& other) noexcept
    : owned_(std::move(other.owned_)), stmt_(other.stmt_), in_use_(other.in_use_) {
    other.stmt_ = nullptr;
    other.in_use_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
    stmt_->bind_int64(index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    stmt_->bind_text(index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    stmt_->bind_double(index, value);
    return *this;
}

Statement& Statement::bind_null(int index) {
    stmt_->bind_null(index);
    return *this;
}

bool Statement::step() { return stmt_->step(); }

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() { stmt_->reset(); }

std::int64_t Statement::int64(int column) const { return stmt_->int64(column); }
int Statement::int32(int column) const { return static_cast<int>(stmt_->int64(column)); }
double Statement::real(int column) const { return stmt_->real(column); }
bool Statement::is_null(int column) const { return stmt_->is_null(column); }
std::string Statement::text(int column) const { return stmt_->text(column); }

std::string_view Statement::text_view(int column) const { return stmt_->text_view(column); }

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

Transaction::Transaction(Database& db) : db_(db), nested_(!db.in_autocommit()) {
    if (nested_)
        db_.exec("SAVEPOINT motcua_tx");
    else
        db_.begin_write();
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec(nested_ ? "ROLLBACK TO motcua_tx; RELEASE motcua_tx" : "ROLLBACK");
        } catch (...) {  // a failed rollback leaves the engine to roll back on close; nothing better in a destructor
        }
    }
}

void Transaction::commit() {
    db_.exec(nested_ ? "RELEASE motcua_tx" : "COMMIT");
    done_ = true;
}

MigrationLock::MigrationLock(Database& db) : db_(db) { db_.conn_->lock_schema(true); }

MigrationLock::~MigrationLock() {
    try {
        db_.conn_->lock_schema(false);
    } catch (...) {  // the session lock goes with the connection at worst
    }
}

bool is_unique_violation(const StorageError& e) {
    return e.code() == SQLITE_CONSTRAINT_UNIQUE || e.code() == SQLITE_CONSTRAINT_PRIMARYKEY ||
           e.sqlstate() == "23505";  // unique_violation
}

bool is_foreign_key_violation(const StorageError& e) {
    return e.code() == SQLITE_CONSTRAINT_FOREIGNKEY || e.sqlstate() == "23503";  // foreign_key_violation
}

}  // namespace motcua::storage
