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

ReportPeriod window_for(ReportPeriod period, ReportWindow window) {
    if (window == ReportWindow::calendar) return period;
    return ReportPeriod{shift_to_previous_15th(period.from), fourteenth_of(period.to)};
}

const char* to_string(ApologyOutcome o) noexcept {
    switch (o) {
        case ApologyOutcome::kept: return "kept";
        case ApologyOutcome::broken: return "broken";
        case ApologyOutcome::pending: return "pending";
        case ApologyOutcome::closed: return "closed";
    }
    return "pending";
}

ApologyOutcome outcome_of(const ApologyFacts& a, Timestamp now) {
    if (a.resolved_at) return *a.resolved_at <= a.new_due_at ? ApologyOutcome::kept : ApologyOutcome::broken;
    if (a.closed_at) return ApologyOutcome::closed;  // withdrawn or stopped: no result was due any more
    return now > a.new_due_at ? ApologyOutcome::broken : ApologyOutcome::pending;
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

Result<TimelinessReport> timeliness_report(const std::vector<DossierFacts>& facts, ReportPeriod period,
                                           ReportGrouping grouping, const std::map<std::string, std::string>& names) {
    std::map<std::string, TimelinessCounts> groups;
    for (const DossierFacts& f : facts) {
        const DayNumber from = day_number(period.from);
        const DayNumber to = day_number(period.to);
        const DayNumber received = day_number(day_of(f.received_at));
        if (received > to) continue;  // not yet received
        // Day numbers (not optional dates): "never" is after every period.
        const DayNumber never = DayNumber::max();
        const DayNumber resolved = f.resolved_at ? day_number(day_of(*f.resolved_at)) : never;
        const DayNumber closed = !f.resolved_at && f.closed_at ? day_number(day_of(*f.closed_at)) : never;
        // Finished before the period: not part of it.
        if (resolved < from || closed < from) continue;

        const std::string key = grouping == ReportGrouping::agency  ? f.agency
                                : grouping == ReportGrouping::field ? f.field
                                                                    : f.procedure_code;
        TimelinessCounts& c = groups[key];
        // Where it came from.
        if (received < from) ++c.carried_over;
        else if (f.channel == Channel::online) ++c.received_online;
        else if (f.channel == Channel::postal) ++c.received_postal;
        else ++c.received_direct;
        // Where it went (exactly one).
        if (resolved <= to) {
            switch (f.timeliness.value_or(Timeliness::late)) {
                case Timeliness::early: ++c.resolved_early; break;
                case Timeliness::on_time: ++c.resolved_on_time; break;
                case Timeliness::late: ++c.resolved_late; break;
            }
        } else if (closed <= to) {
            ++c.closed_other;
        } else {
            // Pending at the period's end. Waiting for the applicant's supplement counts as within the deadline [S].
            const bool waiting = f.status == DossierStatus::supplement_requested;
            // Still open at the end of the last day with its due on or before that day: it can no longer be on time.
            if (!waiting && day_of(f.original_due_at) <= period.to) ++c.pending_overdue;
            else ++c.pending_within;
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
