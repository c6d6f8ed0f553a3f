#pragma once
// The hash-chained audit log. Every repository that changes state appends here inside its own transaction.
#include <cstdint>
#include <optional>
#include <string>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// Appends one record, chaining it to the previous row's hash. Call inside the transaction of the change it records.
void append_audit(Database& db, const core::AuditRecord& record);

struct AuditVerification {
    std::int64_t rows = 0;
    std::optional<std::int64_t> first_bad_id;  ///< the first row whose hash or link does not match
    std::string problem;
};

/// Recomputes the chain from the first row. A row edited, deleted or inserted behind the server's back breaks it.
[[nodiscard]] AuditVerification verify_audit(Database& db);

}  // namespace motcua::storage
