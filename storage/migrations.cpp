#include "storage/migrations.hpp"

#include <charconv>

namespace motcua::storage {
namespace {

constexpr std::string_view kHasMigrationTable =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'";
constexpr std::string_view kMaxVersion = "SELECT coalesce(max(version), 0) FROM schema_migration";
constexpr std::string_view kRecord = "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)";

int version_of(std::string_view file_name) {
    int v = 0;
    const auto [end, ec] = std::from_chars(file_name.data(), file_name.data() + file_name.size(), v);
    if (ec != std::errc() || end == file_name.data() || *end != '_')
        throw StorageError(0, "migration file name must start with its number and '_': " + std::string(file_name));
    return v;
}

}  // namespace

int schema_version(Database& db) {
    Statement has = db.prepare(kHasMigrationTable);
    has.step();
    if (has.int64(0) == 0) return 0;
    Statement max = db.prepare(kMaxVersion);
    max.step();
    return max.int32(0);
}

MigrationReport migrate(Database& db, core::Timestamp now) {
    MigrationReport report;
    report.from_version = schema_version(db);
    report.to_version = report.from_version;
    int newest_known = 0;
    for (const EmbeddedFile& f : embedded_migrations()) newest_known = std::max(newest_known, version_of(f.name));
    if (report.from_version > newest_known)
        throw StorageError(0, "the database schema (version " + std::to_string(report.from_version) +
                                  ") is newer than this motcua binary knows (" + std::to_string(newest_known) +
                                  "); use a newer binary");
    for (const EmbeddedFile& f : embedded_migrations()) {
        const int v = version_of(f.name);
        if (v <= report.from_version) continue;
        Transaction tx(db);
        db.exec(f.content);
        db.prepare(kRecord).bind(1, v).bind(2, f.name).bind(3, core::format_instant_utc(now)).run();
        tx.commit();
        report.applied.emplace_back(f.name);
        report.to_version = v;
    }
    return report;
}

}  // namespace motcua::storage
