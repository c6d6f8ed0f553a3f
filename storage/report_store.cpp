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

// Reads only the index dossier_received (schema 0020), except for a status-5 row, which may be an online submission
// waiting for its supplement before receipt (decision 0032): not received, so not counted. Status 1 is not received
// yet and status 3 (refused) is always an online submission refused before receipt (the counter's refusals are intake
// records).
// (The service mode, schema 0018, is read from the row.)
constexpr std::string_view kReceipts =
    "SELECT agency, procedure_code, channel, service_mode, count(*) FROM dossier "
    "WHERE received_at >= ?2 AND received_at < ?3 AND status NOT IN (1, 3) "
    "AND (status <> 5 OR submitted_at IS NULL OR received_by <> '') "
    "AND (?1 IS NULL OR agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code, channel, service_mode ORDER BY agency, procedure_code, channel, service_mode";
// Online submissions of the period that no clerk received: refused before receipt (status 3) or still waiting.
constexpr std::string_view kNotReceived =
    "SELECT agency, procedure_code, channel, service_mode, status = 3, count(*) FROM dossier "
    "WHERE submitted_at >= ?2 AND submitted_at < ?3 AND received_by = '' "
    "AND (?1 IS NULL OR agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";

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
        auto mode = core::parse_service_mode(s.text(3));
        if (!channel || !mode) throw StorageError(0, "damaged dossier row: channel or service mode");
        out.push_back(core::ReceiptCount{s.text(0), s.text(1), *channel, s.int64(4), *mode,
                                         core::ReceiptStage::received});
    }
    Statement n = db_.prepare(kNotReceived);
    if (agencies.empty()) n.bind_null(1);
    else n.bind(1, nlohmann::json(agencies).dump());
    n.bind(2, core::format_instant_utc(from)).bind(3, core::format_instant_utc(to));
    while (n.step()) {
        auto channel = core::parse_channel(n.text(2));
        auto mode = core::parse_service_mode(n.text(3));
        if (!channel || !mode) throw StorageError(0, "damaged dossier row: channel or service mode");
        out.push_back(core::ReceiptCount{n.text(0), n.text(1), *channel, n.int64(5), *mode,
                                         n.int64(4) != 0 ? core::ReceiptStage::refused : core::ReceiptStage::waiting});
    }
    return out;
}

}  // namespace motcua::storage
