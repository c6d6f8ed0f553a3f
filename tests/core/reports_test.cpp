#include <random>

#include <doctest/doctest.h>

#include "core/reports.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::DossierStatus;
using core::Timeliness;
using test::d;

namespace {

core::Timestamp at(const char* local) { return core::to_utc(test::t(local)); }

core::DossierFacts fact(const char* received, const char* due, core::Channel channel = core::Channel::direct) {
    core::DossierFacts f;
    f.code = std::string("X-") + received;
    f.agency = "A";
    f.procedure_code = "1.000001";
    f.field = "Hộ tịch";
    f.channel = channel;
    f.received_at = at(received);
    f.original_due_at = at(due);
    f.status = DossierStatus::processing;
    return f;
}

core::DossierFacts resolved(core::DossierFacts f, const char* when, Timeliness t) {
    f.resolved_at = at(when);
    f.timeliness = t;
    f.status = DossierStatus::returned;
    return f;
}

const core::ReportPeriod kMarch{d("2026-03-01"), d("2026-03-31")};

core::TimelinessCounts march(const std::vector<core::DossierFacts>& facts) {
    auto r = core::timeliness_report(facts, kMarch, core::ReportGrouping::agency, {});
    REQUIRE(r.has_value());
    return r->total;
}

}  // namespace

TEST_CASE("II.06a counts a hand-made March by hand") {
    std::vector<core::DossierFacts> facts{
        // carried over from February, resolved late in March
        resolved(fact("2026-02-20T09:00", "2026-02-27T09:00"), "2026-03-03T10:00", Timeliness::late),
        // received online in March, resolved on the due date (on time)
        resolved(fact("2026-03-02T09:00", "2026-03-05T09:00", core::Channel::online), "2026-03-05T16:00",
                 Timeliness::on_time),
        // received by post in March, still pending, due in April (within)
        fact("2026-03-30T09:00", "2026-04-03T09:00", core::Channel::postal),
        // received in March, pending at the end and past due (overdue)
        fact("2026-03-10T09:00", "2026-03-20T09:00"),
        // finished on the 31st at 23:59 office time: resolved in March (early)
        resolved(fact("2026-03-25T09:00", "2026-04-02T09:00"), "2026-03-31T23:59", Timeliness::early),
        // finished at 00:00 on 1 April: still pending at the end of March, within its deadline
        resolved(fact("2026-03-26T09:00", "2026-04-02T09:00"), "2026-04-01T00:00", Timeliness::early),
        // resolved in February: not part of March at all
        resolved(fact("2026-02-02T09:00", "2026-02-06T09:00"), "2026-02-05T09:00", Timeliness::early),
        // received in April: not yet
        fact("2026-04-01T08:00", "2026-04-08T09:00"),
    };
    // withdrawn in March
    auto w = fact("2026-03-11T09:00", "2026-03-18T09:00");
    w.status = DossierStatus::withdrawn;
    w.closed_at = at("2026-03-12T10:00");
    facts.push_back(w);
    // waiting for the applicant's supplement at the end of March, past its old due: within (§1.5)
    auto s = fact("2026-03-02T09:00", "2026-03-09T09:00");
    s.status = DossierStatus::supplement_requested;
    facts.push_back(s);

    const auto c = march(facts);
    CHECK(c.carried_over == 1);
    CHECK(c.received_online == 1);
    CHECK(c.received_postal == 1);
    CHECK(c.received_direct == 5);
    CHECK(c.received_total() == 8);
    CHECK(c.resolved_early == 1);
    CHECK(c.resolved_on_time == 1);
    CHECK(c.resolved_late == 1);
    CHECK(c.pending_within == 3);
    CHECK(c.pending_overdue == 1);
    CHECK(c.closed_other == 1);
    CHECK(c.reconciles());
}

TEST_CASE("rows group by agency, field or procedure and carry names") {
    auto a = fact("2026-03-02T09:00", "2026-03-05T09:00");
    auto b = fact("2026-03-02T09:00", "2026-03-05T09:00");
    b.agency = "B";
    b.field = "Đất đai";
    auto by_agency = core::timeliness_report({a, b}, kMarch, core::ReportGrouping::agency, {{"A", "Phường A"}});
    REQUIRE(by_agency->rows.size() == 2);
    CHECK(by_agency->rows[0].name == "Phường A");
    CHECK(by_agency->rows[1].name == "B");
    auto by_field = core::timeliness_report({a, b}, kMarch, core::ReportGrouping::field, {});
    CHECK(by_field->rows.size() == 2);
    auto by_procedure = core::timeliness_report({a, b}, kMarch, core::ReportGrouping::procedure, {});
    CHECK(by_procedure->rows.size() == 1);
    CHECK(by_procedure->total.received_total() == 2);
}

TEST_CASE("official windows run from the 15th of the previous month to the 14th") {
    const auto w = core::window_for({d("2026-01-01"), d("2026-03-31")}, core::ReportWindow::official);
    CHECK(w.from == d("2025-12-15"));
    CHECK(w.to == d("2026-03-14"));
    const auto year = core::window_for({d("2026-01-01"), d("2026-12-31")}, core::ReportWindow::official);
    CHECK(year.from == d("2025-12-15"));
    CHECK(year.to == d("2026-12-14"));
}

TEST_CASE("property: every dossier in scope lands in exactly one column, so every row reconciles") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> day(0, 400);
    std::uniform_int_distribution<int> length(1, 30);
    std::uniform_int_distribution<int> kind(0, 5);
    std::vector<core::DossierFacts> facts;
    const auto base = core::day_number(d("2025-10-01"));
    for (int i = 0; i < 5000; ++i) {
        const auto received = base + date::days{day(rng)};
        core::DossierFacts f;
        f.agency = std::string(1, static_cast<char>('A' + i % 4));
        f.field = i % 3 == 0 ? "Hộ tịch" : "Đất đai";
        f.procedure_code = "1.00000" + std::to_string(i % 7);
        f.channel = static_cast<core::Channel>(i % 3);
        f.received_at = core::to_utc(core::LocalTime{received} + std::chrono::hours{9});
        f.original_due_at = f.received_at + date::days{length(rng)};
        const int k = kind(rng);
        if (k <= 2) {
            f.resolved_at = f.received_at + date::days{length(rng)};
            f.timeliness = static_cast<Timeliness>(k);
            f.status = DossierStatus::returned;
        } else if (k == 3) {
            f.closed_at = f.received_at + date::days{length(rng)};
            f.status = DossierStatus::stopped;
        } else {
            f.status = k == 4 ? DossierStatus::processing : DossierStatus::supplement_requested;
        }
        facts.push_back(f);
    }
    for (auto grouping : {core::ReportGrouping::agency, core::ReportGrouping::field, core::ReportGrouping::procedure})
        for (auto month = date::year_month{date::year{2025}, date::October}; month <= date::year_month{date::year{2026}, date::November};
             month += date::months{1}) {
            const core::ReportPeriod p{core::Date{month / 1}, core::Date{month / date::last}};
            auto r = core::timeliness_report(facts, p, grouping, {});
            REQUIRE(r.has_value());
            CHECK(r->total.reconciles());
            // The next period's carried-over equals this period's pending.
            const auto next = month + date::months{1};
            auto r2 = core::timeliness_report(facts, {core::Date{next / 1}, core::Date{next / date::last}}, grouping, {});
            CHECK(r2->total.carried_over == r->total.pending_total());
        }
}

TEST_CASE("every figure drills down to exactly the dossiers it counts") {
    // Eight dossiers of the hand-made March of the first test, in two agencies.
    std::vector<core::DossierFacts> facts{
        resolved(fact("2026-02-20T09:00", "2026-02-27T09:00"), "2026-03-03T10:00", Timeliness::late),
        resolved(fact("2026-03-02T09:00", "2026-03-05T09:00", core::Channel::online), "2026-03-05T16:00",
                 Timeliness::on_time),
        fact("2026-03-30T09:00", "2026-04-03T09:00", core::Channel::postal),
        fact("2026-03-10T09:00", "2026-03-20T09:00"),
        resolved(fact("2026-03-25T09:00", "2026-04-02T09:00"), "2026-03-31T23:59", Timeliness::early),
        resolved(fact("2026-02-02T09:00", "2026-02-06T09:00"), "2026-02-05T09:00", Timeliness::early),
        fact("2026-04-01T08:00", "2026-04-08T09:00"),
    };
    for (std::size_t i = 0; i < facts.size(); ++i) {
        facts[i].code = "D" + std::to_string(i);
        facts[i].agency = i % 2 == 0 ? "A" : "B";
    }
    const core::ReportPeriod march{d("2026-03-01"), d("2026-03-31")};
    const auto codes = [&](const std::string& key, core::TimelinessColumn c) {
        std::vector<std::string> out;
        for (const auto& f : core::dossiers_behind(facts, march, core::ReportGrouping::agency, key, c))
            out.push_back(f.code);
        return out;
    };
    using C = core::TimelinessColumn;
    CHECK(codes("", C::carried_over) == std::vector<std::string>{"D0"});
    CHECK(codes("", C::resolved_late) == std::vector<std::string>{"D0"});
    CHECK(codes("", C::pending_overdue) == std::vector<std::string>{"D3"});
    CHECK(codes("", C::resolved_total) == std::vector<std::string>{"D0", "D1", "D4"});
    CHECK(codes("A", C::received_total) == std::vector<std::string>{"D0", "D2", "D4"});
    CHECK(codes("B", C::received_total) == std::vector<std::string>{"D1", "D3"});
    CHECK(codes("B", C::received_online) == std::vector<std::string>{"D1"});
    CHECK(codes("A", C::received_postal) == std::vector<std::string>{"D2"});
    CHECK(codes("C", C::received_total).empty());

    // And on every column of every row, the list is as long as the figure.
    const auto report = core::timeliness_report(facts, march, core::ReportGrouping::agency, {});
    REQUIRE(report.has_value());
    for (const auto& row : report->rows) {
        const auto& c = row.counts;
        const std::pair<C, std::int64_t> figures[] = {
            {C::carried_over, c.carried_over},       {C::received_online, c.received_online},
            {C::received_direct, c.received_direct}, {C::received_postal, c.received_postal},
            {C::resolved_early, c.resolved_early},   {C::resolved_on_time, c.resolved_on_time},
            {C::resolved_late, c.resolved_late},     {C::pending_within, c.pending_within},
            {C::pending_overdue, c.pending_overdue}, {C::closed_other, c.closed_other},
            {C::received_total, c.received_total()}, {C::resolved_total, c.resolved_total()},
            {C::pending_total, c.pending_total()}};
        for (const auto& [column, figure] : figures) {
            INFO(row.key << " " << core::to_string(column));
            CHECK(static_cast<std::int64_t>(codes(row.key, column).size()) == figure);
        }
    }
    CHECK(core::parse_timeliness_column("resolved_late").value() == C::resolved_late);
    CHECK(core::parse_timeliness_column("late", "column").error().code == "invalid_column");
}

TEST_CASE("a dossier due on the period's last day and still open at its end is pending overdue") {
    const auto c = march({fact("2026-03-25T09:00", "2026-03-31T17:00")});
    CHECK(c.pending_overdue == 1);
    CHECK(c.pending_within == 0);
}

TEST_CASE("an apology on a dossier withdrawn afterwards is neither kept nor broken") {
    core::ApologyFacts a;
    a.new_due_at = at("2026-03-20T17:00");
    a.closed_at = at("2026-03-15T10:00");
    CHECK(core::outcome_of(a, at("2026-03-30T10:00")) == core::ApologyOutcome::closed);
    a.closed_at.reset();
    CHECK(core::outcome_of(a, at("2026-03-30T10:00")) == core::ApologyOutcome::broken);
    CHECK(core::outcome_of(a, at("2026-03-19T10:00")) == core::ApologyOutcome::pending);
    a.resolved_at = at("2026-03-20T16:59");
    CHECK(core::outcome_of(a, at("2026-03-30T10:00")) == core::ApologyOutcome::kept);
}

TEST_CASE("a period that runs past today counts a pending dossier as overdue only once its due day has come") {
    const std::vector<core::DossierFacts> facts{
        fact("2026-03-02T09:00", "2026-03-10T09:00"),  // due today (the 10th): overdue at the end of the day
        fact("2026-03-03T09:00", "2026-03-20T09:00"),  // due later this month
        fact("2026-03-04T09:00", "2026-03-09T17:00"),  // due yesterday
    };
    const auto on = [&](std::optional<core::Date> today) {
        auto r = core::timeliness_report(facts, kMarch, core::ReportGrouping::agency, {}, today);
        REQUIRE(r.has_value());
        return r->total;
    };
    const auto on_the_10th = on(d("2026-03-10"));
    CHECK(on_the_10th.pending_overdue == 2);
    CHECK(on_the_10th.pending_within == 1);
    CHECK(on_the_10th.received_total() == 3);
    // The same period judged later, or without a today (a past period): all three were due by its end.
    CHECK(on(d("2026-03-20")).pending_overdue == 3);
    CHECK(on(d("2026-04-15")).pending_overdue == 3);
    CHECK(on(std::nullopt).pending_overdue == 3);
    // The drill-down behind the figure lists the same dossiers.
    const auto behind = core::dossiers_behind(facts, kMarch, core::ReportGrouping::agency, "",
                                              core::TimelinessColumn::pending_within, d("2026-03-10"));
    REQUIRE(behind.size() == 1);
    CHECK(behind.front().code == "X-2026-03-03T09:00");
}
