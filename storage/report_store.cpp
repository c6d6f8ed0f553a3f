#include "storage/report_store.hpp"

#include <nlohmann/json.hpp>

namespace motcua::storage {
namespace {

// Instants are UTC text "YYYY-MM-DDTHH:MM:SSZ", so text comparison orders them; unixepoch() reads them.
constexpr std::string_view kEntryDelays =
    "SELECT d.code, d.agency, count(*), max(max(unixepoch(a.at) - unixepoch(e.at), 0)) "
    "FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id JOIN audit_log a ON a.id = e.audit_id "
    "WHERE e.at >= ?2 AND e.at < ?3 "
    "AND (?1 IS NULL OR d.agency IN (SELECT value FROM json_each(?1)) "
    "                OR d.resolving_agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY d.id ORDER BY d.code";

// Reads only the index dossier_received (schema 0020).
constexpr std::string_view kReceipts =
    "SELECT agency, procedure_code, channel, count(*) FROM dossier "
    "WHERE received_at >= ?2 AND received_at < ?3 AND status <> 1 "
    "AND (?1 IS NULL OR agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code, channel ORDER BY agency, procedure_code, channel";

}  // namespace

std::vector<core::EntryDelay> SqliteReportStore::entry_delays(const std::vector<std::string>& agencies,
                                                              core::Timestamp from, core::Timestamp to) {
    Statement s = db_.prepare(kEntryDelays);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, core::format_instant_utc(from)).bind(3, core::format_instant_utc(to));
    std::vector<core::EntryDelay> out;
    while (s.step())
        out.push_back(core::EntryDelay{s.text(0), s.text(1), s.int64(2), std::chrono::seconds(s.int64(3))});
    return out;
}

std::vector<core::ReceiptCount> SqliteReportStore::receipts(const std::vector<std::string>& agencies,
                                                            core::Timestamp from, core::Timestamp to) {
    Statement s = db_.prepare(kReceipts);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, core::format_instant_utc(from)).bind(3, core::format_instant_utc(to));
    std::vector<core::ReceiptCount> out;
    while (s.step()) {
        auto channel = core::parse_channel(s.text(2));
        if (!channel) throw StorageError(0, "damaged dossier row: " + channel.error().message);
        out.push_back(core::ReceiptCount{s.text(0), s.text(1), *channel, s.int64(3)});
    }
    return out;
}

}  // namespace motcua::storage
