#include <map>
#include <random>

#include <doctest/doctest.h>

#include "core/report_rollup.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::DossierStatus;
using core::Timeliness;
using test::d;

namespace {

// What storage does with the marks: sums per (agency, procedure) before the period and within it (scope: all).
std::vector<core::PeriodSums> sums_of(const std::vector<core::DossierFacts>& facts, core::ReportPeriod period) {
    std::map<std::pair<std::string, std::string>, core::PeriodSums> out;
    for (const core::DossierFacts& f : facts)
        for (const core::DayMark& m : core::day_marks(f)) {
            if (m.day > core::day_number(period.to)) continue;
            core::PeriodSums& s = out[{f.agency, f.procedure_code}];
            s.agency = f.agency;
            s.procedure_code = f.procedure_code;
            (m.day < core::day_number(period.from) ? s.before : s.within)[static_cast<std::size_t>(m.counter)] += 1;
        }
    std::vector<core::PeriodSums> v;
    for (auto& [key, s] : out) v.push_back(s);
    return v;
}

void check_equal(const core::TimelinessReport& a, const core::TimelinessReport& b) {
    REQUIRE(a.rows.size() == b.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].key == b.rows[i].key);
        CHECK(a.rows[i].name == b.rows[i].name);
        const auto& x = a.rows[i].counts;
        const auto& y = b.rows[i].counts;
        CHECK(x.carried_over == y.carried_over);
        CHECK(x.received_direct == y.received_direct);
        CHECK(x.received_online == y.received_online);
        CHECK(x.received_postal == y.received_postal);
        CHECK(x.resolved_early == y.resolved_early);
        CHECK(x.resolved_on_time == y.resolved_on_time);
        CHECK(x.resolved_late == y.resolved_late);
        CHECK(x.pending_within == y.pending_within);
        CHECK(x.pending_overdue == y.pending_overdue);
        CHECK(x.closed_other == y.closed_other);
    }
}

const std::map<std::string, std::string> kFieldOf{{"1.000000", "Hộ tịch"}, {"1.000001", "Đất đai"},
                                                  {"1.000002", "Hộ tịch"}, {"1.000003", "Xây dựng"}};

// 4,000 dossiers received over 500 days from `base`, with results, closings, supplements and open ones.
std::vector<core::DossierFacts> random_facts(std::mt19937& rng, core::DayNumber base) {
    std::uniform_int_distribution<int> day(0, 500);
    std::uniform_int_distribution<int> minute(0, 24 * 60 - 1);
    std::uniform_int_distribution<int> length(0, 40);
    std::uniform_int_distribution<int> kind(0, 7);
    std::vector<core::DossierFacts> facts;
    for (int i = 0; i < 4000; ++i) {
        core::DossierFacts f;
        f.code = "D" + std::to_string(i);
        f.agency = std::string(1, static_cast<char>('A' + i % 3));
        f.procedure_code = "1.00000" + std::to_string(i % 5);  // 1.000004 is not in the catalogue: field "?"
        f.field = kFieldOf.count(f.procedure_code) ? kFieldOf.at(f.procedure_code) : "?";
        f.channel = static_cast<core::Channel>(i % 3);
        // Any minute of the day, so that instants near midnight office time fall on either side of a day boundary.
        f.received_at = core::to_utc(core::LocalTime{base + date::days{day(rng)}} + std::chrono::minutes{minute(rng)});
        f.original_due_at = f.received_at + date::days{length(rng)} + std::chrono::minutes{minute(rng)};
        const auto later = [&] { return f.received_at + date::days{length(rng)} + std::chrono::minutes{minute(rng)}; };
        switch (kind(rng)) {
            case 0: case 1: case 2:
                f.resolved_at = later();
                f.timeliness = static_cast<Timeliness>(i % 3);
                f.status = i % 2 ? DossierStatus::returned : DossierStatus::result_ready;
                break;
            case 3:  // resolved without a recorded timeliness: late
                f.resolved_at = later();
                f.status = DossierStatus::returned;
                break;
            case 4:
                f.closed_at = later();
                f.status = i % 2 ? DossierStatus::stopped : DossierStatus::withdrawn;
                break;
            case 5: f.status = DossierStatus::supplement_requested; break;
            case 6: f.status = DossierStatus::financial_obligation; break;
            default: f.status = DossierStatus::processing; break;
        }
        facts.push_back(f);
    }
    return facts;
}

}  // namespace

TEST_CASE("property: II.06a from the per-day counters equals counting every dossier, for any period and grouping") {
    std::mt19937 rng(20261126);
    const auto base = core::day_number(d("2025-06-01"));
    const std::vector<core::DossierFacts> facts = random_facts(rng, base);
    std::uniform_int_distribution<int> start(-30, 560);
    std::uniform_int_distribution<int> span(0, 400);
    int compared = 0;
    for (int round = 0; round < 60; ++round) {
        const auto from = base + date::days{start(rng)};
        core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{span(rng)})};
        if (round % 4 == 0) period = core::window_for(period, core::ReportWindow::official);
        for (auto g : {core::ReportGrouping::agency, core::ReportGrouping::field, core::ReportGrouping::procedure}) {
            auto expected = core::timeliness_report(facts, period, g, {{"A", "Agency A"}});
            auto actual = core::timeliness_from_sums(sums_of(facts, period), period, g, kFieldOf, {{"A", "Agency A"}});
            REQUIRE(expected.has_value());
            REQUIRE(actual.has_value());
            check_equal(*actual, *expected);
            ++compared;
        }
    }
    CHECK(compared == 180);
}

TEST_CASE("property: a period that runs past today counts as overdue only what was due by today, from the counters "
          "as from every dossier") {
    std::mt19937 rng(20261127);
    const auto base = core::day_number(d("2025-06-01"));
    const std::vector<core::DossierFacts> all = random_facts(rng, base);
    std::uniform_int_distribution<int> start(-30, 700);
    std::uniform_int_distribution<int> span(0, 400);
    std::uniform_int_distribution<int> on(300, 650);
    int judged = 0, set_back = 0, overdue_changed = 0;
    for (int round = 0; round < 60; ++round) {
        const core::Date today = core::to_date(base + date::days{on(rng)});
        // What the database holds on that day: nothing received, resolved or closed after it (dues may be later).
        // Every fifth round keeps everything, as if the clock had been set back: those rounds are judged on the
        // period's last day (judging_day), and the counters must agree and reconcile all the same.
        const bool clock_set_back = round % 5 == 0;
        const core::Timestamp tomorrow = core::to_utc(core::LocalTime{core::day_number(today) + date::days{1}});
        std::vector<core::DossierFacts> facts;
        for (const core::DossierFacts& f : all)
            if (clock_set_back || (f.received_at < tomorrow && (!f.resolved_at || *f.resolved_at < tomorrow) &&
                                   (!f.closed_at || *f.closed_at < tomorrow)))
                facts.push_back(f);
        const auto from = base + date::days{start(rng)};
        core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{span(rng)})};
        if (round % 4 == 0) period = core::window_for(period, core::ReportWindow::official);
        const auto judging = core::judging_period(period, today);
        CHECK(judging.has_value() == (period.to > today));
        if (!judging) continue;
        if (core::judging_day(facts, period, today)) ++judged;
        else ++set_back;
        CHECK(judging->to == today);
        for (auto g : {core::ReportGrouping::agency, core::ReportGrouping::field, core::ReportGrouping::procedure}) {
            auto expected = core::timeliness_report(facts, period, g, {}, today);
            auto actual =
                core::timeliness_from_sums(sums_of(facts, period), sums_of(facts, *judging), period, g, kFieldOf, {});
            REQUIRE(expected.has_value());
            REQUIRE(actual.has_value());
            check_equal(*actual, *expected);
            // Judged on the period's last day instead, dossiers due between today and then would be overdue.
            auto at_end = core::timeliness_report(facts, period, g, {});
            REQUIRE(at_end.has_value());
            CHECK(at_end->total.pending_total() == expected->total.pending_total());
            CHECK(at_end->total.pending_overdue >= expected->total.pending_overdue);
            if (at_end->total.pending_overdue > expected->total.pending_overdue) ++overdue_changed;
        }
    }
    CHECK(judged >= 20);
    CHECK(set_back >= 3);
    CHECK(overdue_changed > 0);
}

TEST_CASE("a dossier waiting for a supplement has no due marks, so it is never counted overdue") {
    core::DossierFacts f;
    f.agency = "A";
    f.procedure_code = "1.000000";
    f.received_at = test::instant("2026-03-02T09:00:00+07:00");
    f.original_due_at = test::instant("2026-03-05T17:00:00+07:00");
    f.status = DossierStatus::supplement_requested;
    for (const auto& m : core::day_marks(f)) CHECK(m.counter == core::DayCounter::received_direct);
    f.status = DossierStatus::processing;
    const core::ReportPeriod march{d("2026-03-01"), d("2026-03-31")};
    auto r = core::timeliness_from_sums(sums_of({f}, march), march, core::ReportGrouping::agency, kFieldOf, {});
    REQUIRE(r.has_value());
    CHECK(r->total.pending_overdue == 1);
}

TEST_CASE("a result ready at 23:59 office time is marked on that day, at 00:00 on the next") {
    core::DossierFacts f;
    f.agency = "A";
    f.procedure_code = "1.000000";
    f.received_at = test::instant("2026-03-02T09:00:00+07:00");
    f.original_due_at = test::instant("2026-03-31T17:00:00+07:00");
    f.status = DossierStatus::result_ready;
    f.timeliness = Timeliness::early;
    f.resolved_at = test::instant("2026-03-31T23:59:00+07:00");
    const core::ReportPeriod march{d("2026-03-01"), d("2026-03-31")};
    auto in = core::timeliness_from_sums(sums_of({f}, march), march, core::ReportGrouping::agency, kFieldOf, {});
    CHECK(in->total.resolved_early == 1);
    f.resolved_at = test::instant("2026-04-01T00:00:00+07:00");
    auto out = core::timeliness_from_sums(sums_of({f}, march), march, core::ReportGrouping::agency, kFieldOf, {});
    CHECK(out->total.resolved_early == 0);
    CHECK(out->total.pending_overdue == 1);  // open at the end of its due day
}

TEST_CASE("report facts of a dossier close withdrawn and stopped dossiers with their last event") {
    core::Dossier dossier;
    dossier.agency = "A";
    dossier.procedure_code = "1.000000";
    dossier.status = DossierStatus::withdrawn;
    dossier.timeline.push_back(core::DossierEvent{});
    dossier.timeline.back().at = test::instant("2026-03-04T10:00:00+07:00");
    CHECK(core::report_facts(dossier).closed_at == test::instant("2026-03-04T10:00:00+07:00"));
    dossier.status = DossierStatus::processing;
    CHECK_FALSE(core::report_facts(dossier).closed_at.has_value());
}
