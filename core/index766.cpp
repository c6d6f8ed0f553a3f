#include "core/index766.hpp"

#include <algorithm>
#include <cmath>

namespace motcua::core {

double rate_percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return 0;
    return std::round(static_cast<double>(part) * 10000.0 / static_cast<double>(whole)) / 100.0;
}

double points_for(double rate, const PointRule& rule) {
    if (rule.threshold_percent <= 0) return 0;
    if (rate >= rule.threshold_percent) return rule.max_points;
    return std::round(rate * rule.max_points / rule.threshold_percent * 100.0) / 100.0;
}

std::optional<Dossier766> judge_766(const Dossier& d, ReportPeriod period) {
    if (d.timeline.empty() || !is_received(d)) return std::nullopt;  // an online pre-submission has no clock yet
    const Timestamp start = core::period_start(period);
    const Timestamp period_end = core::period_end(period) - std::chrono::seconds{1};
    if (d.received_at > period_end) return std::nullopt;

    // The appointment given at receipt, and the timeline's facts.
    // (A pre-submission's timeline starts with `submit`: the appointment is the one given at its `receive`.)
    const auto receipt = std::find_if(d.timeline.begin(), d.timeline.end(),
                                      [](const DossierEvent& e) { return e.type == EventType::receive; });
    const Timestamp appointment =
        receipt != d.timeline.end() ? receipt->due_after.value_or(d.original_due_at) : d.original_due_at;
    // Sentinels rather than optionals: "none" is after every instant.
    constexpr Timestamp kNone = Timestamp::max();
    Timestamp end = kNone;
    Timestamp open_request = kNone;
    std::chrono::seconds applicant_time{0};
    int requests = 0;
    for (const DossierEvent& e : d.timeline) {
        if (e.at > period_end) break;
        switch (e.type) {
            case EventType::request_supplement:
                ++requests;
                open_request = e.at;
                break;
            case EventType::supplement_received:
                if (open_request != kNone) applicant_time += e.at - open_request;
                open_request = kNone;
                break;
            case EventType::result_ready:
            case EventType::return_result:
            case EventType::stop:
            case EventType::withdraw:
            case EventType::supplement_expired:
                if (end == kNone) end = e.at;
                break;
            case EventType::receive:
            case EventType::handover:
            case EventType::consult:
            case EventType::pause:
            case EventType::resume:
            case EventType::apologize:
            case EventType::retime:
            case EventType::submit:  // before receipt: no clock yet
            case EventType::request_supplement_at_intake:
            case EventType::refuse:
                break;
        }
        if (end != kNone) break;
    }
    if (end != kNone && end < start) return std::nullopt;  // handled before the period
    if (requests == 1 && open_request != kNone && open_request < start) return std::nullopt;  // ended by its request

    Dossier766 out{d.code, d.agency, Verdict766::on_time, {}};
    if (requests >= 2) {
        out.verdict = Verdict766::late;
        out.reason = "two or more supplementation requests";
        return out;
    }
    Timestamp effective;
    if (open_request != kNone) {
        effective = open_request;  // asked once, never supplied: the request ends the handling
        out.reason = "supplementation requested, not supplied";
    } else if (end != kNone) {
        effective = end - applicant_time;
        out.reason = applicant_time.count() > 0 ? "handled; applicant's supplementation time subtracted" : "handled";
    } else {
        effective = period_end - applicant_time;
        out.reason = "still open at the period's end";
    }
    if (effective > appointment) {
        out.verdict = Verdict766::late;
        out.reason += " — after the appointment";
    }
    return out;
}

Index766Report index_766(const std::vector<Dossier>& dossiers, ReportPeriod period, const PointRule& rule) {
    Index766Report r{period, 0, 0, 0, 0, rule, {}};
    for (const Dossier& d : dossiers) {
        auto judged = judge_766(d, period);
        if (!judged) continue;
        ++r.counted;
        if (judged->verdict == Verdict766::on_time) ++r.on_time;
        else r.late.push_back(std::move(*judged));
    }
    r.rate_percent = rate_percent(r.on_time, r.counted);
    r.points = points_for(r.rate_percent, rule);
    return r;
}


ProgressReport progress_766(const std::vector<EntryDelay>& delays, const PointRule& rule, std::chrono::minutes lag) {
    ProgressReport r;
    r.rule = rule;
    r.lag = lag;
    for (const EntryDelay& d : delays) {
        if (d.events == 0) continue;
        ++r.counted;
        if (d.longest <= lag) ++r.real_time;
        else r.late.push_back(d);
    }
    std::stable_sort(r.late.begin(), r.late.end(), [](const auto& a, const auto& b) { return a.longest > b.longest; });
    r.rate_percent = rate_percent(r.real_time, r.counted);
    r.points = points_for(r.rate_percent, rule);
    return r;
}


SatisfactionPoints mdhl_766(std::int64_t counted, std::int64_t late, std::int64_t disliked, const PointRule& rule) {
    SatisfactionPoints r;
    r.rule = rule;
    r.counted = counted;
    r.late = std::min(late, counted);
    r.disliked = std::min(disliked, counted);
    if (counted > 0) {
        const double bad = static_cast<double>(r.late + r.disliked) * 100.0 / static_cast<double>(counted);
        r.rate_percent = std::round(std::max(0.0, 100.0 - bad) * 100.0) / 100.0;
    }
    r.points = points_for(r.rate_percent, rule);
    return r;
}

}  // namespace motcua::core
