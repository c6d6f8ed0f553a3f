#pragma once
// RAII over sqlite3: a connection with our per-connection settings, prepared statements, and transactions.
// Infrastructure failures throw StorageError; expected constraint violations are reported by the repositories as
// core::Error values.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace motcua::storage {

class StorageError : public std::runtime_error {
public:
    StorageError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    [[nodiscard]] int code() const { return code_; }  ///< the SQLite extended result code

private:
    int code_;
};

class Statement;

/// The SQL engine behind a Database. Storage code shares one SQL text between the two wherever it can; the few
/// statements that cannot be shared (row locking, engine functions) branch on this.
enum class Dialect { sqlite, postgresql };

/// One connection. Opens (creating if needed) the file and applies: foreign_keys=ON, journal_mode=WAL,
/// synchronous=FULL (dossier data is the product: a committed intake must survive a power cut), busy_timeout 5 s.
class Database final {
public:
    explicit Database(const std::string& path, bool read_only = false);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs SQL without results (several statements allowed). For fixed SQL only: values must be bound.
    void exec(std::string_view sql);
    /// A statement for `sql`, taken from this connection's cache (keyed by the SQL text) when it is there and not
    /// in use; prepared and cached otherwise. The statement goes back to the cache, reset and unbound, when the
    /// Statement is destroyed. Two live Statements of the same text are fine: the second one is not cached.
    [[nodiscard]] Statement prepare(std::string_view sql);
    /// How many statements the cache holds (for tests and diagnostics).
    [[nodiscard]] std::size_t cached_statements() const { return cache_.size(); }
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    /// True when no transaction is open on this connection.
    [[nodiscard]] bool in_autocommit() const;
    [[nodiscard]] sqlite3* handle() const { return db_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] Dialect dialect() const { return Dialect::sqlite; }

private:
    friend class Statement;
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, CachedStatement> cache_;
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

    /// Advances: true when a row is available, false when done. Throws StorageError on failure; the extended code
    /// tells constraint violations apart (SQLITE_CONSTRAINT_UNIQUE ...).
    bool step();
    /// Runs to completion (for statements without rows).
    void run();
    void reset();

    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] int int32(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;

private:
    friend class Database;
    Statement(Database& db, sqlite3_stmt* cached, bool* in_use) : db_(&db), stmt_(cached), in_use_(in_use) {}

    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool* in_use_ = nullptr;  ///< the cache entry's flag when the statement is borrowed from the cache
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed (by exception or early return).
/// Inside a transaction that is already open (a group commit batch, storage/group_commit.hpp) it is a SAVEPOINT
/// instead: commit() releases it into the enclosing transaction, and leaving without commit() rolls back only its
/// own changes. The outer transaction decides durability.
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

/// True when `e` is a UNIQUE or PRIMARY KEY constraint violation.
[[nodiscard]] bool is_unique_violation(const StorageError& e);

}  // namespace motcua::storage
