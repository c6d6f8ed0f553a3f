#include "core/report_rollup.hpp"

#include <algorithm>

namespace motcua::core {
namespace {

DayNumber day_of(Timestamp t) { return day_number(date_of(to_local(t))); }

std::int64_t at(const DayCounts& c, DayCounter k) { return c[static_cast<std::size_t>(k)]; }

std::int64_t received(const DayCounts& c) {
    return at(c, DayCounter::received_direct) + at(c, DayCounter::received_online) +
           at(c, DayCounter::received_postal);
}

}  // namespace

const char* to_string(DayCounter c) noexcept {
    switch (c) {
        case DayCounter::received_direct: return "received_direct";
        case DayCounter::received_online: return "received_online";
        case DayCounter::received_postal: return "received_postal";
        case DayCounter::ended: return "ended";
        case DayCounter::resolved_early: return "resolved_early";
        case DayCounter::resolved_on_time: return "resolved_on_time";
        case DayCounter::resolved_late: return "resolved_late";
        case DayCounter::closed: return "closed";
        case DayCounter::due: return "due";
        case DayCounter::due_and_ended: return "due_and_ended";
    }
    return "received_direct";
}

DossierFacts report_facts(const Dossier& d) {
    DossierFacts f;
    f.code = d.code;
    f.agency = d.agency;
    f.resolving_agency = d.resolving_agency;
    f.procedure_code = d.procedure_code;
    f.channel = d.channel;
    f.status = d.status;
    f.received_at = d.received_at;
    f.original_due_at = d.original_due_at;
    f.resolved_at = d.result_ready_at;
    f.timeliness = d.timeliness;
    if ((d.status == DossierStatus::withdrawn || d.status == DossierStatus::stopped) && !d.timeline.empty())
        f.closed_at = d.timeline.back().at;
    f.apologized = d.apologized;
    return f;
}

std::vector<DayMark> day_marks(const DossierFacts& f) {
    std::vector<DayMark> out;
    out.reserve(5);
    const DayNumber received = day_of(f.received_at);
    out.push_back({received, f.channel == Channel::online   ? DayCounter::received_online
                             : f.channel == Channel::postal ? DayCounter::received_postal
                                                            : DayCounter::received_direct});
    // A result takes precedence over a closing (as in core::place).
    std::optional<DayNumber> ended;
    if (f.resolved_at) {
        ended = std::max(received, day_of(*f.resolved_at));
        switch (f.timeliness.value_or(Timeliness::late)) {
            case Timeliness::early: out.push_back({*ended, DayCounter::resolved_early}); break;
            case Timeliness::on_time: out.push_back({*ended, DayCounter::resolved_on_time}); break;
            case Timeliness::late: out.push_back({*ended, DayCounter::resolved_late}); break;
        }
    } else if (f.closed_at) {
        ended = std::max(received, day_of(*f.closed_at));
        out.push_back({*ended, DayCounter::closed});
    }
    if (ended) out.push_back({*ended, DayCounter::ended});
    // Waiting for the applicant's supplement (status now) is never overdue [S].
    if (f.status != DossierStatus::supplement_requested) {
        const DayNumber due = std::max(received, day_of(f.original_due_at));
        out.push_back({due, DayCounter::due});
        if (ended) out.push_back({std::max(due, *ended), DayCounter::due_and_ended});
    }
    return out;
}

namespace {

DayCounts upto_end(const PeriodSums& s) {
    DayCounts upto{};
    for (std::size_t i = 0; i < kDayCounters; ++i) upto[i] = s.before[i] + s.within[i];
    return upto;
}

/// `judged`: the sums up to the day pending dossiers are judged on, when that is before the period's end.
Result<TimelinessReport> from_sums(const std::vector<PeriodSums>& sums, const std::vector<PeriodSums>* judged,
                                   ReportPeriod period, ReportGrouping grouping,
                                   const std::map<std::string, std::string>& field_of,
                                   const std::map<std::string, std::string>& names) {
    using K = DayCounter;
    // Rows of both vectors are keyed by (receiving agency, procedure); a row with no counter up to the judging day
    // has no due mark by then.
    using Key = std::pair<std::string_view, std::string_view>;
    std::map<Key, DayCounts> judged_upto;
    if (judged)
        for (const PeriodSums& s : *judged) judged_upto.emplace(Key(s.agency, s.procedure_code), upto_end(s));
    const auto judged_row = [&](const PeriodSums& s) {
        const auto found = judged_upto.find(Key(s.agency, s.procedure_code));
        return found == judged_upto.end() ? DayCounts{} : found->second;
    };
    // Something received or finished after the judging day (today) but within the period (a clock set back, nodes
    // whose clocks differ): judged as of the period's last day, as timeliness_report does (judging_day), so that the
    // figures still reconcile and agree with the drill-down.
    if (judged)
        for (const PeriodSums& s : sums) {
            const DayCounts upto = upto_end(s), by_then = judged_row(s);
            if (received(upto) != received(by_then) || at(upto, K::ended) != at(by_then, K::ended)) {
                judged = nullptr;
                break;
            }
        }
    std::map<std::string, TimelinessCounts> groups;
    for (const PeriodSums& s : sums) {
        const DayCounts upto = upto_end(s);
        const DayCounts due_upto = judged ? judged_row(s) : upto;
        TimelinessCounts c;
        c.carried_over = received(s.before) - at(s.before, K::ended);
        c.received_direct = at(s.within, K::received_direct);
        c.received_online = at(s.within, K::received_online);
        c.received_postal = at(s.within, K::received_postal);
        c.resolved_early = at(s.within, K::resolved_early);
        c.resolved_on_time = at(s.within, K::resolved_on_time);
        c.resolved_late = at(s.within, K::resolved_late);
        c.closed_other = at(s.within, K::closed);
        const std::int64_t pending = received(upto) - at(upto, K::ended);
        c.pending_overdue = at(due_upto, K::due) - at(due_upto, K::due_and_ended);
        c.pending_within = pending - c.pending_overdue;
        // Nothing of this group is part of the period (everything finished before it).
        if (c.received_total() == 0 && c.resolved_total() == 0 && c.pending_total() == 0 && c.closed_other == 0)
            continue;
        std::string key;
        switch (grouping) {
            case ReportGrouping::agency: key = s.agency; break;
            case ReportGrouping::procedure: key = s.procedure_code; break;
            case ReportGrouping::field: {
                const auto f = field_of.find(s.procedure_code);
                key = f == field_of.end() ? "?" : f->second;
                break;
            }
        }
        groups[key] += c;
    }
    TimelinessReport report{period, {}, {}};
    for (auto& [key, counts] : groups) {
        const bool negative = counts.carried_over < 0 || counts.pending_within < 0 || counts.pending_overdue < 0;
        if (negative || !counts.reconciles())
            return fail(ErrorKind::internal, "report for " + key + " does not reconcile", {},
                        "report_does_not_reconcile");
        auto name = names.find(key);
        report.rows.push_back(TimelinessRow{key, name == names.end() ? key : name->second, counts});
        report.total += counts;
    }
    return report;
}

}  // namespace

Result<TimelinessReport> timeliness_from_sums(const std::vector<PeriodSums>& sums, ReportPeriod period,
                                              ReportGrouping grouping,
                                              const std::map<std::string, std::string>& field_of,
                                              const std::map<std::string, std::string>& names) {
    return from_sums(sums, nullptr, period, grouping, field_of, names);
}

Result<TimelinessReport> timeliness_from_sums(const std::vector<PeriodSums>& sums, const std::vector<PeriodSums>& judged,
                                              ReportPeriod period, ReportGrouping grouping,
                                              const std::map<std::string, std::string>& field_of,
                                              const std::map<std::string, std::string>& names) {
    return from_sums(sums, &judged, period, grouping, field_of, names);
}

std::optional<ReportPeriod> judging_period(ReportPeriod period, Date today) {
    if (period.to <= today) return std::nullopt;
    return ReportPeriod{std::min(period.from, today), today};
}

}  // namespace motcua::core
