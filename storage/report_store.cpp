#include "storage/report_store.hpp"

#include <algorithm>

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

// Column order of core::DayCounter.
constexpr std::string_view kUpsertDay =
    "INSERT INTO report_day (day, agency, resolving_agency, procedure_code, received_direct, received_online, "
    "received_postal, ended, resolved_early, resolved_on_time, resolved_late, closed, due, due_and_ended) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (day, agency, resolving_agency, procedure_code) DO UPDATE SET "
    "received_direct = received_direct + excluded.received_direct, "
    "received_online = received_online + excluded.received_online, "
    "received_postal = received_postal + excluded.received_postal, ended = ended + excluded.ended, "
    "resolved_early = resolved_early + excluded.resolved_early, "
    "resolved_on_time = resolved_on_time + excluded.resolved_on_time, "
    "resolved_late = resolved_late + excluded.resolved_late, closed = closed + excluded.closed, "
    "due = due + excluded.due, due_and_ended = due_and_ended + excluded.due_and_ended";

// Sums per (receiving agency, procedure) over the days before the period (?2 = its first day) and over the period
// (up to ?3, its last day), in the order of core::DayCounter; the scope as in the other report queries.
constexpr std::string_view kPeriodSums =
    "SELECT agency, procedure_code, "
    "sum(CASE WHEN day < ?2 THEN received_direct ELSE 0 END), sum(CASE WHEN day < ?2 THEN received_online ELSE 0 END), "
    "sum(CASE WHEN day < ?2 THEN received_postal ELSE 0 END), sum(CASE WHEN day < ?2 THEN ended ELSE 0 END), "
    "sum(CASE WHEN day < ?2 THEN resolved_early ELSE 0 END), sum(CASE WHEN day < ?2 THEN resolved_on_time ELSE 0 END), "
    "sum(CASE WHEN day < ?2 THEN resolved_late ELSE 0 END), sum(CASE WHEN day < ?2 THEN closed ELSE 0 END), "
    "sum(CASE WHEN day < ?2 THEN due ELSE 0 END), sum(CASE WHEN day < ?2 THEN due_and_ended ELSE 0 END), "
    "sum(CASE WHEN day >= ?2 THEN received_direct ELSE 0 END), sum(CASE WHEN day >= ?2 THEN received_online ELSE 0 END), "
    "sum(CASE WHEN day >= ?2 THEN received_postal ELSE 0 END), sum(CASE WHEN day >= ?2 THEN ended ELSE 0 END), "
    "sum(CASE WHEN day >= ?2 THEN resolved_early ELSE 0 END), sum(CASE WHEN day >= ?2 THEN resolved_on_time ELSE 0 END), "
    "sum(CASE WHEN day >= ?2 THEN resolved_late ELSE 0 END), sum(CASE WHEN day >= ?2 THEN closed ELSE 0 END), "
    "sum(CASE WHEN day >= ?2 THEN due ELSE 0 END), sum(CASE WHEN day >= ?2 THEN due_and_ended ELSE 0 END) "
    "FROM report_day WHERE day <= ?3 "
    "AND (?1 IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code";

std::int64_t day_count(core::DayNumber d) { return d.time_since_epoch().count(); }

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

std::vector<core::PeriodSums> SqliteReportStore::timeliness_sums(const std::vector<std::string>& agencies,
                                                                core::ReportPeriod period) {
    Statement s = db_.prepare(kPeriodSums);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, day_count(core::day_number(period.from))).bind(3, day_count(core::day_number(period.to)));
    std::vector<core::PeriodSums> out;
    while (s.step()) {
        core::PeriodSums sums{s.text(0), s.text(1), {}, {}};
        for (std::size_t i = 0; i < core::kDayCounters; ++i) {
            sums.before[i] = s.int64(static_cast<int>(2 + i));
            sums.within[i] = s.int64(static_cast<int>(2 + core::kDayCounters + i));
        }
        out.push_back(std::move(sums));
    }
    return out;
}

void DayCountDeltas::add(const core::DossierFacts& facts, const std::string& resolving_agency, int sign) {
    for (const core::DayMark& m : core::day_marks(facts))
        deltas_[Key{day_count(m.day), facts.agency, resolving_agency, facts.procedure_code}]
               [static_cast<std::size_t>(m.counter)] += sign;
}

void DayCountDeltas::apply(Database& db) {
    for (const auto& [key, counts] : deltas_) {
        if (std::all_of(counts.begin(), counts.end(), [](std::int64_t n) { return n == 0; })) continue;
        Statement s = db.prepare(kUpsertDay);
        s.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key)).bind(4, std::get<3>(key));
        for (std::size_t i = 0; i < core::kDayCounters; ++i) s.bind(static_cast<int>(5 + i), counts[i]);
        s.run();
    }
    deltas_.clear();
}

}  // namespace motcua::storage
