#pragma once
// Periodic report form II.06a (domain.md §7): received (carried over + new by channel), resolved (early / on time /
// late) and pending (within deadline / overdue) per agency, field or procedure, for any period. Counting rules are
// written in docs/reports.md; every dossier in scope lands in exactly one "where it went" column, which the
// reconciliation identity checks.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dossier.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// What a report needs to know of one dossier (read from storage; no timeline).
struct DossierFacts {
    std::string code;
    std::string agency;           ///< receiving agency
    std::string resolving_agency;
    std::string procedure_code;
    std::string field;
    Channel channel = Channel::direct;
    DossierStatus status = DossierStatus::received;  ///< now
    Timestamp received_at;
    Timestamp original_due_at;
    std::optional<Timestamp> resolved_at;  ///< result ready
    std::optional<Timeliness> timeliness;
    std::optional<Timestamp> closed_at;    ///< withdrawn or stopped (or supplementation expired)
    bool apologized = false;
};

/// One apology (extension) as reports see it.
struct ApologyFacts {
    std::string code;
    std::string agency;
    Timestamp at;
    std::string reason;
    Timestamp original_due_at;
    Timestamp new_due_at;
    bool late = false;  ///< issued after the end of the working day before the original due
    std::optional<Timestamp> resolved_at;
    std::optional<Timestamp> closed_at;  ///< withdrawn or stopped before a result
};

/// How promptly a dossier's changes reached the record in a period (Decision 766, group CKMB, "status and progress
/// updated in real time"): the longest delay between an event's time and the moment it was recorded.
struct EntryDelay {
    std::string code;
    std::string agency;
    std::int64_t events = 0;           ///< events dated in the period
    std::chrono::seconds longest{0};   ///< max(recorded − happened) over them (never negative)
};

enum class ApologyOutcome { kept, broken, pending, closed };
[[nodiscard]] const char* to_string(ApologyOutcome o) noexcept;
/// Kept: the result was ready by the new date; broken: it was not (or is still not, past the new date);
/// pending: not ready and the new date has not come yet; closed: withdrawn or stopped without a result. Instants are
/// compared (the new date is a promised instant).
[[nodiscard]] ApologyOutcome outcome_of(const ApologyFacts& a, Timestamp now);

/// What the apology report judges of one apology, without its text (decision 0046): the paged report counts the
/// whole period from these and reads the text of its page's apologies only.
struct ApologyKey {
    std::int64_t dossier_id = 0;
    Timestamp at;
    Timestamp new_due_at;
    bool late = false;
    std::optional<Timestamp> resolved_at;
    std::optional<Timestamp> closed_at;
    std::int64_t event_seq = 0;  ///< the apology's place in the dossier's timeline: how its text is read back
};
/// outcome_of for the same facts without their text: the same rule.
[[nodiscard]] ApologyOutcome outcome_of(const ApologyKey& a, Timestamp now);

/// What the apology report judges of one violation candidate, without its text (decision 0046).
struct LateCandidateKey {
    std::int64_t id = 0;
    DossierStatus status = DossierStatus::received;
    Timestamp original_due_at;
    std::optional<Timestamp> resolved_at;
    std::optional<Timeliness> timeliness;
    std::optional<Timestamp> closed_at;
    bool apologized = false;
};
[[nodiscard]] LateCandidateKey late_candidate_key(const DossierFacts& f);
/// Whether a dossier is an apology violation of [start, end), judged at `until` (the earlier of `end` and now):
/// received, never apologised, and either resolved late in the period or still open past its original due at `until`
/// (docs/reports.md).
[[nodiscard]] bool is_apology_violation(const LateCandidateKey& f, Timestamp start, Timestamp end, Timestamp until);

struct ApologyCounts {
    std::int64_t issued = 0;
    std::int64_t issued_late = 0;
    std::int64_t kept = 0;
    std::int64_t broken = 0;
    std::int64_t pending = 0;
    std::int64_t closed = 0;
    std::int64_t violations = 0;  ///< late dossiers (resolved late in the period, or open past due) with no apology
};

enum class ReportGrouping { agency, field, procedure };
[[nodiscard]] const char* to_string(ReportGrouping g) noexcept;
[[nodiscard]] Result<ReportGrouping> parse_grouping(std::string_view text, std::string_view field = {});

/// Report windows: the calendar period as given, or the official 15th-to-14th window (Decree 09/2019 [M]).
enum class ReportWindow { calendar, official };
[[nodiscard]] const char* to_string(ReportWindow w) noexcept;
[[nodiscard]] Result<ReportWindow> parse_window(std::string_view text, std::string_view field = {});

struct ReportPeriod {
    Date from;  ///< first day, inclusive (office time)
    Date to;    ///< last day, inclusive
};

/// A report period must run forward and span at most ten years. Error invalid_argument "invalid_period" on "to".
[[nodiscard]] Status check_report_period(const ReportPeriod& period);
/// The first instant of the period's first day and the first instant after its last day (office time).
[[nodiscard]] Timestamp period_start(const ReportPeriod& period);
[[nodiscard]] Timestamp period_end(const ReportPeriod& period);

/// The official window for a calendar period: each bound moves back to the 15th of the previous month
/// (1/1–31/3 → 15/12–14/3). Calendar windows are returned unchanged.
[[nodiscard]] ReportPeriod window_for(ReportPeriod period, ReportWindow window);

/// The calendar months of a period of whole months (from a 1st to the last day of a month), in order: the periods
/// of the monthly trend (II.06a with group_by=month). Errors: invalid_argument "invalid_period" on "from" when it is
/// not the first day of a month, on "to" when it is not the last day of one (check_report_period's limits apply).
[[nodiscard]] Result<std::vector<ReportPeriod>> months_of(const ReportPeriod& period);
/// A month's key in the monthly trend: "YYYY-MM" of its first day.
[[nodiscard]] std::string month_key(const ReportPeriod& month);

struct TimelinessCounts {
    std::int64_t carried_over = 0;
    std::int64_t received_online = 0;
    std::int64_t received_direct = 0;
    std::int64_t received_postal = 0;
    std::int64_t resolved_early = 0;
    std::int64_t resolved_on_time = 0;
    std::int64_t resolved_late = 0;
    std::int64_t pending_within = 0;
    std::int64_t pending_overdue = 0;
    std::int64_t closed_other = 0;  ///< withdrawn or stopped within the period

    [[nodiscard]] std::int64_t received_new() const { return received_online + received_direct + received_postal; }
    [[nodiscard]] std::int64_t received_total() const { return carried_over + received_new(); }
    [[nodiscard]] std::int64_t resolved_total() const { return resolved_early + resolved_on_time + resolved_late; }
    [[nodiscard]] std::int64_t pending_total() const { return pending_within + pending_overdue; }
    /// carried over + new = resolved + pending + closed.
    [[nodiscard]] bool reconciles() const {
        return received_total() == resolved_total() + pending_total() + closed_other;
    }
    TimelinessCounts& operator+=(const TimelinessCounts& o);
};

struct TimelinessRow {
    std::string key;
    std::string name;
    TimelinessCounts counts;
};

struct TimelinessReport {
    ReportPeriod period;
    std::vector<TimelinessRow> rows;  ///< sorted by key
    TimelinessCounts total;
};

/// The II.06a columns a dossier can be counted in (the JSON names of the report), and the three totals.
enum class TimelinessColumn {
    carried_over,
    received_online,
    received_direct,
    received_postal,
    resolved_early,
    resolved_on_time,
    resolved_late,
    pending_within,
    pending_overdue,
    closed_other,
    received_total,
    resolved_total,
    pending_total,
};
[[nodiscard]] const char* to_string(TimelinessColumn c) noexcept;
[[nodiscard]] Result<TimelinessColumn> parse_timeliness_column(std::string_view text, std::string_view field = {});

/// Where one dossier lands in the report for `period`: its group key, where it came from (carried over or new by
/// channel) and where it went (exactly one of resolved / pending / closed). nullopt: not part of the period.
struct Placement {
    std::string key;
    TimelinessColumn origin = TimelinessColumn::carried_over;
    TimelinessColumn destination = TimelinessColumn::pending_within;
};
///
/// `today` (office time) is the day the report is made. A dossier still pending at the period's end is overdue when
/// its original due day is on or before the period's last day, or on or before `today` when the period runs past it:
/// a dossier due later this month is not overdue today. nullopt: judged on the period's last day (a past period).
[[nodiscard]] std::optional<Placement> place(const DossierFacts& f, ReportPeriod period, ReportGrouping grouping,
                                             std::optional<Date> today = std::nullopt);
/// The `today` that place() is given for a report of `facts` made on `today`: nullopt (judged on the period's last
/// day) when the period ends on or before today, or when a fact is received, resolved or closed after today but within
/// the period (a clock set back, nodes whose clocks differ), since judging pending dossiers before their own end would
/// then no longer reconcile. timeliness_from_sums decides the same from the sums.
[[nodiscard]] std::optional<Date> judging_day(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                              std::optional<Date> today);
/// Whether a dossier placed `p` is counted in `column` (a total counts its parts).
[[nodiscard]] bool counted_in(const Placement& p, TimelinessColumn column);

/// The dossiers behind one figure of the report: those of group `key` (empty: every group, the total row) counted
/// in `column`, in the order of `facts`.
[[nodiscard]] std::vector<DossierFacts> dossiers_behind(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                                        ReportGrouping grouping, const std::string& key,
                                                        TimelinessColumn column,
                                                        std::optional<Date> today = std::nullopt);

/// Counts `facts` for the period (pending dossiers judged as `place` does with `today`). `names` maps a group key
/// (agency code, field, procedure code) to its name.
/// Errors: failed_precondition "report_does_not_reconcile" if a dossier would be dropped (a bug, checked anyway).
[[nodiscard]] Result<TimelinessReport> timeliness_report(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                                         ReportGrouping grouping,
                                                         const std::map<std::string, std::string>& names,
                                                         std::optional<Date> today = std::nullopt);

}  // namespace motcua::core
