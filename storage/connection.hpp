#pragma once
// The engine side of storage::Database (private to storage/): one connection and its prepared statements, for
// SQLite (sqlite_connection.cpp) or PostgreSQL over libpq (pg_connection.cpp). Database, Statement and Transaction
// are the only users; stores never see these types.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "storage/database.hpp"

struct sqlite3;

namespace motcua::storage::detail {

/// One prepared statement. Parameters by 1-based index, columns by 0-based index.
class Prepared {
public:
    virtual ~Prepared() = default;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_double(int index, double value) = 0;
    virtual void bind_null(int index) = 0;
    /// True when a row is available.
    virtual bool step() = 0;
    /// Ready to run again, with no parameters bound.
    virtual void reset() = 0;
    [[nodiscard]] virtual std::int64_t int64(int column) const = 0;
    [[nodiscard]] virtual double real(int column) const = 0;
    [[nodiscard]] virtual std::string text(int column) const = 0;
    /// The text without a copy (empty for NULL), valid until the next step or reset, the statement's end, or
    /// another read of the same column as another type.
    [[nodiscard]] virtual std::string_view text_view(int column) const = 0;
    [[nodiscard]] virtual bool is_null(int column) const = 0;
};

class Connection {
public:
    virtual ~Connection() = default;
    [[nodiscard]] virtual Dialect dialect() const = 0;
    virtual void exec(std::string_view sql) = 0;
    [[nodiscard]] virtual std::unique_ptr<Prepared> prepare(std::string_view sql) = 0;
    /// Opens the transaction every write runs in: the engine's writers are serialised from here to COMMIT.
    virtual void begin_write() = 0;
    [[nodiscard]] virtual std::int64_t last_insert_rowid() const = 0;
    [[nodiscard]] virtual int changes() const = 0;
    [[nodiscard]] virtual bool in_autocommit() const = 0;
    /// Held from construction to destruction of a MigrationLock (PostgreSQL: a session advisory lock).
    virtual void lock_schema(bool locked) = 0;
    [[nodiscard]] virtual sqlite3* sqlite_handle() const { return nullptr; }
};

[[nodiscard]] std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only);
[[nodiscard]] std::unique_ptr<Connection> open_postgresql(const std::string& url, bool read_only);

}  // namespace motcua::storage::detail
