#include "storage/migrations.hpp"

#include <charconv>
#include <map>
#include <set>

namespace motcua::storage {
namespace {

constexpr std::string_view kHasMigrationTable =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'";
constexpr std::string_view kHasMigrationTablePg =
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
    "AND table_name = 'schema_migration'";
constexpr std::string_view kPostgresqlSuffix = ".pg.sql";
constexpr std::string_view kMaxVersion = "SELECT coalesce(max(version), 0) FROM schema_migration";
constexpr std::string_view kApplied = "SELECT version FROM schema_migration ORDER BY version";
constexpr std::string_view kRecord = "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)";

int version_of(std::string_view file_name) {
    int v = 0;
    const auto [end, ec] = std::from_chars(file_name.data(), file_name.data() + file_name.size(), v);
    if (ec != std::errc() || end == file_name.data() || *end != '_')
        throw StorageError(0, "migration file name must start with its number and '_': " + std::string(file_name));
    return v;
}

}  // namespace

std::vector<EmbeddedFile> migrations_for(Dialect dialect, std::span<const EmbeddedFile> files) {
    std::map<int, EmbeddedFile> chosen;
    for (const EmbeddedFile& f : files) {
        const bool pg_only = std::string_view(f.name).ends_with(kPostgresqlSuffix);
        if (pg_only && dialect != Dialect::postgresql) continue;
        const int v = version_of(f.name);
        const auto it = chosen.find(v);
        if (it == chosen.end() || pg_only) chosen.insert_or_assign(v, f);
    }
    std::vector<EmbeddedFile> out;
    for (const auto& [v, f] : chosen) out.push_back(f);
    return out;
}

int schema_version(Database& db) {
    Statement has = db.prepare(db.dialect() == Dialect::postgresql ? kHasMigrationTablePg : kHasMigrationTable);
    has.step();
    if (has.int64(0) == 0) return 0;
    Statement max = db.prepare(kMaxVersion);
    max.step();
    return max.int32(0);
}

MigrationReport migrate(Database& db, core::Timestamp now) { return migrate(db, now, embedded_migrations()); }

MigrationReport migrate(Database& db, core::Timestamp now, std::span<const EmbeddedFile> all_files) {
    const MigrationLock lock(db);  // several nodes starting at once apply each migration once
    const std::vector<EmbeddedFile> files = migrations_for(db.dialect(), all_files);
    MigrationReport report;
    report.from_version = schema_version(db);
    std::set<int> applied;
    if (report.from_version > 0) {
        Statement s = db.prepare(kApplied);
        while (s.step()) applied.insert(s.int32(0));
    }
    std::set<int> known;
    for (const EmbeddedFile& f : files) known.insert(version_of(f.name));
    for (const int v : applied)
        if (!known.contains(v))
            throw StorageError(0, "the database schema has migration " + std::to_string(v) +
                                      ", which this motcua binary does not know (it knows up to " +
                                      std::to_string(known.empty() ? 0 : *known.rbegin()) + "); use a newer binary");
    for (const EmbeddedFile& f : files) {
        const int v = version_of(f.name);
        if (applied.contains(v)) continue;
        Transaction tx(db);
        db.exec(f.content);
        db.prepare(kRecord).bind(1, v).bind(2, f.name).bind(3, core::format_instant_utc(now)).run();
        tx.commit();
        applied.insert(v);
        report.applied.emplace_back(f.name);
    }
    report.to_version = applied.empty() ? 0 : *applied.rbegin();
    return report;
}

}  // namespace motcua::storage
