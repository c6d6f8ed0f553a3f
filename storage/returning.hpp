#pragma once
// INSERT ... RETURNING id: the new row's id on SQLite and PostgreSQL alike (decision 0036: libpq has no
// last_insert_rowid, and a RETURNING clause is valid on both engines).
#include <cstdint>

#include "storage/database.hpp"

namespace motcua::storage {

/// Runs `insert` (an INSERT ... RETURNING id of one row) to completion and returns that id. Running it to the end
/// matters on SQLite: a write statement left mid-way keeps the transaction from committing.
inline std::int64_t returned_id(Statement& insert) {
    if (!insert.step()) throw StorageError(0, "INSERT ... RETURNING id returned no row");
    const std::int64_t id = insert.int64(0);
    while (insert.step()) {
    }
    return id;
}

}  // namespace motcua::storage
