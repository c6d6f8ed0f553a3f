#pragma once
// Per-day report counters (decision 0024): the II.06a report from sums over days instead of from every dossier.
//
// Each dossier adds 1 to a few counters of its (receiving agency, resolving agency, procedure) on a few office-time
// days: received (by channel) on its receipt day, ended (and resolved early / on time / late, or closed) on the day
// it was resolved or closed, "due" on its original due day and "due and ended" on the later of its due and end days
// (the last two only while it is not waiting for the applicant's supplement). Storage keeps the sums per day and
// changes them in the same transaction as the event that changes a dossier (the old marks out, the new ones in).
// For a period [F, T] every II.06a column is then a difference of sums over days before F and up to T:
//
//   carried_over    = received(< F) − ended(< F)          (received before F and not finished before F)
//   received_<ch>   = received_<ch>(F..T)
//   resolved_<t>    = resolved_<t>(F..T),  closed_other = closed(F..T)
//   pending_total   = received(≤ T) − ended(≤ T)
//   pending_overdue = due(≤ J) − due_and_ended(≤ J)       (due by J and not finished by J, not waiting; J = the
//                                                          earlier of T and today: nothing is overdue before its day)
//   pending_within  = pending_total − pending_overdue
//
// which is exactly what core::place counts for every dossier (tests/core/report_rollup_test.cpp proves it over
// random facts, tests/http/report_rollup_test.cpp over random demo databases).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/reports.hpp"

namespace motcua::core {

enum class DayCounter : std::size_t {
    received_direct,
    received_online,
    received_postal,
    ended,             ///< resolved, or closed without a result
    resolved_early,
    resolved_on_time,
    resolved_late,
    closed,            ///< withdrawn or stopped without a result
    due,               ///< original due day (not counted while waiting for a supplement)
    due_and_ended,     ///< the later of the due and end days (not counted while waiting for a supplement)
};
inline constexpr std::size_t kDayCounters = 10;
using DayCounts = std::array<std::int64_t, kDayCounters>;
[[nodiscard]] const char* to_string(DayCounter c) noexcept;

/// A dossier's report facts from its state and timeline, as DossierStore::facts reads them from the stored row:
/// withdrawn and stopped dossiers closed with their last event.
[[nodiscard]] DossierFacts report_facts(const Dossier& d);

/// One +1 that a dossier adds: counter `counter` on office-time day `day`.
struct DayMark {
    DayNumber day;
    DayCounter counter;
};

/// The marks of one dossier, from its report facts (the same facts core::place reads). Days never precede the
/// receipt day (events cannot be dated before the dossier's last event, so this only guards damaged rows).
[[nodiscard]] std::vector<DayMark> day_marks(const DossierFacts& f);

/// Sums of the counters of one (receiving agency, procedure) within a scope: over the days before a period and over
/// the days of the period.
struct PeriodSums {
    std::string agency;
    std::string procedure_code;
    DayCounts before{};
    DayCounts within{};
};

/// II.06a from the sums. `field_of` maps a procedure code to its field (unknown procedures: "?"), `names` a group key
/// to its name. Rows, totals and errors as timeliness_report. Pending dossiers are judged on the period's last day.
[[nodiscard]] Result<TimelinessReport> timeliness_from_sums(const std::vector<PeriodSums>& sums, ReportPeriod period,
                                                            ReportGrouping grouping,
                                                            const std::map<std::string, std::string>& field_of,
                                                            const std::map<std::string, std::string>& names);

/// The period whose sums judge the pending dossiers of `period` when the report is made on `today` (office time):
/// one ending today, when `period` runs past today (its first day is irrelevant: only sums up to its end are read).
/// nullopt: `period` ends on or before today, and its own sums judge them.
[[nodiscard]] std::optional<ReportPeriod> judging_period(ReportPeriod period, Date today);

/// II.06a of a period that runs past today, as timeliness_report counts it with `today`: `sums` are the period's,
/// `judged` those of judging_period(period, today). Only the due marks up to today decide which pending dossiers are
/// overdue (due(≤ today) − due_and_ended(≤ today)); every other column still comes from `sums`, so nothing received or
/// finished is left out. When `sums` hold a receipt or an end after today (a clock set back), the period is judged
/// on its last day instead, as judging_day decides from the facts.
[[nodiscard]] Result<TimelinessReport> timeliness_from_sums(const std::vector<PeriodSums>& sums,
                                                            const std::vector<PeriodSums>& judged, ReportPeriod period,
                                                            ReportGrouping grouping,
                                                            const std::map<std::string, std::string>& field_of,
                                                            const std::map<std::string, std::string>& names);

}  // namespace motcua::core
