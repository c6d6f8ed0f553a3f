#pragma once
// One function per sub-command. Each returns the JSON it prints, or an Error the CLI reports on stderr.
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "core/error.hpp"

namespace motcua::app {

using CommandArgs = std::span<const std::string_view>;

[[nodiscard]] core::Result<nlohmann::json> calendar_lunar(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> calendar_solar(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> calendar_holidays(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> calendar_due(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> calendar_import(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> calendar_notices(CommandArgs args);

[[nodiscard]] core::Result<nlohmann::json> catalogue_import(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> catalogue_export(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> demo(CommandArgs args);

[[nodiscard]] core::Result<nlohmann::json> init_database(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> migrate_database(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> audit_verify(CommandArgs args);
/// An Ed25519 key pair for signing digests, written to a new owner-only file (--out FILE).
[[nodiscard]] core::Result<nlohmann::json> audit_keygen(CommandArgs args);
/// The chain head at the end of an office day, signed (--db PATH --date YYYY-MM-DD --key KEYFILE).
[[nodiscard]] core::Result<nlohmann::json> audit_digest(CommandArgs args);
/// Whether the database still holds the history a signed digest fixed (--db PATH --digest FILE --public-key HEX).
[[nodiscard]] core::Result<nlohmann::json> audit_check_digest(CommandArgs args);
/// Every row of a database copied into a new one on either engine (SQLite file or PostgreSQL URL), then checked:
/// `export --db SRC --to DST`, or the same seen from the target, `import --db DST --from SRC` (decision 0038).
[[nodiscard]] core::Result<nlohmann::json> export_database(CommandArgs args);
[[nodiscard]] core::Result<nlohmann::json> import_database(CommandArgs args);
/// A consistent copy of a live database (SQLite online backup).
[[nodiscard]] core::Result<nlohmann::json> backup_database(CommandArgs args);
/// After a calendar change: lists (or with --apply, records) the open dossiers whose due moves.
[[nodiscard]] core::Result<nlohmann::json> calendar_retime(CommandArgs args);
/// Periodic housekeeping (run from cron or a systemd timer; serve also runs it at start): closes supplementation
/// requests left unanswered past their period.
[[nodiscard]] core::Result<nlohmann::json> sweep(CommandArgs args);
/// One delivery pass over the notification outbox (`motcua notify --db PATH --config FILE`), for cron or a test.
[[nodiscard]] core::Result<nlohmann::json> notify_once(CommandArgs args);
/// The HTTP routes the server registers (method and pattern), for documentation checks.
[[nodiscard]] core::Result<nlohmann::json> list_routes(CommandArgs args);

/// Adds a staff account; the password is the first line of `io.in`.
[[nodiscard]] core::Result<nlohmann::json> users_add(CommandArgs args, CliIo io);
[[nodiscard]] core::Result<nlohmann::json> users_list(CommandArgs args);

/// Runs the server until SIGINT/SIGTERM. Logs go to `io.err`.
[[nodiscard]] core::Result<nlohmann::json> serve(CommandArgs args, CliIo io);

}  // namespace motcua::app
