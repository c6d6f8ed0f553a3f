#pragma once
// An INSERT of one row whose new id the caller needs, written once and run in the form each engine does best:
// PostgreSQL runs it as written, `... RETURNING id` (libpq has no last_insert_rowid, decision 0036); SQLite runs it
// without the clause and reads the id from the connection, because SQLite runs a RETURNING clause through a
// temporary table opened and freed on every execution (about a tenth of an audit row's cost, decision 0048).
#include <cstdint>
#include <string_view>

#include "storage/database.hpp"

namespace motcua::storage {

class InsertReturningId {
public:
    static constexpr std::string_view kClause = " RETURNING id";

    /// `sql`: an INSERT ... VALUES of one row ending in " RETURNING id"; anything else does not compile. No
    /// ON CONFLICT, SELECT or DEFAULT VALUES: a row not inserted would leave SQLite's last rowid at an older row's.
    consteval InsertReturningId(std::string_view sql) : sql_(sql) {
        if (!sql.starts_with("INSERT INTO ") || !sql.ends_with(kClause)) throw "an INSERT ... RETURNING id";
        if (sql.find(" VALUES (") == std::string_view::npos || sql.find(" ON CONFLICT") != std::string_view::npos ||
            sql.find("SELECT ") != std::string_view::npos)
            throw "an INSERT ... VALUES of one row, without ON CONFLICT";
    }

    /// The text run on `dialect`.
    [[nodiscard]] constexpr std::string_view text(Dialect dialect) const {
        return dialect == Dialect::sqlite ? sql_.substr(0, sql_.size() - kClause.size()) : sql_;
    }
    [[nodiscard]] Statement prepare(Database& db) const { return db.prepare(text(db.dialect())); }

private:
    std::string_view sql_;
};

/// Runs `insert` to completion and returns the new row's id. Running it to the end matters on SQLite: a write
/// statement left mid-way keeps the transaction from committing.
inline std::int64_t returned_id(Statement& insert) {
    if (!insert.step()) throw StorageError(0, "INSERT ... RETURNING id returned no row");
    const std::int64_t id = insert.int64(0);
    while (insert.step()) {
    }
    return id;
}

/// Runs `insert`, prepared by `InsertReturningId::prepare` on `db`, and returns the new row's id.
inline std::int64_t inserted_id(Database& db, Statement& insert) {
    if (db.dialect() != Dialect::sqlite) return returned_id(insert);
    insert.run();
    // changes() counts the statement's own rows, not those its triggers wrote: one row, or the id would be stale.
    if (db.changes() != 1) throw StorageError(0, "INSERT ... RETURNING id inserted no row");
    return db.last_insert_rowid();
}

}  // namespace motcua::storage
