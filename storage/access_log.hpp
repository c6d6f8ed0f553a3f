#pragma once
// Reads of personal data by staff, on the audit log (core::AccessLog).
#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

class SqliteAccessLog final : public core::AccessLog {
public:
    explicit SqliteAccessLog(Database& db) : db_(db) {}
    void record_read(const core::AuditRecord& audit) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
