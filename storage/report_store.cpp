#include "storage/report_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

namespace motcua::storage {
namespace {

// Instants are UTC text "YYYY-MM-DDTHH:MM:SSZ", so text comparison orders them; unixepoch() reads them (a shim on
// PostgreSQL, schema/0001_foundation.pg.sql). d.code and d.agency depend on the grouped primary key d.id, which
// PostgreSQL accepts as SQLite does.
constexpr std::string_view kEntryDelays =
    "SELECT d.code, d.agency, count(*), "
    "max(CASE WHEN unixepoch(a.at) > unixepoch(e.at) THEN unixepoch(a.at) - unixepoch(e.at) ELSE 0 END) "
    "FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id JOIN audit_log a ON a.id = e.audit_id "
    "WHERE e.at >= ?2 AND e.at < ?3 "
    "AND (CAST(?1 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?1)) "
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
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code, channel, service_mode ORDER BY agency, procedure_code, channel, service_mode";
// Online submissions of the period that no clerk received: refused before receipt (status 3) or still waiting.
constexpr std::string_view kNotReceived =
    "SELECT agency, procedure_code, channel, service_mode, status = 3, count(*) FROM dossier "
    "WHERE submitted_at >= ?2 AND submitted_at < ?3 AND received_by = '' "
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";

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
    "AND (CAST(?1 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?1)))";

// Column order of core::DayCounter. The stored counts are named by the table (report_day.x): PostgreSQL finds a bare
// name ambiguous beside excluded.x.
constexpr std::string_view kUpsertDay =
    "INSERT INTO report_day (day, agency, resolving_agency, procedure_code, received_direct, received_online, "
    "received_postal, ended, resolved_early, resolved_on_time, resolved_late, closed, due, due_and_ended) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
    "ON CONFLICT (day, agency, resolving_agency, procedure_code) DO UPDATE SET "
    "received_direct = report_day.received_direct + excluded.received_direct, "
    "received_online = report_day.received_online + excluded.received_online, "
    "received_postal = report_day.received_postal + excluded.received_postal, "
    "ended = report_day.ended + excluded.ended, "
    "resolved_early = report_day.resolved_early + excluded.resolved_early, "
    "resolved_on_time = report_day.resolved_on_time + excluded.resolved_on_time, "
    "resolved_late = report_day.resolved_late + excluded.resolved_late, "
    "closed = report_day.closed + excluded.closed, due = report_day.due + excluded.due, "
    "due_and_ended = report_day.due_and_ended + excluded.due_and_ended";

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
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code";

// The monthly trend (several periods at once): every counter row up to the last period's end (?2), read once and
// added to each period's sums in C++; the scope as in kPeriodSums. A few tens of thousands of rows at 1 M dossiers.
constexpr std::string_view kDayRowsUpTo =
    "SELECT agency, procedure_code, day, received_direct, received_online, received_postal, ended, resolved_early, "
    "resolved_on_time, resolved_late, closed, due, due_and_ended FROM report_day WHERE day <= ?2 "
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1)))";

// The overdue and near-due lists are ranked from keys that the partial index dossier_open_due (schema 0026: open
// dossiers only, with due, agencies and apology flag) holds, so counting and ordering them reads no dossier row.
// Without statistics SQLite prefers dossier_status_due_agencies (schema 0010), which lacks the apology flag and so
// reads every row: on SQLite the index is named; PostgreSQL plans alone.
constexpr std::string_view kOpenDueKeysSqlite =
    "SELECT id, agency, due_at, apologized FROM dossier INDEXED BY dossier_open_due "
    "WHERE status IN (2, 4) AND due_at < ?2 "
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1))) ORDER BY due_at, id";
constexpr std::string_view kOpenDueKeysPostgres =
    "SELECT id, agency, due_at, apologized FROM dossier WHERE status IN (2, 4) AND due_at < ?2 "
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1))) ORDER BY due_at, id";
// Then the page's rows (ids as a JSON array, one statement whatever the page's size): only the columns the lists
// show, so that no applicant JSON is decoded.
constexpr std::string_view kOpenDossiers =
    "SELECT code, agency, procedure_code, procedure_version, status, due_at, original_due_at, extended_due_at, "
    "json_extract(state, '$.step_index'), json_extract(state, '$.apologized'), "
    "json_extract(state, '$.late_apology'), id FROM dossier "
    "WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(?1))";

// Violation candidates of the apology report (docs/reports.md), read from the covering partial index
// dossier_late_facts (schema 0022, decision 0034) alone: every branch repeats the index's WHERE word for word, so that
// SQLite uses it, and names only columns the index holds (id is the rowid every entry carries). A dossier can only
// be a violation without an apology, and only if its result came after its original due or it has none:
//   - a result since the period's start (?1);
//   - no result and not closed: open, judged by its original due before ?3 (the period's end, or now);
//   - no result, closed (withdrawn or stopped) at or after ?3: it was still open then.
// A dossier closed before ?3 cannot be one, so the thousands closed long ago are never read; nor can an online
// pre-submission no clerk received (status 1, or 3: refused before receipt), which is no received dossier. Columns as read_facts
// reads them, then the id; the scope is applied by the caller (no JSON in this SQL). No ORDER BY: with one, SQLite
// merges the branches in id order and reads the first by scanning the whole table in rowid order; the caller sorts.
// The three branches repeat their columns and the index's WHERE, so that the statement is one text (the check
// scripts/pg-schema-check.sh prepares it on PostgreSQL as it stands).
constexpr std::string_view kLateCandidates =
    "SELECT code, agency, procedure_code, channel, status, received_at, original_due_at, result_ready_at, "
    "timeliness, closed_at, apologized, resolving_agency, id FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at >= ?1 UNION ALL "
    "SELECT code, agency, procedure_code, channel, status, received_at, original_due_at, result_ready_at, "
    "timeliness, closed_at, apologized, resolving_agency, id FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at IS NULL AND closed_at IS NULL AND original_due_at < ?3 UNION ALL "
    "SELECT code, agency, procedure_code, channel, status, received_at, original_due_at, result_ready_at, "
    "timeliness, closed_at, apologized, resolving_agency, id FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at IS NULL AND closed_at >= ?3 AND original_due_at < ?3";

// The same candidates with only what the paged report judges (decision 0046): no code, procedure or channel; the
// agencies only for the scope. The same three branches and WHERE, fewer columns of the same index.
constexpr std::string_view kLateCandidateKeys =
    "SELECT id, status, agency, resolving_agency, original_due_at, result_ready_at, timeliness, closed_at, apologized "
    "FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at >= ?1 UNION ALL "
    "SELECT id, status, agency, resolving_agency, original_due_at, result_ready_at, timeliness, closed_at, apologized "
    "FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at IS NULL AND closed_at IS NULL AND original_due_at < ?3 UNION ALL "
    "SELECT id, status, agency, resolving_agency, original_due_at, result_ready_at, timeliness, closed_at, apologized "
    "FROM dossier "
    "WHERE (result_ready_at IS NULL OR result_ready_at > original_due_at) AND apologized = 0 AND received_at < ?2 "
    "AND status NOT IN (1, 3) "
    "AND result_ready_at IS NULL AND closed_at >= ?3 AND original_due_at < ?3";
// One dossier's report facts by id, the columns as read_facts reads them (a page of violations).
constexpr std::string_view kFactsOf =
    "SELECT code, agency, procedure_code, channel, status, received_at, original_due_at, result_ready_at, "
    "timeliness, closed_at, apologized, resolving_agency FROM dossier WHERE id = ?1";

// Schema 0023: the dossiers per (agency, resolving agency, status), a few hundred rows at most.
constexpr std::string_view kUpsertStatusCount =
    "INSERT INTO status_count (agency, resolving_agency, status, dossiers) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (agency, resolving_agency, status) DO UPDATE SET dossiers = status_count.dossiers + excluded.dossiers";
constexpr std::string_view kStatusCounts =
    "SELECT agency, resolving_agency, status, dossiers FROM status_count WHERE dossiers <> 0";

// Schema 0025 (decision 0039): one dossier's 766 facts as stored, read before and after each write that can change
// them (the primary key, and the dossier's own marks, result, fee lines through their indexes).
// Whether the result is a document comes from the version's column (schema 0031), not from parsing its body.
constexpr std::string_view kCounts766Facts =
    "SELECT d.agency, d.resolving_agency, d.procedure_code, d.channel, d.service_mode, d.status, d.received_at, "
    "d.submitted_at, d.received_by <> '', d.result_ready_at, p.code IS NOT NULL, "
    "coalesce(p.result_required, 0) <> 0, "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.digitised = 1), "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.certified_copy = 1), "
    "EXISTS (SELECT 1 FROM component_mark m WHERE m.dossier_id = d.id AND m.reused = 1), "
    "EXISTS (SELECT 1 FROM electronic_result r WHERE r.dossier_id = d.id), "
    "(SELECT count(*) FROM dossier_fee l WHERE l.dossier_id = d.id), "
    "(SELECT coalesce(sum(l.amount - l.exempted), 0) FROM dossier_fee l WHERE l.dossier_id = d.id) "
    "FROM dossier d LEFT JOIN procedure_version p ON p.code = d.procedure_code AND p.version = d.procedure_version "
    "WHERE d.id = ?1";
// Its online payments not reversed (reversal records excluded, and any payment a reversal names). method || '' keeps
// SQLite on the dossier's own payments (payment_dossier) rather than every online one (payment_method_at).
constexpr std::string_view kCounts766Payments =
    "SELECT p.at, p.amount FROM payment p WHERE p.dossier_id = ?1 AND p.method || '' = 'online' "
    "AND coalesce(p.reverses, 0) = 0 AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)";
// Column order of core::Count766. The stored counts are named by the table (PostgreSQL finds a bare name ambiguous
// beside excluded.x).
constexpr std::string_view kUpsertCounts766Day =
    "INSERT INTO counts766_day (day, agency, resolving_agency, procedure_code, received_direct, received_online, "
    "received_postal, served_counter, served_online_self, served_online_volunteer, served_home_visit, "
    "submissions_waiting, submissions_refused, digitised, digitised_with_electronic_result, certified_copies, "
    "reused, results_requiring_document, electronic_results, fee_data_dossiers, fee_dossiers, online_payments, "
    "paid_online_amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23) ON CONFLICT (day, agency, resolving_agency, procedure_code) DO UPDATE SET "
    "received_direct = counts766_day.received_direct + excluded.received_direct, received_online = "
    "counts766_day.received_online + excluded.received_online, received_postal = counts766_day.received_postal + "
    "excluded.received_postal, served_counter = counts766_day.served_counter + excluded.served_counter, "
    "served_online_self = counts766_day.served_online_self + excluded.served_online_self, served_online_volunteer = "
    "counts766_day.served_online_volunteer + excluded.served_online_volunteer, served_home_visit = "
    "counts766_day.served_home_visit + excluded.served_home_visit, submissions_waiting = "
    "counts766_day.submissions_waiting + excluded.submissions_waiting, submissions_refused = "
    "counts766_day.submissions_refused + excluded.submissions_refused, digitised = counts766_day.digitised + "
    "excluded.digitised, digitised_with_electronic_result = counts766_day.digitised_with_electronic_result + "
    "excluded.digitised_with_electronic_result, certified_copies = counts766_day.certified_copies + "
    "excluded.certified_copies, reused = counts766_day.reused + excluded.reused, results_requiring_document = "
    "counts766_day.results_requiring_document + excluded.results_requiring_document, electronic_results = "
    "counts766_day.electronic_results + excluded.electronic_results, fee_data_dossiers = "
    "counts766_day.fee_data_dossiers + excluded.fee_data_dossiers, fee_dossiers = counts766_day.fee_dossiers + "
    "excluded.fee_dossiers, online_payments = counts766_day.online_payments + excluded.online_payments, "
    "paid_online_amount = counts766_day.paid_online_amount + excluded.paid_online_amount";
constexpr std::string_view kCounts766Sums =
    "SELECT agency, procedure_code, sum(received_direct), sum(received_online), sum(received_postal), "
    "sum(served_counter), sum(served_online_self), sum(served_online_volunteer), sum(served_home_visit), "
    "sum(submissions_waiting), sum(submissions_refused), sum(digitised), sum(digitised_with_electronic_result), "
    "sum(certified_copies), sum(reused), sum(results_requiring_document), sum(electronic_results), "
    "sum(fee_data_dossiers), sum(fee_dossiers), sum(online_payments), sum(paid_online_amount) FROM counts766_day "
    "WHERE day >= ?2 AND day <= ?3 AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) OR "
    "resolving_agency IN (SELECT value FROM json_each(?1))) GROUP BY agency, procedure_code";

constexpr std::string_view kUpsertCounts766Paid =
    "INSERT INTO counts766_paid (received_day, paid_day, agency, resolving_agency, procedure_code, dossiers) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (received_day, paid_day, agency, resolving_agency, procedure_code) "
    "DO UPDATE SET dossiers = counts766_paid.dossiers + excluded.dossiers";
// The fee dossiers received in the period (?2..?3, day numbers) paid online by its end.
constexpr std::string_view kCounts766PaidSums =
    "SELECT agency, procedure_code, sum(dossiers) FROM counts766_paid "
    "WHERE received_day >= ?2 AND received_day <= ?3 AND paid_day <= ?3 "
    "AND (CAST(?1 AS TEXT) IS NULL OR agency IN (SELECT value FROM json_each(?1)) "
    "                OR resolving_agency IN (SELECT value FROM json_each(?1))) "
    "GROUP BY agency, procedure_code";

core::Timestamp instant_of(std::string_view text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged instant: " + std::string(text));
    return *t;
}

std::optional<core::Timestamp> optional_instant_of(const Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return instant_of(s.text_view(column));
}

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
    // SQLite sorts the counter rows for GROUP BY with twenty CASE sums each (80 ms a year at 1 M dossiers); reading
    // them once and adding in C++, as the trend does, takes about a third of that. PostgreSQL aggregates in the
    // server (hash aggregate) and sends one row per group instead of every counter row.
    if (db_.dialect() == Dialect::sqlite) return timeliness_sums_each(agencies, {period}).front();
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

std::vector<std::vector<core::PeriodSums>> SqliteReportStore::timeliness_sums_each(
    const std::vector<std::string>& agencies, const std::vector<core::ReportPeriod>& periods) {
    if (periods.empty()) return {};
    // PostgreSQL aggregates one period in the server (timeliness_sums); for one or two periods (a report that runs
    // past today and the sums up to today, decision 0049) that beats sending every counter row to the client.
    if (db_.dialect() != Dialect::sqlite && periods.size() <= 2) {
        std::vector<std::vector<core::PeriodSums>> out;
        for (const core::ReportPeriod& p : periods) out.push_back(timeliness_sums(agencies, p));
        return out;
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> days;  // each period's first and last day
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    for (const core::ReportPeriod& p : periods) {
        days.emplace_back(day_count(core::day_number(p.from)), day_count(core::day_number(p.to)));
        last = std::max(last, days.back().second);
    }
    Statement s = db_.prepare(kDayRowsUpTo);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, last);
    // Per (receiving agency, procedure): one PeriodSums per period.
    std::map<std::pair<std::string, std::string>, std::vector<core::PeriodSums>> groups;
    core::DayCounts row{};
    while (s.step()) {
        std::pair<std::string, std::string> key{s.text(0), s.text(1)};
        auto [at, fresh] = groups.try_emplace(std::move(key));
        if (fresh) at->second.assign(periods.size(), core::PeriodSums{at->first.first, at->first.second, {}, {}});
        const std::int64_t day = s.int64(2);
        for (std::size_t c = 0; c < core::kDayCounters; ++c) row[c] = s.int64(static_cast<int>(3 + c));
        for (std::size_t i = 0; i < periods.size(); ++i) {
            if (day > days[i].second) continue;
            core::DayCounts& into = day < days[i].first ? at->second[i].before : at->second[i].within;
            for (std::size_t c = 0; c < core::kDayCounters; ++c) into[c] += row[c];
        }
    }
    std::vector<std::vector<core::PeriodSums>> out(periods.size());
    for (auto& [key, sums] : groups)
        for (std::size_t i = 0; i < periods.size(); ++i) out[i].push_back(std::move(sums[i]));
    return out;
}

core::DossierFacts read_facts(const Statement& s) {
    core::DossierFacts f;
    f.code = s.text(0);
    f.agency = s.text(1);
    f.procedure_code = s.text(2);
    auto channel = core::parse_channel(s.text_view(3));
    if (!channel) throw StorageError(0, "damaged dossier row: " + channel.error().message);
    f.channel = *channel;
    f.status = static_cast<core::DossierStatus>(s.int32(4));
    f.received_at = instant_of(s.text_view(5));
    f.original_due_at = instant_of(s.text_view(6));
    f.resolved_at = optional_instant_of(s, 7);
    if (!s.is_null(8)) {
        const std::string_view t = s.text_view(8);
        f.timeliness = t == "early" ? core::Timeliness::early
                                    : (t == "on_time" ? core::Timeliness::on_time : core::Timeliness::late);
    }
    f.closed_at = optional_instant_of(s, 9);
    f.apologized = !s.is_null(10) && s.int64(10) != 0;
    f.resolving_agency = s.text(11);
    return f;
}

std::string_view late_candidates_statement() { return kLateCandidates; }

std::vector<core::DossierFacts> SqliteReportStore::late_candidates(const std::vector<std::string>& agencies,
                                                                   core::Timestamp from, core::Timestamp to,
                                                                   core::Timestamp until) {
    Statement s = db_.prepare(kLateCandidates);
    s.bind(1, core::format_instant_utc(from)).bind(2, core::format_instant_utc(to));
    s.bind(3, core::format_instant_utc(until));
    // The scope as the other report queries apply it: the receiving or the resolving agency is in it.
    const std::set<std::string, std::less<>> scope(agencies.begin(), agencies.end());
    std::vector<std::int64_t> ids;
    std::vector<core::DossierFacts> found;
    while (s.step()) {
        if (!scope.empty() && scope.count(s.text_view(1)) == 0 && scope.count(s.text_view(11)) == 0) continue;
        ids.push_back(s.int64(12));
        found.push_back(read_facts(s));
    }
    // In id order: an order of positions is sorted, not the facts themselves (tens of thousands at 1 M dossiers).
    std::vector<std::size_t> order(ids.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&ids](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    std::vector<core::DossierFacts> out;
    out.reserve(found.size());
    for (const std::size_t i : order) out.push_back(std::move(found[i]));
    return out;
}

std::string_view late_candidate_keys_statement() { return kLateCandidateKeys; }

std::vector<core::LateCandidateKey> SqliteReportStore::late_candidate_keys(const std::vector<std::string>& agencies,
                                                                           core::Timestamp from, core::Timestamp to,
                                                                           core::Timestamp until) {
    Statement s = db_.prepare(kLateCandidateKeys);
    s.bind(1, core::format_instant_utc(from)).bind(2, core::format_instant_utc(to));
    s.bind(3, core::format_instant_utc(until));
    const std::set<std::string, std::less<>> scope(agencies.begin(), agencies.end());
    std::vector<core::LateCandidateKey> out;
    while (s.step()) {
        if (!scope.empty() && scope.count(s.text_view(2)) == 0 && scope.count(s.text_view(3)) == 0) continue;
        core::LateCandidateKey k;
        k.id = s.int64(0);
        k.status = static_cast<core::DossierStatus>(s.int32(1));
        k.original_due_at = instant_of(s.text_view(4));
        k.resolved_at = optional_instant_of(s, 5);
        if (!s.is_null(6)) {
            const std::string_view t = s.text_view(6);
            k.timeliness = t == "early" ? core::Timeliness::early
                                        : (t == "on_time" ? core::Timeliness::on_time : core::Timeliness::late);
        }
        k.closed_at = optional_instant_of(s, 7);
        k.apologized = !s.is_null(8) && s.int64(8) != 0;
        out.push_back(k);
    }
    // In id order, as late_candidates.
    std::sort(out.begin(), out.end(),
              [](const core::LateCandidateKey& a, const core::LateCandidateKey& b) { return a.id < b.id; });
    return out;
}

std::vector<core::DossierFacts> SqliteReportStore::facts_of(const std::vector<std::int64_t>& ids) {
    std::vector<core::DossierFacts> out;
    out.reserve(ids.size());
    Statement s = db_.prepare(kFactsOf);
    for (const std::int64_t id : ids) {
        s.reset();
        s.bind(1, id);
        if (s.step()) out.push_back(read_facts(s));
    }
    return out;
}

std::vector<core::OpenDueKey> SqliteReportStore::open_due_keys(const std::vector<std::string>& agencies,
                                                              core::Timestamp due_before) {
    Statement s = db_.prepare(db_.dialect() == Dialect::postgresql ? kOpenDueKeysPostgres : kOpenDueKeysSqlite);
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, core::format_instant_utc(due_before));
    std::vector<core::OpenDueKey> out;
    while (s.step()) out.push_back(core::OpenDueKey{s.int64(0), s.text(1), instant_of(s.text(2)), s.int64(3) != 0});
    return out;
}

std::vector<core::OpenDossier> SqliteReportStore::open_dossiers(const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return {};
    Statement s = db_.prepare(kOpenDossiers);
    s.bind(1, nlohmann::json(ids).dump());
    std::map<std::int64_t, core::OpenDossier> found;
    while (s.step()) {
        core::OpenDossier d;
        d.id = s.int64(11);
        d.code = s.text(0);
        d.agency = s.text(1);
        d.procedure_code = s.text(2);
        d.procedure_version = s.int32(3);
        d.status = static_cast<core::DossierStatus>(s.int32(4));
        d.due_at = instant_of(s.text(5));
        d.original_due_at = instant_of(s.text(6));
        if (!s.is_null(7)) d.extended_due_at = instant_of(s.text(7));
        d.step_index = s.is_null(8) ? 0 : s.int32(8);
        d.apologized = !s.is_null(9) && s.int64(9) != 0;
        d.late_apology = !s.is_null(10) && s.int64(10) != 0;
        found.emplace(d.id, std::move(d));
    }
    // In the order asked for.
    std::vector<core::OpenDossier> out;
    out.reserve(found.size());
    for (const std::int64_t id : ids)
        if (auto f = found.find(id); f != found.end()) out.push_back(std::move(f->second));
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

void StatusCountDeltas::add(const std::string& agency, const std::string& resolving_agency,
                            core::DossierStatus status, int sign) {
    deltas_[{agency, resolving_agency, core::status_code(status)}] += sign;
}

void StatusCountDeltas::apply(Database& db) {
    for (const auto& [key, n] : deltas_) {
        if (n == 0) continue;
        db.prepare(kUpsertStatusCount)
            .bind(1, std::get<0>(key))
            .bind(2, std::get<1>(key))
            .bind(3, std::get<2>(key))
            .bind(4, n)
            .run();
    }
    deltas_.clear();
}

std::map<core::DossierStatus, std::int64_t> SqliteReportStore::status_counts(const std::vector<std::string>& agencies) {
    // The scope as the dossier list applies it: the receiving or the resolving agency is in it.
    const std::set<std::string, std::less<>> scope(agencies.begin(), agencies.end());
    std::map<core::DossierStatus, std::int64_t> out;
    Statement s = db_.prepare(kStatusCounts);
    while (s.step()) {
        if (!scope.empty() && scope.count(s.text(0)) == 0 && scope.count(s.text(1)) == 0) continue;
        out[static_cast<core::DossierStatus>(s.int32(2))] += s.int64(3);
    }
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

void Counts766Deltas::add(const core::Counts766Facts& facts, int sign) {
    const core::Counts766Marks marks = core::counts766_marks(facts);
    for (const core::Count766Mark& m : marks.days)
        days_[{day_count(m.day), facts.agency, facts.resolving_agency, facts.procedure_code}]
             [static_cast<std::size_t>(m.counter)] += sign * m.value;
    if (marks.paid)
        paid_[{day_count(marks.paid->received_day), day_count(marks.paid->paid_day), facts.agency,
               facts.resolving_agency, facts.procedure_code}] += sign;
}

void Counts766Deltas::add_stored(Database& db, std::int64_t dossier_id, int sign) {
    if (auto facts = stored_counts766_facts(db, dossier_id)) add(*facts, sign);
}

void Counts766Deltas::apply(Database& db) {
    for (const auto& [key, counts] : days_) {
        if (std::all_of(counts.begin(), counts.end(), [](std::int64_t n) { return n == 0; })) continue;
        Statement s = db.prepare(kUpsertCounts766Day);
        s.bind(1, std::get<0>(key)).bind(2, std::get<1>(key)).bind(3, std::get<2>(key)).bind(4, std::get<3>(key));
        for (std::size_t i = 0; i < core::kCounts766; ++i) s.bind(static_cast<int>(5 + i), counts[i]);
        s.run();
    }
    for (const auto& [key, n] : paid_) {
        if (n == 0) continue;
        db.prepare(kUpsertCounts766Paid)
            .bind(1, std::get<0>(key))
            .bind(2, std::get<1>(key))
            .bind(3, std::get<2>(key))
            .bind(4, std::get<3>(key))
            .bind(5, std::get<4>(key))
            .bind(6, n)
            .run();
    }
    clear();
}

std::optional<core::Counts766Facts> stored_counts766_facts(Database& db, std::int64_t dossier_id) {
    core::Counts766Facts f;
    {
        Statement s = db.prepare(kCounts766Facts);
        s.bind(1, dossier_id);
        if (!s.step()) return std::nullopt;
        f.agency = s.text(0);
        f.resolving_agency = s.text(1);
        f.procedure_code = s.text(2);
        auto channel = core::parse_channel(s.text(3));
        auto mode = core::parse_service_mode(s.text(4));
        if (!channel || !mode) throw StorageError(0, "damaged dossier row: channel or service mode");
        f.channel = *channel;
        f.service_mode = *mode;
        f.status = static_cast<core::DossierStatus>(s.int32(5));
        f.received_at = instant_of(s.text(6));
        f.submitted_at = optional_instant_of(s, 7);
        f.received_by_clerk = s.int64(8) != 0;
        f.result_ready_at = optional_instant_of(s, 9);
        f.procedure_known = s.int64(10) != 0;
        f.result_required = s.int64(11) != 0;
        f.digitised = s.int64(12) != 0;
        f.certified_copy = s.int64(13) != 0;
        f.reused = s.int64(14) != 0;
        f.electronic_result = s.int64(15) != 0;
        f.fee_lines = s.int64(16);
        f.fee_due = s.int64(17);
    }
    Statement p = db.prepare(kCounts766Payments);
    p.bind(1, dossier_id);
    while (p.step())
        f.online_payments.push_back(core::Counts766Facts::OnlinePayment{instant_of(p.text(0)), p.int64(1)});
    return f;
}

std::vector<core::Counts766Sums> counts766_sums(Database& db, const std::vector<std::string>& agencies,
                                                core::ReportPeriod period) {
    const std::int64_t first = day_count(core::day_number(period.from));
    const std::int64_t last = day_count(core::day_number(period.to));
    std::map<std::pair<std::string, std::string>, core::Counts766Sums> found;
    auto entry = [&found](const std::string& agency, const std::string& procedure) -> core::Counts766Sums& {
        auto& e = found[{agency, procedure}];
        e.agency = agency;
        e.procedure_code = procedure;
        return e;
    };
    {
        Statement s = db.prepare(kCounts766Sums);
        if (agencies.empty()) s.bind_null(1);
        else s.bind(1, nlohmann::json(agencies).dump());
        s.bind(2, first).bind(3, last);
        while (s.step()) {
            core::Counts766Sums& e = entry(s.text(0), s.text(1));
            for (std::size_t i = 0; i < core::kCounts766; ++i) e.counts[i] += s.int64(static_cast<int>(2 + i));
        }
    }
    Statement p = db.prepare(kCounts766PaidSums);
    if (agencies.empty()) p.bind_null(1);
    else p.bind(1, nlohmann::json(agencies).dump());
    p.bind(2, first).bind(3, last);
    while (p.step()) entry(p.text(0), p.text(1)).paid_online_dossiers += p.int64(2);
    std::vector<core::Counts766Sums> out;
    out.reserve(found.size());
    for (auto& [key, e] : found) out.push_back(std::move(e));
    return out;
}

std::vector<core::Counts766Sums> SqliteReportStore::counts766_sums(const std::vector<std::string>& agencies,
                                                                  core::ReportPeriod period) {
    return storage::counts766_sums(db_, agencies, period);
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
        f.received_at = instant_of(s.text(2));
        if (!s.is_null(3)) f.resolved_at = instant_of(s.text(3));
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
