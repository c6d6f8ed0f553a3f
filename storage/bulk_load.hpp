#pragma once
// A bulk load of dossiers into one database (the demo generator, `motcua demo`): what the load sets aside while it
// runs and puts back at the end, so that every row ends up exactly as the normal write path leaves it
// (docs/performance-history.md, "Demo generation").
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/report_store.hpp"

namespace motcua::storage {

/// Sets the connection up for a bulk load and drops the secondary indexes of dossiers and intake records, and those
/// of events and payments the load never reads (in a new work file also the unique payment indexes), remembering
/// their definitions; finish() builds them again (one sort each instead of a random insert per row).
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

    /// One dossier's row of the citizen's view (dossier_public) as the SQL views compute it.
    struct PublicRow {
        std::int64_t id = 0;
        std::string code;
        std::string lookup_key;
        std::int64_t status = 0;
        std::string resolving_agency;
        std::string document;
        std::string open311;
    };
    /// What a batch's commit leaves to read: the citizen's view rows of its dossiers as the SQL views compute them,
    /// and their 766 marks as stored (what fill_public and SqliteDossierStore::add_counts766 write).
    struct CommittedBatch {
        std::vector<PublicRow> rows;
        Counts766Deltas counts;
    };
    /// fill_public and add_counts766 in two halves that may run on two threads (decision 0052): read_committed reads
    /// dossiers [first, last] on `reader`, a second connection to the same SQLite file, once they are committed (in
    /// one read transaction; it never writes, it only waits while the loading connection commits); write_committed
    /// writes the rows and adds the marks in the loading connection's transaction. The same SELECTs, so the same
    /// rows and the same sums.
    [[nodiscard]] static CommittedBatch read_committed(Database& reader, std::int64_t first, std::int64_t last);
    void write_committed(CommittedBatch& batch);
    /// True when the load fills the view itself (SQLite; PostgreSQL's triggers keep it).
    [[nodiscard]] bool fills_public() const { return !trigger_sql_.empty(); }

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
