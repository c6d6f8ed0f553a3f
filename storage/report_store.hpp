#pragma once
// core::ReportStore on SQLite: report queries over events and the audit log, and the per-day report counters
// (table report_day, decision 0024) with the helper that dossier writes use to keep them.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "core/ports.hpp"
#include "core/report_rollup.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// The statement of SqliteReportStore::late_candidates (see apology_report_statements_sqlite).
[[nodiscard]] std::string_view late_candidates_statement();
/// The statement of SqliteReportStore::late_candidate_keys (see apology_report_statements_sqlite).
[[nodiscard]] std::string_view late_candidate_keys_statement();

/// The report facts of one row of a statement whose columns are, in order: code, agency, procedure_code, channel,
/// status, received_at, original_due_at, result_ready_at, timeliness, closed at (or NULL), apologized (or NULL),
/// resolving_agency.
[[nodiscard]] core::DossierFacts read_facts(const Statement& s);

/// Changes to report_day gathered in memory, then written with one upsert per (day, agency, resolving agency,
/// procedure). Dossier writes add the old marks with −1 and the new ones with +1 and apply them in their own
/// transaction; bulk loads apply once per batch.
class DayCountDeltas {
public:
    /// Adds `sign` (+1 or −1) for every mark of `facts` under (facts.agency, resolving_agency, procedure).
    void add(const core::DossierFacts& facts, const std::string& resolving_agency, int sign);
    /// Writes the gathered changes in the caller's transaction and forgets them.
    void apply(Database& db);
    void clear() { deltas_.clear(); }
    [[nodiscard]] bool empty() const { return deltas_.empty(); }

private:
    using Key = std::tuple<std::int64_t, std::string, std::string, std::string>;
    std::map<Key, core::DayCounts> deltas_;
};

/// Changes to status_count (schema 0023) gathered in memory, then written with one upsert per (agency, resolving
/// agency, status): a dossier write adds its stored row with −1 and its new row with +1; bulk loads apply once per
/// batch.
class StatusCountDeltas {
public:
    void add(const std::string& agency, const std::string& resolving_agency, core::DossierStatus status, int sign);
    /// Writes the gathered changes in the caller's transaction and forgets them.
    void apply(Database& db);
    void clear() { deltas_.clear(); }

private:
    std::map<std::tuple<std::string, std::string, int>, std::int64_t> deltas_;
};

/// Changes to the Decision 766 per-day counters (schema 0025, core/counts766_rollup.hpp) gathered in memory, then
/// written with one upsert per touched row. Every write that can change a dossier's figures (its row, component
/// marks, electronic result, fee lines, payments) adds the dossier as stored with −1 before it writes and with +1
/// after, in its transaction, and applies; the writes of one transaction are taken in turn, never nested.
class Counts766Deltas {
public:
    /// Adds `sign` × the marks of the stored dossier `dossier_id` (read with one indexed statement and its payments);
    /// nothing when there is no such dossier.
    void add_stored(Database& db, std::int64_t dossier_id, int sign);
    void add(const core::Counts766Facts& facts, int sign);
    /// Writes the gathered changes in the caller's transaction and forgets them.
    void apply(Database& db);
    void clear() {
        days_.clear();
        paid_.clear();
    }

private:
    std::map<std::tuple<std::int64_t, std::string, std::string, std::string>, core::Counts766Columns> days_;
    std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::string>, std::int64_t> paid_;
};

/// The 766 facts of the stored dossier `dossier_id` (nullopt when there is none).
[[nodiscard]] std::optional<core::Counts766Facts> stored_counts766_facts(Database& db, std::int64_t dossier_id);

/// The 766 per-day counters of `agencies` (receiving or resolving; empty: all) summed over `period` per (receiving
/// agency, procedure), with the fee dossiers of the period paid online by its end.
[[nodiscard]] std::vector<core::Counts766Sums> counts766_sums(Database& db, const std::vector<std::string>& agencies,
                                                              core::ReportPeriod period);

class SqliteReportStore final : public core::ReportStore {
public:
    explicit SqliteReportStore(Database& db) : db_(db) {}
    [[nodiscard]] std::vector<core::EntryDelay> entry_delays(const std::vector<std::string>& agencies,
                                                             core::Timestamp from, core::Timestamp to) override;
    [[nodiscard]] std::vector<core::Counts766Sums> counts766_sums(const std::vector<std::string>& agencies,
                                                                  core::ReportPeriod period) override;
    [[nodiscard]] std::vector<core::PeriodSums> timeliness_sums(const std::vector<std::string>& agencies,
                                                                core::ReportPeriod period) override;
    [[nodiscard]] std::vector<core::DossierFacts> late_candidates(const std::vector<std::string>& agencies,
                                                                  core::Timestamp from, core::Timestamp to,
                                                                  core::Timestamp until) override;
    [[nodiscard]] std::vector<core::LateCandidateKey> late_candidate_keys(const std::vector<std::string>& agencies,
                                                                          core::Timestamp from, core::Timestamp to,
                                                                          core::Timestamp until) override;
    [[nodiscard]] std::vector<core::DossierFacts> facts_of(const std::vector<std::int64_t>& ids) override;
    [[nodiscard]] std::map<core::DossierStatus, std::int64_t> status_counts(
        const std::vector<std::string>& agencies) override;
    [[nodiscard]] std::vector<std::vector<core::PeriodSums>> timeliness_sums_each(
        const std::vector<std::string>& agencies, const std::vector<core::ReportPeriod>& periods) override;
    [[nodiscard]] std::vector<core::OpenDueKey> open_due_keys(const std::vector<std::string>& agencies,
                                                              core::Timestamp due_before) override;
    [[nodiscard]] std::vector<core::OpenDossier> open_dossiers(const std::vector<std::int64_t>& ids) override;

    // The per-dossier reads the 766 counters replace (decision 0039), kept only as the tests' oracle: every dossier
    // of the period is read.
    /// What the digitisation counts need of each dossier of `agencies` (empty: all, by receiving agency) received in
    /// [from, to) or with its result ready in [from, to); online submissions not yet received (status 1) left out.
    [[nodiscard]] std::vector<core::DigitisationFacts> digitisation_facts(const std::vector<std::string>& agencies,
                                                                          core::Timestamp from, core::Timestamp to);
    /// Dossiers received in [from, to) by `agencies` (empty: all), counted per agency, procedure, channel and service
    /// mode, and the online submissions of the period no clerk received.
    [[nodiscard]] std::vector<core::ReceiptCount> receipts(const std::vector<std::string>& agencies,
                                                           core::Timestamp from, core::Timestamp to);

private:
    Database& db_;
};

}  // namespace motcua::storage
