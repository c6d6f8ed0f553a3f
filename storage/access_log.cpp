#include "storage/access_log.hpp"

#include "storage/audit_log.hpp"

namespace motcua::storage {

void SqliteAccessLog::record_read(const core::AuditRecord& audit) {
    Transaction tx(db_);
    append_audit(db_, audit);
    tx.commit();
}

}  // namespace motcua::storage
