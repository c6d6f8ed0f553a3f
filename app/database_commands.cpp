#include <chrono>
#include <cmath>
#include <filesystem>

#include "app/args.hpp"
#include "app/calendar_source.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "core/calendar_service.hpp"
#include "http/calendar_json.hpp"
#include "storage/database.hpp"
#include "storage/audit_log.hpp"
#include "storage/backup.hpp"
#include "storage/database_move.hpp"
#include "storage/file_store.hpp"
#include "storage/calendar_store.hpp"
#include "storage/migrations.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

core::Result<std::string> db_path(CommandArgs argv, const char* usage) {
    auto args = Args::parse(argv, {{"db"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty()) return tl::unexpected(usage_error(usage));
    return args->required("db");
}

/// Moves `from` into `to` (a PostgreSQL URL of an existing database, or a new SQLite file), migrating `to` first.
core::Result<json> move(const std::string& from, const std::string& to, const char* from_field, const char* to_field) {
    if (!storage::database_exists(from))
        return core::fail(core::ErrorKind::not_found, "no database at " + from, from_field, "database_not_found");
    const bool new_file = !storage::is_postgresql_url(to);
    if (new_file && std::filesystem::exists(to))
        return core::fail(core::ErrorKind::already_exists, to + " already exists; choose a new file", to_field,
                          "target_exists");
    if (!new_file && !storage::database_exists(to))
        return core::fail(core::ErrorKind::not_found,
                          "no database at " + to + "; create it first (CREATE DATABASE ... ENCODING 'UTF8')", to_field,
                          "database_not_found");
    const auto started = std::chrono::steady_clock::now();
    auto remove_new_file = [&] {
        if (!new_file) return;
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to + suffix, ec);
    };
    core::Result<storage::MoveReport> moved = tl::unexpected(core::Error{});
    try {
        storage::Database source(from, true);
        if (const auto dir = std::filesystem::path(to).parent_path(); new_file && !dir.empty())
            std::filesystem::create_directories(dir);
        storage::Database target(to);
        SystemClock clock;
        storage::migrate(target, clock.now());
        moved = storage::move_database(source, target);
    } catch (...) {
        remove_new_file();  // a half-loaded new file is worth nothing; a PostgreSQL target is left to drop
        throw;
    }
    if (!moved) {
        remove_new_file();
        auto e = moved.error();
        if (e.field == "db") e.field = from_field;
        if (e.field == "to") e.field = to_field;
        return tl::unexpected(e);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json tables = json::array();
    for (const auto& t : moved->check.tables) {
        std::int64_t copied = 0;
        for (const auto& c : moved->copied)
            if (c.table == t.table) copied = c.rows;
        tables.push_back(json{{"table", t.table}, {"copied", copied}, {"source_rows", t.source_rows},
                              {"target_rows", t.target_rows}, {"same_rows", t.same_rows}});
    }
    const auto head = [](const storage::AuditHead& h) { return json{{"last_id", h.last_id}, {"hash", h.hash}}; };
    json check{{"passed", moved->check.passed()},
               {"source_audit_head", head(moved->check.source_head)},
               {"target_audit_head", head(moved->check.target_head)},
               {"target_chain", moved->check.target_chain_intact ? "intact" : "broken"}};
    if (!moved->check.passed())
        return core::fail(core::ErrorKind::failed_precondition,
                          "copied " + std::to_string(moved->rows) + " rows into " + to +
                              ", but the check failed: " + moved->check.problem,
                          to_field, "move_check_failed");
    return json{{"from", from},
                {"to", to},
                {"tables", tables},
                {"rows", moved->rows},
                {"rebuilt_by_triggers", moved->rebuilt},
                {"seconds", std::round(seconds * 1000) / 1000},
                {"check", check}};
}

}  // namespace

/// Copies a database into a new one on either engine (`motcua export --db SRC --to DST`).
core::Result<json> export_database(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "to"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty()) return tl::unexpected(usage_error("usage: motcua export --db SRC --to DST"));
    auto from = args->required("db");
    if (!from) return tl::unexpected(from.error());
    auto to = args->required("to");
    if (!to) return tl::unexpected(to.error());
    return move(*from, *to, "db", "to");
}

/// The same move seen from the new database (`motcua import --db DST --from SRC`).
core::Result<json> import_database(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "from"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty()) return tl::unexpected(usage_error("usage: motcua import --db DST --from SRC"));
    auto to = args->required("db");
    if (!to) return tl::unexpected(to.error());
    auto from = args->required("from");
    if (!from) return tl::unexpected(from.error());
    return move(*from, *to, "from", "db");
}

/// Creates the database if needed, applies migrations and brings in the shipped calendar notices.
core::Result<json> init_database(CommandArgs argv) {
    auto path = db_path(argv, "usage: motcua init --db PATH");
    if (!path) return tl::unexpected(path.error());
    if (const auto dir = std::filesystem::path(*path).parent_path(); !dir.empty() && !storage::is_postgresql_url(*path))
        std::filesystem::create_directories(dir);
    storage::Database db(*path);
    SystemClock clock;
    const auto report = storage::migrate(db, clock.now());
    storage::SqliteCalendarStore store(db);
    core::CalendarService calendar(store, clock);
    const auto shipped = http::shipped_notices();
    auto seeded = calendar.seed_shipped(shipped);
    if (!seeded) return tl::unexpected(seeded.error());
    json notices = json::array();
    for (const auto& n : *seeded) notices.push_back(json{{"year", n.year}, {"agency", n.agency}, {"replaced", n.replaced}});
    return json{{"db", *path},
                {"schema_version", report.to_version},
                {"migrations_applied", report.applied},
                {"calendar_notices_loaded", notices}};
}

core::Result<json> migrate_database(CommandArgs argv) {
    auto path = db_path(argv, "usage: motcua migrate --db PATH");
    if (!path) return tl::unexpected(path.error());
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    return json{{"db", *path}, {"schema_version", storage::schema_version(**db)}};
}

core::Result<json> backup_database(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "to", "files"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto to = args->required("to");
    if (!to) return tl::unexpected(to.error());
    if (!storage::database_exists(*path))
        return core::fail(core::ErrorKind::not_found, "no database at " + *path, "db", "database_not_found");
    if (storage::is_postgresql_url(*path))
        return core::fail(core::ErrorKind::invalid_argument,
                          "motcua backup copies a SQLite database; back up PostgreSQL with pg_dump or pg_basebackup "
                          "(docs/deployment.md)",
                          "db", "backup_sqlite_only");
    if (std::filesystem::exists(*to))
        return core::fail(core::ErrorKind::already_exists, *to + " already exists; choose a new file", "to",
                          "target_exists");
    storage::Database db(*path);
    const auto report = storage::backup(db, *to);
    // The attached files the copy records go to "<to>.files", the directory a server on the copy uses by default.
    const auto files_to = storage::default_files_dir(*to);
    const auto files = storage::backup_files(
        *to, args->option("files").value_or(storage::default_files_dir(*path).string()), files_to);
    json out{{"db", *path},           {"to", *to},           {"pages", report.pages}, {"bytes", report.bytes},
             {"files_to", files_to.string()}, {"files", files.files}, {"file_bytes", files.bytes}};
    if (!files.intact())
        return core::fail(core::ErrorKind::failed_precondition,
                          "database copied to " + *to + ", but " + std::to_string(files.missing.size()) +
                              " attached file(s) are missing and " + std::to_string(files.damaged.size()) +
                              " damaged at the source (first: " +
                              (files.missing.empty() ? files.damaged.front() : files.missing.front()) +
                              "); run motcua audit verify",
                          "files", "files_not_intact");
    return out;
}

core::Result<json> audit_verify(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "files"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    if (!storage::database_exists(*path))
        return core::fail(core::ErrorKind::not_found, "no database at " + *path, "db", "database_not_found");
    storage::Database db(*path, true);
    const auto result = storage::verify_audit(db);
    if (result.first_bad_id)
        return core::fail(core::ErrorKind::failed_precondition,
                          "audit log broken: " + result.problem,
                          {}, "audit_chain_broken");
    // Every attached file must still have the hash recorded for it (docs/digitisation.md).
    const auto files = storage::verify_files(
        db, args->option("files").value_or(storage::default_files_dir(*path).string()));
    if (!files.intact())
        return core::fail(core::ErrorKind::failed_precondition,
                          "stored files broken: " + std::to_string(files.missing.size()) + " missing, " +
                              std::to_string(files.damaged.size()) + " no longer matching their hash (first: " +
                              (files.missing.empty() ? files.damaged.front() : files.missing.front()) + ")",
                          "files", "files_not_intact");
    return json{{"rows", result.rows}, {"events", result.events}, {"chain", "intact"}, {"files", files.files},
                {"files_state", "intact"}};
}

}  // namespace motcua::app
