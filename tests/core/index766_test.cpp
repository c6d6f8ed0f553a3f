#include <doctest/doctest.h>

#include "core/index766.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::EventType;
using core::Verdict766;

namespace {

core::Timestamp at(const char* local) { return core::to_utc(test::t(local)); }

// A dossier received 2/3/2026 09:00 with appointment 9/3/2026 09:00, then the given events.
core::Dossier dossier(std::vector<std::pair<EventType, const char*>> events) {
    core::Dossier d;
    d.code = "X";
    d.agency = "A";
    d.received_at = at("2026-03-02T09:00");
    d.original_due_at = at("2026-03-09T09:00");
    core::DossierEvent receive;
    receive.type = EventType::receive;
    receive.at = d.received_at;
    receive.due_after = d.original_due_at;
    d.timeline.push_back(receive);
    for (auto [type, when] : events) {
        core::DossierEvent e;
        e.type = type;
        e.at = at(when);
        d.timeline.push_back(e);
    }
    return d;
}

const core::ReportPeriod kMarch{test::d("2026-03-01"), test::d("2026-03-31")};

Verdict766 verdict(const core::Dossier& d) {
    auto j = core::judge_766(d, kMarch);
    REQUIRE(j.has_value());
    return j->verdict;
}

}  // namespace

TEST_CASE("766 2.1: a result ready by the appointment is on time, after it late") {
    CHECK(verdict(dossier({{EventType::result_ready, "2026-03-09T09:00"}})) == Verdict766::on_time);
    CHECK(verdict(dossier({{EventType::result_ready, "2026-03-09T09:01"}})) == Verdict766::late);
    CHECK(verdict(dossier({{EventType::withdraw, "2026-03-04T09:00"}})) == Verdict766::on_time);
}

TEST_CASE("766 2.1: the applicant's supplementation time is subtracted from the handling time") {
    // 4 days waiting for the applicant, result 3 days after the appointment: on time once the wait is subtracted.
    CHECK(verdict(dossier({{EventType::request_supplement, "2026-03-03T09:00"},
                           {EventType::supplement_received, "2026-03-07T09:00"},
                           {EventType::result_ready, "2026-03-12T09:00"}})) == Verdict766::on_time);
    CHECK(verdict(dossier({{EventType::request_supplement, "2026-03-03T09:00"},
                           {EventType::supplement_received, "2026-03-04T09:00"},
                           {EventType::result_ready, "2026-03-12T09:00"}})) == Verdict766::late);
}

TEST_CASE("766 2.1: two supplementation requests are late, and one never answered ends at the request") {
    CHECK(verdict(dossier({{EventType::request_supplement, "2026-03-03T09:00"},
                           {EventType::supplement_received, "2026-03-04T09:00"},
                           {EventType::request_supplement, "2026-03-05T09:00"},
                           {EventType::supplement_received, "2026-03-06T09:00"},
                           {EventType::result_ready, "2026-03-06T10:00"}})) == Verdict766::late);
    CHECK(verdict(dossier({{EventType::request_supplement, "2026-03-03T09:00"}})) == Verdict766::on_time);
}

TEST_CASE("766 2.1: open dossiers end on the period's last day, and dossiers handled before the period are left out") {
    CHECK(verdict(dossier({})) == Verdict766::late);  // still open at 31/3, appointment 9/3
    const core::ReportPeriod early_march{test::d("2026-03-01"), test::d("2026-03-05")};
    CHECK(core::judge_766(dossier({}), early_march)->verdict == Verdict766::on_time);
    const core::ReportPeriod april{test::d("2026-04-01"), test::d("2026-04-30")};
    CHECK_FALSE(core::judge_766(dossier({{EventType::result_ready, "2026-03-05T09:00"}}), april).has_value());
    const core::ReportPeriod february{test::d("2026-02-01"), test::d("2026-02-28")};
    CHECK_FALSE(core::judge_766(dossier({}), february).has_value());
}

TEST_CASE("766 points follow the threshold rule and the rate is rounded to two decimals") {
    CHECK(core::points_for(95, {20, 100}) == doctest::Approx(19));
    CHECK(core::points_for(92, {6, 90}) == doctest::Approx(6));
    CHECK(core::points_for(45, {6, 90}) == doctest::Approx(3));
    const auto r = core::index_766({dossier({{EventType::result_ready, "2026-03-05T09:00"}}),
                                    dossier({{EventType::result_ready, "2026-03-20T09:00"}}),
                                    dossier({{EventType::result_ready, "2026-03-06T09:00"}})},
                                   kMarch, {20, 100});
    CHECK(r.counted == 3);
    CHECK(r.on_time == 2);
    CHECK(r.rate_percent == doctest::Approx(66.67));
    CHECK(r.points == doctest::Approx(13.33));
    CHECK(r.late.size() == 1);
}

TEST_CASE("CKMB progress counts a dossier as real time only when every change reached the record within the lag") {
    using namespace std::chrono_literals;
    const std::vector<core::EntryDelay> delays{
        {"A", "ward", 3, 0s},            // entered as it happened
        {"B", "ward", 1, 24h},           // exactly at the limit: still real time
        {"C", "ward", 2, 24h + 1s},      // one change a second too late
        {"D", "ward", 4, 72h},           // back-dated by three days
        {"E", "ward", 0, 0s},            // no change in the period: not counted
    };
    const auto r = core::progress_766(delays, {6, 100}, std::chrono::minutes(24 * 60));
    CHECK(r.counted == 4);
    CHECK(r.real_time == 2);
    CHECK(r.rate_percent == doctest::Approx(50));
    CHECK(r.points == doctest::Approx(3));
    REQUIRE(r.late.size() == 2);
    CHECK(r.late[0].code == "D");  // longest delay first
    CHECK(r.late[1].code == "C");
    CHECK(core::progress_766({}, {6, 100}, std::chrono::minutes(60)).rate_percent == 0);
}

TEST_CASE("MDHL 5.4 is 100% less the late rate and the dislike rate, with the 90% threshold") {
    // 40 dossiers, 2 late, 2 disliked: 100 − (5 + 5) = 90 → at the threshold, the full 6 points.
    auto r = core::mdhl_766(40, 2, 2, {6, 90});
    CHECK(r.rate_percent == doctest::Approx(90));
    CHECK(r.points == doctest::Approx(6));
    // 40 dossiers, 6 late, 3 disliked: 100 − (15 + 7.5) = 77.5 → 77.5 × 6 ÷ 90 = 5.17.
    r = core::mdhl_766(40, 6, 3, {6, 90});
    CHECK(r.rate_percent == doctest::Approx(77.5));
    CHECK(r.points == doctest::Approx(5.17));
    // Never below zero, and nothing counted gives 0.
    CHECK(core::mdhl_766(3, 3, 3, {6, 90}).rate_percent == 0);
    CHECK(core::mdhl_766(0, 0, 0, {6, 90}).points == 0);
}
