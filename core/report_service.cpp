#include "core/report_service.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "core/payment_service.hpp"

namespace motcua::core {

ReportService::GroupNames ReportService::group_names(ReportGrouping grouping) {
    GroupNames out;
    for (const Procedure& p : catalogue_.procedures()) {
        out.field_of[p.code] = p.field;
        if (grouping == ReportGrouping::procedure) out.names[p.code] = p.name;
        if (grouping == ReportGrouping::field) out.names[p.field] = p.field;
    }
    if (grouping == ReportGrouping::agency)
        for (const Agency& a : catalogue_.agencies()) out.names[a.code] = a.name;
    return out;
}

Result<ReportService::Facts> ReportService::facts_for(const TimelinessQuery& q, const User& user) {
    if (auto ok = check_report_period(q.period); !ok) return tl::unexpected(ok.error());
    Facts out{window_for(q.period, q.window), {}, {}};
    const Scope scope(user, catalogue_.agencies());
    const Timestamp end = period_end(out.period);
    out.facts = dossiers_.facts(scope.all() ? std::vector<std::string>{} : scope.agencies(), end);
    GroupNames g = group_names(q.grouping);
    out.names = std::move(g.names);
    for (DossierFacts& f : out.facts) {
        const auto field = g.field_of.find(f.procedure_code);
        f.field = field == g.field_of.end() ? "?" : field->second;
    }
    return out;
}

Result<TimelinessReport> ReportService::timeliness(const TimelinessQuery& q, const User& user) {
    if (auto ok = check_report_period(q.period); !ok) return tl::unexpected(ok.error());
    // From the per-day counters (decision 0024): the same figures as counting every dossier with core::place, at a
    // cost that does not grow with the number of dossiers.
    const ReportPeriod period = window_for(q.period, q.window);
    const Scope scope(user, catalogue_.agencies());
    const std::vector<std::string> agencies = scope.all() ? std::vector<std::string>{} : scope.agencies();
    const GroupNames g = group_names(q.grouping);
    // A period that runs past today judges its pending dossiers as of today: one more set of sums, up to today.
    if (const auto judging = judging_period(period, today())) {
        const auto sums = queries_.timeliness_sums_each(agencies, {period, *judging});
        return timeliness_from_sums(sums[0], sums[1], period, q.grouping, g.field_of, g.names);
    }
    return timeliness_from_sums(queries_.timeliness_sums(agencies, period), period, q.grouping, g.field_of, g.names);
}

Result<TimelinessReport> ReportService::timeliness_by_month(ReportPeriod period, ReportWindow window,
                                                            const User& user) {
    auto months = months_of(period);
    if (!months) return tl::unexpected(months.error());
    // One pass over the counters for every month and the whole period (the last element): each month's sums are
    // those its own report reads, so its figures are that report's.
    std::vector<ReportPeriod> windows;
    for (const ReportPeriod& m : *months) windows.push_back(window_for(m, window));
    windows.push_back(window_for(period, window));
    // Every window that runs past today judges its pending dossiers as of today, from the sums up to today (read in
    // the same pass, as one more window).
    const Date on = today();
    const std::size_t reports = windows.size();
    std::vector<std::optional<std::size_t>> judged_at(reports);
    for (std::size_t i = 0; i < reports; ++i)
        if (const auto judging = judging_period(windows[i], on)) {
            judged_at[i] = windows.size();
            windows.push_back(*judging);
        }
    const Scope scope(user, catalogue_.agencies());
    const GroupNames g = group_names(ReportGrouping::agency);
    const auto sums = queries_.timeliness_sums_each(scope.all() ? std::vector<std::string>{} : scope.agencies(),
                                                    windows);
    const auto report_of = [&](std::size_t i) {
        return judged_at[i] ? timeliness_from_sums(sums[i], sums[*judged_at[i]], windows[i], ReportGrouping::agency,
                                                   g.field_of, g.names)
                            : timeliness_from_sums(sums[i], windows[i], ReportGrouping::agency, g.field_of, g.names);
    };
    auto whole = report_of(reports - 1);
    if (!whole) return tl::unexpected(whole.error());
    TimelinessReport out{windows[reports - 1], {}, whole->total};
    for (std::size_t i = 0; i < months->size(); ++i) {
        auto month = report_of(i);
        if (!month) return tl::unexpected(month.error());
        const std::string key = month_key((*months)[i]);
        out.rows.push_back(TimelinessRow{key, key.substr(5, 2) + "/" + key.substr(0, 4), month->total});
    }
    return out;
}

Result<std::vector<DossierFacts>> ReportService::timeliness_dossiers(const TimelinessQuery& q, const std::string& key,
                                                                     TimelinessColumn column, const User& user) {
    auto f = facts_for(q, user);
    if (!f) return tl::unexpected(f.error());
    return dossiers_behind(f->facts, f->period, q.grouping, key, column, today());
}

std::map<DossierStatus, std::int64_t> ReportService::status_counts(const User& user) {
    const Scope scope(user, catalogue_.agencies());
    std::map<DossierStatus, std::int64_t> out;
    for (int code = status_code(DossierStatus::submitted_online); code <= status_code(DossierStatus::returned); ++code)
        out[static_cast<DossierStatus>(code)] = 0;
    for (const auto& [status, n] : queries_.status_counts(scope.all() ? std::vector<std::string>{} : scope.agencies()))
        out[status] += n;
    return out;
}

Result<ReportService::ApologyReport> ReportService::apologies(ReportPeriod period, const User& user,
                                                              const Page& page) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    const std::vector<std::string> agencies = scope.all() ? std::vector<std::string>{} : scope.agencies();
    const Timestamp start = period_start(period);
    const Timestamp end = period_end(period);
    const Timestamp now = clock_.now();
    const Timestamp until = std::min(end, now);
    ApologyReport report{period, {}, {}, {}};
    auto count = [&report](const ApologyKey& a, ApologyOutcome outcome) {
        ++report.counts.issued;
        if (a.late) ++report.counts.issued_late;
        switch (outcome) {
            case ApologyOutcome::kept: ++report.counts.kept; break;
            case ApologyOutcome::broken: ++report.counts.broken; break;
            case ApologyOutcome::pending: ++report.counts.pending; break;
            case ApologyOutcome::closed: ++report.counts.closed; break;
        }
    };
    if (page.limit) {
        // A page (the dashboard's first rows): the whole period is judged from the facts without their text, and
        // only the page's items are read in full (decision 0046). The same rules, so the same counts and items as
        // the whole report's.
        const std::vector<ApologyKey> keys = dossiers_.apology_keys(agencies, start, end);
        std::vector<ApologyOutcome> outcomes;
        outcomes.reserve(keys.size());
        for (const ApologyKey& a : keys) {
            outcomes.push_back(outcome_of(a, now));
            count(a, outcomes.back());
        }
        const auto [first, last] = page_bounds(keys.size(), page);
        std::vector<ApologyFacts> facts =
            dossiers_.apologies_of(std::vector<ApologyKey>(keys.begin() + static_cast<std::ptrdiff_t>(first),
                                                           keys.begin() + static_cast<std::ptrdiff_t>(last)));
        for (std::size_t i = 0; i < facts.size(); ++i)
            report.apologies.emplace_back(std::move(facts[i]), outcomes[first + i]);
        std::vector<std::int64_t> violations;
        for (const LateCandidateKey& f : queries_.late_candidate_keys(agencies, start, end, until))
            if (is_apology_violation(f, start, end, until)) violations.push_back(f.id);
        report.counts.violations = static_cast<std::int64_t>(violations.size());
        keep_page(violations, page);
        report.violations = queries_.facts_of(violations);
        return report;
    }
    for (ApologyFacts& a : dossiers_.apologies(agencies, start, end)) {
        const ApologyOutcome outcome = outcome_of(a, now);
        count(ApologyKey{0, a.at, a.new_due_at, a.late, a.resolved_at, a.closed_at}, outcome);
        report.apologies.emplace_back(std::move(a), outcome);
    }
    // Only the dossiers that can be violations are read (storage narrows them with an index; the rules decide).
    for (DossierFacts& f : queries_.late_candidates(agencies, start, end, until))
        if (is_apology_violation(late_candidate_key(f), start, end, until)) report.violations.push_back(std::move(f));
    report.counts.violations = static_cast<std::int64_t>(report.violations.size());
    keep_page(report.apologies, page);
    keep_page(report.violations, page);
    return report;
}

Result<Index766Report> ReportService::index766(ReportPeriod period, const User& user, const PointRule& rule) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    const Timestamp start = period_start(period);
    const Timestamp end = period_end(period);
    std::vector<Dossier> dossiers;
    for (const DossierFacts& f : dossiers_.facts(scope.all() ? std::vector<std::string>{} : scope.agencies(), end)) {
        // Handled before the period: not needed (judge_766 would say so too, after reading the timeline).
        if ((f.resolved_at && *f.resolved_at < start) || (!f.resolved_at && f.closed_at && *f.closed_at < start))
            continue;
        if (auto d = dossiers_.find(f.code)) dossiers.push_back(std::move(*d));
    }
    return index_766(dossiers, period, rule);
}

Result<ProgressReport> ReportService::progress766(ReportPeriod period, const User& user, const PointRule& rule,
                                                  std::chrono::minutes lag) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    const Timestamp start = period_start(period);
    const Timestamp end = period_end(period);
    return progress_766(queries_.entry_delays(scope.all() ? std::vector<std::string>{} : scope.agencies(), start, end),
                        rule, lag);
}

Result<Counts766Report> ReportService::counts766(ReportPeriod period, const User& user, const Index766Rules& rules,
                                                 bool with_payments) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    const std::vector<Agency> agencies = catalogue_.agencies();
    const Scope scope(user, agencies);
    std::vector<Agency> covered;
    for (const Agency& a : agencies)
        if (scope.covers(a.code)) covered.push_back(a);
    // From the per-day counters kept with every write (decision 0039): the same figures as counts_766 over every
    // dossier of the period, at a cost that grows with days, agencies and procedures instead. The payment columns
    // come from the same sums, read once.
    const std::vector<Procedure> procedures = catalogue_.procedures();
    const std::vector<Counts766Sums> sums =
        queries_.counts766_sums(scope.all() ? std::vector<std::string>{} : scope.agencies(), period);
    Counts766Report report = counts_766_from_sums(period, covered, procedures, sums, rules);
    if (with_payments) {
        std::vector<Procedure> in_scope;
        for (const Procedure& p : procedures)
            if (scope.covers(p.agency)) in_scope.push_back(p);
        add_payment_counts(report, tttt_766_from_sums(in_scope, sums, period, rules), rules);
    }
    return report;
}

Result<OverdueList> ReportService::overdue(const User& user, const std::string& agency, bool near_due,
                                           const Page& page) {
    const Scope scope(user, catalogue_.agencies());
    if (!agency.empty() && !scope.covers(agency))
        return fail(ErrorKind::permission_denied, "agency " + agency + " is outside your scope", "agency",
                    "outside_scope");
    const Timestamp now = clock_.now();
    std::vector<std::string> agencies;
    if (!agency.empty()) agencies = {agency};
    else if (!scope.all()) agencies = scope.agencies();
    // Near-due candidates: due within the next few calendar days (one working day can span a long weekend or Tết).
    // Only received and processing dossiers are listed. The list is ranked from the index's keys (id, agency, due,
    // apology flag); only the page's dossiers are read and built.
    const Timestamp due_before = near_due ? now + std::chrono::hours{24 * 12} : now;
    struct Ranked {
        std::int64_t id;
        WorkingTime late_by;
        Timestamp due_at;
    };
    std::vector<Ranked> ranked;
    std::map<std::string, std::shared_ptr<const DeadlineEngine>> engine_of;
    for (const OpenDueKey& k : queries_.open_due_keys(agencies, due_before)) {
        // One catalogue read and one engine look-up per agency, not per dossier (thousands at 1 M).
        auto known = engine_of.find(k.agency);
        if (known == engine_of.end()) {
            std::shared_ptr<const DeadlineEngine> found;
            if (auto agency_row = catalogue_.agency(k.agency)) {
                auto built = engines_.engine_for(*agency_row);
                if (!built) return tl::unexpected(built.error());
                found = *built;
            }
            known = engine_of.emplace(k.agency, std::move(found)).first;
        }
        if (!known->second) continue;  // an agency no longer in the catalogue
        const DeadlineEngine& engine = *known->second;
        auto late_by = engine.between(to_local(k.due_at), to_local(now));
        if (!late_by) return tl::unexpected(late_by.error());
        if (near_due) {
            const bool within_a_day =
                late_by->value <= std::chrono::minutes{0} && -late_by->value <= engine.office_hours().day_length();
            if (!within_a_day || k.due_at <= now || k.apologized) continue;
        } else if (k.due_at >= now) {
            continue;
        }
        ranked.push_back(Ranked{k.id, *late_by, k.due_at});
    }
    // The keys come by due then id; ties keep that order.
    std::stable_sort(ranked.begin(), ranked.end(), [near_due](const Ranked& a, const Ranked& b) {
        return near_due ? a.due_at < b.due_at : a.late_by.value > b.late_by.value;
    });
    OverdueList out;
    out.total = static_cast<std::int64_t>(ranked.size());
    keep_page(ranked, page);
    std::vector<std::int64_t> ids;
    ids.reserve(ranked.size());
    for (const Ranked& r : ranked) ids.push_back(r.id);
    std::map<std::int64_t, WorkingTime> late_by_id;
    for (const Ranked& r : ranked) late_by_id.emplace(r.id, r.late_by);
    std::map<std::string, std::optional<Procedure>> procedures;
    for (const OpenDossier& d : queries_.open_dossiers(ids)) {
        const std::string key = d.procedure_code + "#" + std::to_string(d.procedure_version);
        if (!procedures.count(key)) procedures[key] = catalogue_.procedure(d.procedure_code, d.procedure_version);
        const auto& p = procedures[key];
        OverdueItem item{d.code, d.agency, d.procedure_code, d.status, d.due_at, d.original_due_at,
                         late_by_id.at(d.id), "", "", d.apologized, d.late_apology, d.extended_due_at};
        if (p && d.step_index >= 0 && static_cast<std::size_t>(d.step_index) < p->steps.size()) {
            item.current_step = p->steps[static_cast<std::size_t>(d.step_index)].name;
            item.step_role = to_string(p->steps[static_cast<std::size_t>(d.step_index)].role);
        }
        out.items.push_back(std::move(item));
    }
    return out;
}

}  // namespace motcua::core
