#include "core/reports.hpp"

#include <array>

#include "core/enum_text.hpp"

namespace motcua::core {
namespace {

Date day_of(Timestamp t) { return date_of(to_local(t)); }

Date shift_to_previous_15th(Date d) {
    const date::year_month ym = date::year_month{d.year(), d.month()} - date::months{1};
    return Date{ym.year(), ym.month(), date::day{15}};
}

Date fourteenth_of(Date d) { return Date{d.year(), d.month(), date::day{14}}; }

}  // namespace

const char* to_string(ReportGrouping g) noexcept {
    switch (g) {
        case ReportGrouping::agency: return "agency";
        case ReportGrouping::field: return "field";
        case ReportGrouping::procedure: return "procedure";
    }
    return "agency";
}

Result<ReportGrouping> parse_grouping(std::string_view text, std::string_view field) {
    return parse_enum<ReportGrouping>(
        text, std::array{ReportGrouping::agency, ReportGrouping::field, ReportGrouping::procedure}, field, "group_by");
}

const char* to_string(ReportWindow w) noexcept {
    switch (w) {
        case ReportWindow::calendar: return "calendar";
        case ReportWindow::official: return "official";
    }
    return "calendar";
}

Result<ReportWindow> parse_window(std::string_view text, std::string_view field) {
    return parse_enum<ReportWindow>(text, std::array{ReportWindow::calendar, ReportWindow::official}, field, "window");
}

Status check_report_period(const ReportPeriod& p) {
    if (p.to < p.from || day_number(p.to) - day_number(p.from) > date::days{3660})
        return fail(ErrorKind::invalid_argument, "the period must run forward and span at most ten years", "to",
                    "invalid_period");
    return {};
}

Timestamp period_start(const ReportPeriod& p) { return to_utc(LocalTime{day_number(p.from)}); }
Timestamp period_end(const ReportPeriod& p) { return to_utc(LocalTime{day_number(p.to) + date::days{1}}); }

ReportPeriod window_for(ReportPeriod period, ReportWindow window) {
    if (window == ReportWindow::calendar) return period;
    return ReportPeriod{shift_to_previous_15th(period.from), fourteenth_of(period.to)};
}

Result<std::vector<ReportPeriod>> months_of(const ReportPeriod& period) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    if (period.from.day() != date::day{1})
        return fail(ErrorKind::invalid_argument, "a monthly report starts on the first day of a month", "from",
                    "invalid_period");
    const date::year_month_day_last last_of_to{period.to.year(), date::month_day_last{period.to.month()}};
    if (period.to != Date{last_of_to})
        return fail(ErrorKind::invalid_argument, "a monthly report ends on the last day of a month", "to",
                    "invalid_period");
    std::vector<ReportPeriod> out;
    for (date::year_month ym{period.from.year(), period.from.month()};
         ym <= date::year_month{period.to.year(), period.to.month()}; ym += date::months{1})
        out.push_back(ReportPeriod{Date{ym.year(), ym.month(), date::day{1}},
                                   Date{date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}}});
    return out;
}

std::string month_key(const ReportPeriod& month) { return format_date(month.from).substr(0, 7); }

const char* to_string(ApologyOutcome o) noexcept {
    switch (o) {
        case ApologyOutcome::kept: return "kept";
        case ApologyOutcome::broken: return "broken";
        case ApologyOutcome::pending: return "pending";
        case ApologyOutcome::closed: return "closed";
    }
    return "pending";
}

namespace {

ApologyOutcome outcome(const std::optional<Timestamp>& resolved_at, const std::optional<Timestamp>& closed_at,
                       Timestamp new_due_at, Timestamp now) {
    if (resolved_at) return *resolved_at <= new_due_at ? ApologyOutcome::kept : ApologyOutcome::broken;
    if (closed_at) return ApologyOutcome::closed;  // withdrawn or stopped: no result was due any more
    return now > new_due_at ? ApologyOutcome::broken : ApologyOutcome::pending;
}

}  // namespace

ApologyOutcome outcome_of(const ApologyFacts& a, Timestamp now) {
    return outcome(a.resolved_at, a.closed_at, a.new_due_at, now);
}

ApologyOutcome outcome_of(const ApologyKey& a, Timestamp now) {
    return outcome(a.resolved_at, a.closed_at, a.new_due_at, now);
}

LateCandidateKey late_candidate_key(const DossierFacts& f) {
    return LateCandidateKey{0, f.status, f.original_due_at, f.resolved_at, f.timeliness, f.closed_at, f.apologized};
}

bool is_apology_violation(const LateCandidateKey& f, Timestamp start, Timestamp end, Timestamp until) {
    // An online pre-submission no clerk has received (waiting, or refused before receipt) is not a received
    // dossier (core::is_received): no deadline ran, so it is never late.
    if (f.apologized || f.status == DossierStatus::submitted_online || f.status == DossierStatus::refused) return false;
    const bool resolved_late_in_period =
        f.resolved_at && *f.resolved_at >= start && *f.resolved_at < end && f.timeliness == Timeliness::late;
    // Open past its original due at the period's end (or now): judged by when it was resolved or closed, not by
    // its status today, so a past period's violations do not shrink later.
    const bool open_past_due = (!f.resolved_at || *f.resolved_at >= until) && (!f.closed_at || *f.closed_at >= until) &&
                               f.original_due_at < until && f.status != DossierStatus::supplement_requested;
    return resolved_late_in_period || open_past_due;
}

TimelinessCounts& TimelinessCounts::operator+=(const TimelinessCounts& o) {
    carried_over += o.carried_over;
    received_online += o.received_online;
    received_direct += o.received_direct;
    received_postal += o.received_postal;
    resolved_early += o.resolved_early;
    resolved_on_time += o.resolved_on_time;
    resolved_late += o.resolved_late;
    pending_within += o.pending_within;
    pending_overdue += o.pending_overdue;
    closed_other += o.closed_other;
    return *this;
}

const char* to_string(TimelinessColumn c) noexcept {
    using C = TimelinessColumn;
    switch (c) {
        case C::carried_over: return "carried_over";
        case C::received_online: return "received_online";
        case C::received_direct: return "received_direct";
        case C::received_postal: return "received_postal";
        case C::resolved_early: return "resolved_early";
        case C::resolved_on_time: return "resolved_on_time";
        case C::resolved_late: return "resolved_late";
        case C::pending_within: return "pending_within";
        case C::pending_overdue: return "pending_overdue";
        case C::closed_other: return "closed_other";
        case C::received_total: return "received_total";
        case C::resolved_total: return "resolved_total";
        case C::pending_total: return "pending_total";
    }
    return "received_total";
}

Result<TimelinessColumn> parse_timeliness_column(std::string_view text, std::string_view field) {
    using C = TimelinessColumn;
    static constexpr std::array kAll{C::carried_over,     C::received_online, C::received_direct, C::received_postal,
                                     C::resolved_early,   C::resolved_on_time, C::resolved_late,  C::pending_within,
                                     C::pending_overdue,  C::closed_other,    C::received_total,  C::resolved_total,
                                     C::pending_total};
    return parse_enum<TimelinessColumn>(text, kAll, field, "column");
}

std::optional<Placement> place(const DossierFacts& f, ReportPeriod period, ReportGrouping grouping,
                               std::optional<Date> today) {
    using C = TimelinessColumn;
    const DayNumber from = day_number(period.from);
    const DayNumber to = day_number(period.to);
    const DayNumber received = day_number(day_of(f.received_at));
    if (received > to) return std::nullopt;  // not yet received
    // Day numbers (not optional dates): "never" is after every period.
    const DayNumber never = DayNumber::max();
    const DayNumber resolved = f.resolved_at ? day_number(day_of(*f.resolved_at)) : never;
    const DayNumber closed = !f.resolved_at && f.closed_at ? day_number(day_of(*f.closed_at)) : never;
    // Finished before the period: not part of it.
    if (resolved < from || closed < from) return std::nullopt;

    Placement p;
    p.key = grouping == ReportGrouping::agency  ? f.agency
            : grouping == ReportGrouping::field ? f.field
                                                : f.procedure_code;
    // Where it came from.
    if (received < from) p.origin = C::carried_over;
    else if (f.channel == Channel::online) p.origin = C::received_online;
    else if (f.channel == Channel::postal) p.origin = C::received_postal;
    else p.origin = C::received_direct;
    // Where it went (exactly one).
    if (resolved <= to) {
        switch (f.timeliness.value_or(Timeliness::late)) {
            case Timeliness::early: p.destination = C::resolved_early; break;
            case Timeliness::on_time: p.destination = C::resolved_on_time; break;
            case Timeliness::late: p.destination = C::resolved_late; break;
        }
    } else if (closed <= to) {
        p.destination = C::closed_other;
    } else {
        // Pending at the period's end. Waiting for the applicant's supplement counts as within the deadline [S].
        const bool waiting = f.status == DossierStatus::supplement_requested;
        // Still open at the end of the last day with its due on or before that day: it can no longer be on time. A
        // period that runs past today is judged as of today: what is due later is not overdue yet.
        const Date judged = today && *today < period.to ? *today : period.to;
        p.destination = !waiting && day_of(f.original_due_at) <= judged ? C::pending_overdue : C::pending_within;
    }
    return p;
}

std::optional<Date> judging_day(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                std::optional<Date> today) {
    if (!today || *today >= period.to) return std::nullopt;
    const auto after_today = [&](Timestamp t) {
        const Date d = day_of(t);
        return d > *today && d <= period.to;
    };
    for (const DossierFacts& f : facts) {
        // The marks day_marks gives: the receipt, and the result or else the closing.
        const std::optional<Timestamp> ended = f.resolved_at ? f.resolved_at : f.closed_at;
        if (after_today(f.received_at) || (ended && after_today(*ended))) return std::nullopt;
    }
    return today;
}

bool counted_in(const Placement& p, TimelinessColumn column) {
    using C = TimelinessColumn;
    switch (column) {
        case C::received_total: return true;
        case C::resolved_total:
            return p.destination == C::resolved_early || p.destination == C::resolved_on_time ||
                   p.destination == C::resolved_late;
        case C::pending_total: return p.destination == C::pending_within || p.destination == C::pending_overdue;
        case C::carried_over:
        case C::received_online:
        case C::received_direct:
        case C::received_postal: return p.origin == column;
        case C::resolved_early:
        case C::resolved_on_time:
        case C::resolved_late:
        case C::pending_within:
        case C::pending_overdue:
        case C::closed_other: return p.destination == column;
    }
    return false;
}

std::vector<DossierFacts> dossiers_behind(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                          ReportGrouping grouping, const std::string& key, TimelinessColumn column,
                                          std::optional<Date> today) {
    std::vector<DossierFacts> out;
    const std::optional<Date> judged = judging_day(facts, period, today);
    for (const DossierFacts& f : facts) {
        const auto p = place(f, period, grouping, judged);
        if (p && (key.empty() || p->key == key) && counted_in(*p, column)) out.push_back(f);
    }
    return out;
}

Result<TimelinessReport> timeliness_report(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                           ReportGrouping grouping, const std::map<std::string, std::string>& names,
                                           std::optional<Date> today) {
    using C = TimelinessColumn;
    std::map<std::string, TimelinessCounts> groups;
    const std::optional<Date> judged = judging_day(facts, period, today);
    for (const DossierFacts& f : facts) {
        const auto p = place(f, period, grouping, judged);
        if (!p) continue;
        TimelinessCounts& c = groups[p->key];
        switch (p->origin) {
            case C::carried_over: ++c.carried_over; break;
            case C::received_online: ++c.received_online; break;
            case C::received_postal: ++c.received_postal; break;
            case C::received_direct: ++c.received_direct; break;
            case C::resolved_early:
            case C::resolved_on_time:
            case C::resolved_late:
            case C::pending_within:
            case C::pending_overdue:
            case C::closed_other:
            case C::received_total:
            case C::resolved_total:
            case C::pending_total: break;  // never an origin
        }
        switch (p->destination) {
            case C::resolved_early: ++c.resolved_early; break;
            case C::resolved_on_time: ++c.resolved_on_time; break;
            case C::resolved_late: ++c.resolved_late; break;
            case C::pending_within: ++c.pending_within; break;
            case C::pending_overdue: ++c.pending_overdue; break;
            case C::closed_other: ++c.closed_other; break;
            case C::carried_over:
            case C::received_online:
            case C::received_direct:
            case C::received_postal:
            case C::received_total:
            case C::resolved_total:
            case C::pending_total: break;  // never a destination
        }
    }
    TimelinessReport report{period, {}, {}};
    for (auto& [key, counts] : groups) {
        if (!counts.reconciles())
            return fail(ErrorKind::internal, "report for " + key + " does not reconcile", {},
                        "report_does_not_reconcile");
        auto name = names.find(key);
        report.rows.push_back(TimelinessRow{key, name == names.end() ? key : name->second, counts});
        report.total += counts;
    }
    return report;
}

}  // namespace motcua::core
