#pragma once
// Moving a province's database between engines (SQLite ↔ PostgreSQL, issue #10, decision 0038): every table's rows
// copied from one Database to another migrated to the same schema version, ids kept, then a check that the two hold
// the same rows and the same audit chain head.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// One table as the check saw it on both sides.
struct TableCheck {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
    bool same_rows = false;  ///< equal counts and an equal order-independent digest of every row's values
};

/// The last row of the audit chain (id 0 and "" for an empty log).
struct AuditHead {
    std::int64_t last_id = 0;
    std::string hash;
    bool operator==(const AuditHead&) const = default;
};

struct MoveCheck {
    std::vector<TableCheck> tables;
    AuditHead source_head;
    AuditHead target_head;
    bool target_chain_intact = false;  ///< verify_audit found no broken row on the target
    std::string problem;               ///< the first difference, "" when passed
    [[nodiscard]] bool passed() const { return problem.empty(); }
};

struct TableCopy {
    std::string table;
    std::int64_t rows = 0;
};

struct MoveReport {
    std::vector<TableCopy> copied;         ///< in the order they were loaded (parents before children)
    std::vector<std::string> rebuilt;      ///< tables the target's triggers filled (dossier_public on SQLite)
    std::int64_t rows = 0;
    MoveCheck check;
};

/// Copies every row of `source` into `target`. Both must record the same schema version (failed_precondition
/// "schema_versions_differ") and the same tables and columns ("schema_mismatch"); the target must hold no dossier
/// and no audit row (failed_precondition "target_not_empty"; rows a migration seeded are replaced). Tables go in
/// foreign-key order read from each engine's catalogue, ids kept, in transactions of `batch_rows` rows;
/// schema_migration and catalogue_generation (each database's own, decision 0047) are not copied. Tables kept by
/// triggers (dossier_public, decision 0026): a SQLite target's own triggers rebuild them as the dossiers and events
/// arrive; on a PostgreSQL target the tables' user triggers are off during the load (its PL/pgSQL rebuild costs
/// milliseconds per event) and they are copied like the others. On
/// PostgreSQL every identity sequence is then set past the largest id. The source is read in one
/// snapshot, and check_move runs inside it. A failure part-way (an exception) leaves a partly loaded target.
[[nodiscard]] core::Result<MoveReport> move_database(Database& source, Database& target, int batch_rows = 5000);

/// Whether `target` holds what `source` holds: per table the row count and a digest of all rows' values (order
/// independent, so the engines' collations do not matter), the audit chain head (last id and hash), and
/// verify_audit on the target.
[[nodiscard]] MoveCheck check_move(Database& source, Database& target);

}  // namespace motcua::storage
