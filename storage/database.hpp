#pragma once
// RAII over a database connection: SQLite (a file path) or PostgreSQL (a postgresql:// URL), with our per-connection
// settings, prepared statements, and transactions. Stores write one SQL text for both engines wherever they can
// (docs/decisions/0036, 0037). Infrastructure failures throw StorageError; expected constraint violations are
// reported by the repositories as core::Error values.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;

namespace motcua::storage {

namespace detail {
class Connection;
class Prepared;
}  // namespace detail

class StorageError : public std::runtime_error {
public:
    StorageError(int code, const std::string& what, std::string sqlstate = {})
        : std::runtime_error(what), code_(code), sqlstate_(std::move(sqlstate)) {}
    [[nodiscard]] int code() const { return code_; }  ///< SQLite's extended result code (0 on PostgreSQL)
    [[nodiscard]] const std::string& sqlstate() const { return sqlstate_; }  ///< PostgreSQL's SQLSTATE ("" on SQLite)

private:
    int code_;
    std::string sqlstate_;
};

class Statement;

/// The SQL engine behind a Database. Storage code shares one SQL text between the two wherever it can; the few
/// statements that cannot be shared (row locking, catalogue queries, engine functions) branch on this.
enum class Dialect { sqlite, postgresql };

/// True for a PostgreSQL connection URL (postgresql://... or postgres://...); anything else is a SQLite file path.
[[nodiscard]] bool is_postgresql_url(std::string_view location);
/// Whether there is a database at `location`: the file exists, or the PostgreSQL database accepts a connection.
[[nodiscard]] bool database_exists(const std::string& location);

/// One connection. SQLite: opens (creating if needed) the file and applies foreign_keys=ON, journal_mode=WAL,
/// synchronous=FULL (dossier data is the product: a committed intake must survive a power cut), busy_timeout 5 s.
/// PostgreSQL: connects with libpq to the URL (the database must exist; `motcua` never creates one).
class Database final {
public:
    explicit Database(const std::string& location, bool read_only = false);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs SQL without results (several statements allowed). For fixed SQL only: values must be bound.
    void exec(std::string_view sql);
    /// A statement for `sql`, taken from this connection's cache (keyed by the SQL text) when it is there and not
    /// in use; prepared and cached otherwise. The statement goes back to the cache, reset and unbound, when the
    /// Statement is destroyed. Two live Statements of the same text are fine: the second one is not cached.
    /// `?N` and `?` placeholders work on both engines.
    [[nodiscard]] Statement prepare(std::string_view sql);
    /// prepare() for a read that may share one read transaction with the reads before it, until end_read_batch()
    /// (decision 0041: the public lookups answered in one turn of the server's event loop take one snapshot instead
    /// of one each, which cost a lock, an unlock and a file-size check in system calls per lookup). On SQLite outside
    /// any transaction, the first such read opens one (BEGIN, deferred: a read). Every other use of the connection
    /// (prepare, exec, begin_write) ends it first, so that only these reads ever run in it and no write can join it;
    /// in_autocommit() does not see it. Inside another transaction, or on PostgreSQL, it is prepare().
    [[nodiscard]] Statement prepare_batched_read(std::string_view sql);
    /// Ends the shared read transaction of prepare_batched_read, if one is open (nothing was written in it). Throws
    /// StorageError if SQLite refuses (the transaction is then forgotten all the same).
    void end_read_batch();
    /// How many statements the cache holds (for tests and diagnostics).
    [[nodiscard]] std::size_t cached_statements() const { return cache_.size(); }
    /// SQLite only (throws on PostgreSQL): an insert whose id is needed is an InsertReturningId (returning.hpp).
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    /// Rows changed by the last INSERT, UPDATE or DELETE run on this connection.
    [[nodiscard]] int changes() const;
    /// True when no transaction is open on this connection (a shared read of prepare_batched_read does not count:
    /// whatever comes next ends it).
    [[nodiscard]] bool in_autocommit() const;
    /// Opens a write transaction: SQLite's BEGIN IMMEDIATE; on PostgreSQL BEGIN and the database-wide writer lock,
    /// so that writes from every node are serialised as SQLite serialises them (decision 0037).
    void begin_write();
    /// For the connection that runs batches of writes, each in its own savepoint (storage/group_commit). SQLite
    /// keeps a statement journal per savepoint in a temporary file by default; this keeps temporary data in
    /// memory instead (`temp_store = MEMORY`): 15–20 % less CPU per intake at 1 M dossiers (docs/performance.md).
    /// Not for connections that run reports: their large sorts would then stay in memory. PostgreSQL: nothing
    /// to do (savepoints live in its WAL).
    void tune_for_batched_writes();
    /// The sqlite3 handle (SQLite backup API); nullptr on PostgreSQL.
    [[nodiscard]] sqlite3* handle() const;
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] Dialect dialect() const { return dialect_; }

private:
    friend class Statement;
    friend class MigrationLock;
    struct CachedStatement {
        CachedStatement(std::unique_ptr<detail::Prepared> s);
        CachedStatement(CachedStatement&&) noexcept;
        ~CachedStatement();
        std::unique_ptr<detail::Prepared> stmt;
        bool in_use = false;
    };
    // Looked up by the SQL text as a string_view: a cache hit (every statement of a request after the first one of
    // its kind) copies nothing.
    struct SqlHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
    };
    [[nodiscard]] Statement cached(std::string_view sql);

    std::unique_ptr<detail::Connection> conn_;
    std::string path_;
    Dialect dialect_;
    bool read_batch_ = false;  ///< a transaction opened by prepare_batched_read is open
    std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

/// A prepared statement. Bind by 1-based index, step, read columns by 0-based index.
class Statement final {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Advances: true when a row is available, false when done. Throws StorageError on failure
    /// (is_unique_violation and is_foreign_key_violation tell constraint violations apart).
    bool step();
    /// Runs to completion (for statements without rows).
    void run();
    void reset();

    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] int int32(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::string text(int column) const;
    /// The text without a copy (empty for NULL): valid until the next step() or reset(), the statement's end, or
    /// another read of the same column as another type (SQLite converts in place). For hot loops that parse a
    /// column (an instant, a code) rather than keep it.
    [[nodiscard]] std::string_view text_view(int column) const;
    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;

private:
    friend class Database;
    Statement(detail::Prepared* cached, bool* in_use);

    std::unique_ptr<detail::Prepared> owned_;  ///< a private copy (the cached one was in use)
    detail::Prepared* stmt_ = nullptr;
    bool* in_use_ = nullptr;  ///< the cache entry's flag when the statement is borrowed from the cache
};

/// A write transaction (Database::begin_write ... COMMIT), rolled back if not committed (by exception or early
/// return). Inside a transaction that is already open (a group commit batch, storage/group_commit.hpp) it is a
/// SAVEPOINT instead: commit() releases it into the enclosing transaction, and leaving without commit() rolls back
/// only its own changes. The outer transaction decides durability.
class Transaction final {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool nested_ = false;
    bool done_ = false;
};

/// Held while migrations run, so that several nodes starting at once on one PostgreSQL database apply each
/// migration once (a session advisory lock; nothing on SQLite, where each migration's BEGIN IMMEDIATE suffices).
class MigrationLock final {
public:
    explicit MigrationLock(Database& db);
    ~MigrationLock();
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

private:
    Database& db_;
};

/// True when `e` is a UNIQUE or PRIMARY KEY constraint violation.
[[nodiscard]] bool is_unique_violation(const StorageError& e);
/// True when `e` is a FOREIGN KEY constraint violation.
[[nodiscard]] bool is_foreign_key_violation(const StorageError& e);

}  // namespace motcua::storage
