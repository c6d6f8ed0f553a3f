#pragma once
// core::ReportStore on SQLite: report queries over events and the audit log.
#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

class SqliteReportStore final : public core::ReportStore {
public:
    explicit SqliteReportStore(Database& db) : db_(db) {}
    [[nodiscard]] std::vector<core::EntryDelay> entry_delays(const std::vector<std::string>& agencies,
                                                             core::Timestamp from, core::Timestamp to) override;
    [[nodiscard]] std::vector<core::ReceiptCount> receipts(const std::vector<std::string>& agencies,
                                                           core::Timestamp from, core::Timestamp to) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
