#pragma once
// A bulk load of dossiers into one database (the demo generator, `motcua demo`): what the load sets aside while it
// runs and puts back at the end, so that every row ends up exactly as the normal write path leaves it
// (docs/performance.md, "Demo generation").
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace motcua::storage {

/// Sets the connection up for a bulk load and drops the secondary indexes of dossiers and intake records,
/// remembering their definitions; finish() builds them again (one sort each instead of a random insert per row).
///
/// SQLite: no fsync, rollback journal in memory, a large page cache; the triggers that keep the citizen's view
/// (`dossier_public_on_*`, schema 0013/0021) are dropped too, and the caller calls fill_public() for every batch,
/// which writes each dossier's view once instead of once per event; finish() recreates the triggers and puts the
/// journal back to WAL. PostgreSQL: commits without waiting for the flush (this session only); the triggers stay
/// and keep the view as they always do (fill_public does nothing).
///
/// A load interrupted by a crash leaves a database without those indexes (and, on SQLite, triggers): a demo
/// database is generated again, never repaired.
class BulkLoad final {
public:
    /// SQLite's rollback journal during the load: in memory (a crash may leave the file inconsistent), or none at
    /// all, only for a new file that no one else opens and that the caller renames into place once complete (a
    /// savepoint can then not be rolled back either: the load must not rely on one).
    enum class Journal { memory, none };
    explicit BulkLoad(Database& db, Journal journal = Journal::memory);
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;
    /// Puts the connection's durable settings back if finish() was not reached.
    ~BulkLoad();

    /// Writes the citizen's view and Open311 request of the dossiers with ids in [first, last] from the one SQL
    /// definition (views dossier_public_view and dossier_open311_view), as the triggers would have left them after
    /// the dossier's last event: once per dossier instead of once per event. In the caller's transaction.
    void fill_public(std::int64_t first, std::int64_t last);

    /// Builds the dropped indexes, recreates the triggers and restores the durable settings.
    void finish();

private:
    void restore_settings();
    Database& db_;
    std::vector<std::string> index_sql_;
    std::vector<std::string> trigger_sql_;
    bool finished_ = false;
};

}  // namespace motcua::storage
