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

// Schema 0014: the marks and the electronic result of each dossier counted.
constexpr std::string_view kDigitisationFacts =
    "SELECT d.code, d.agency, d.received_at, d.result_ready_at, "
    "coalesce(json_extract(p.body, '$.result_type'), '') <> '', "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.digitised = 1), "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.certified_copy = 1), "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.reused = 1), "
    "EXISTS (SELECT 1 FROM electronic_result r WHERE r.dossier_id = d.id) "
    "FROM dossier d JOIN procedure_version p ON p.code = d.procedure_code AND p.version = d.procedure_version "
    "WHERE d.status <> 1 AND ((d.received_at >= ?2 AND d.received_at < ?3) "
    "                      OR (d.result_ready_at >= ?2 AND d.result_ready_at < ?3)) "
    "AND (?1 IS NULL OR d.agency IN (SELECT value FROM json_each(?1)))";
core::Timestamp must_instant(const std::string& text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged instant: " + text);
    return *t;
}

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

std::vector<core::DigitisationFacts> SqliteReportStore::digitisation_facts(const std::vector<std::string>& agencies,
                                                                               core::Timestamp from,
                                                                               core::Timestamp to) {
    std::vector<core::DigitisationFacts> out;
    Statement s = db_.prepare(kDigitisationFacts);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, core::format_instant_utc(from)).bind(3, core::format_instant_utc(to));
    while (s.step()) {
        core::DigitisationFacts f;
        f.code = s.text(0);
        f.agency = s.text(1);
        f.received_at = must_instant(s.text(2));
        if (!s.is_null(3)) f.resolved_at = must_instant(s.text(3));
        f.result_required = s.int64(4) != 0;
        f.digitised = s.int64(5) != 0;
        f.certified_copy = s.int64(6) != 0;
        f.reused = s.int64(7) != 0;
        f.electronic_result = s.int64(8) != 0;
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace motcua::storage
