#pragma once
// The hash-chained audit log. Every repository that changes state appends here inside its own transaction.
#include <cstdint>
#include <optional>
#include <string>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// Appends one record, chaining it to the previous row's hash, and returns its id. Call inside the transaction of the
/// change it records.
std::int64_t append_audit(Database& db, const core::AuditRecord& record);

/// The digest of a dossier event row, recorded in the audit detail ("event_digest") of the audit row it points to,
/// so that the chain also covers the event table.
[[nodiscard]] std::string event_digest(std::string_view code, std::int64_t seq, std::string_view type,
                                       std::string_view at, std::string_view actor, std::string_view data);

struct AuditVerification {
    std::int64_t rows = 0;
    std::int64_t events = 0;
    std::optional<std::int64_t> first_bad_id;  ///< the first row whose hash or link does not match
    std::string problem;
};

/// Recomputes the chain from the first row, then checks every dossier event against the digest its audit row holds.
/// A row edited, deleted or inserted behind the server's back breaks it. With `up_to`, only rows up to that id and
/// the events they cover are checked (a prefix of the chain, as a signed digest fixes it). Rows and events are read
/// `page_rows` at a time, so that memory stays flat however long the log is (libpq holds a whole result).
[[nodiscard]] AuditVerification verify_audit(Database& db, std::optional<std::int64_t> up_to = std::nullopt,
                                             std::int64_t page_rows = 10000);

/// The prev_hash of the first row: 64 zeros.
[[nodiscard]] std::string_view audit_genesis_hash();

}  // namespace motcua::storage
