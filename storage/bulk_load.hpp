#pragma once
// Bulk loading (the demo generator, docs/performance.md): connection settings for a big load, and the secondary
// indexes dropped for it and built again at the end (one sort per index instead of a random insert per row). The
// SQL for both engines lives here (decision 0036); the caller decides what to load.
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace motcua::storage {

/// Settings for a bulk load on this connection. SQLite: pages go to the file once (journal in memory), no fsync, a
/// 1 GiB page cache for the unique indexes that stay; PostgreSQL: commits do not wait for the WAL flush (this
/// session only). A load that a crash interrupts is generated again.
void begin_bulk_load(Database& db);
/// Back to the settings every other connection expects (SQLite: WAL; PostgreSQL: synchronous commits).
void end_bulk_load(Database& db);

/// Drops the indexes of `tables` that are neither a primary key nor unique (those check the load, so they stay) and
/// returns the statements that create them again, from the definitions the schema gave them.
[[nodiscard]] std::vector<std::string> drop_secondary_indexes(Database& db, const std::vector<std::string>& tables);
/// Runs the statements drop_secondary_indexes returned.
void create_indexes(Database& db, const std::vector<std::string>& definitions);

}  // namespace motcua::storage
