#include <doctest/doctest.h>

#include <algorithm>

#include "core/access.hpp"
#include "core/dossier.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::DossierStatus;
using core::EventType;
using test::t;

namespace {

const core::DeadlineEngine& engine() {
    static const core::DeadlineEngine e = test::engine(2025, 2028);
    return e;
}

core::Procedure five_day_procedure() {
    core::Procedure p;
    p.code = "1.001193";
    p.name = "Đăng ký khai sinh";
    p.field = "Hộ tịch";
    p.agency = "000.21.40.H56";
    p.duration = core::WorkingDays{5};
    p.online_level = core::OnlineLevel::full;
    p.components = {{"c1", "Tờ khai", 1, 0, 0, true, ""}, {"c2", "Giấy chứng sinh", 1, 0, 0, true, ""}};
    p.steps = {{"Tiếp nhận", core::Role::clerk, "", core::WorkingHours{8}},
               {"Xử lý", core::Role::officer, "", core::WorkingHours{24}},
               {"Trả kết quả", core::Role::clerk, "", core::WorkingHours{8}}};
    return p;
}

// Submitted online on Friday 13/3/2026 at 16:30 (after the 15:00 cut-off), by a citizen on their own.
core::Dossier submitted(const char* at = "2026-03-13T16:30") {
    core::Dossier d;
    d.code = "000.21.40.H56-260313-0001";
    d.agency = "000.21.40.H56";
    d.service_mode = core::ServiceMode::online_self;
    return core::start_submission(d, five_day_procedure(), core::to_utc(t(at)), "citizen");
}

core::DossierEvent ev(EventType type, const char* at, const char* actor = "clerk") {
    core::DossierEvent e;
    e.type = type;
    e.at = core::to_utc(t(at));
    e.actor = actor;
    return e;
}

core::Result<core::Dossier> apply(const core::Dossier& d, core::DossierEvent e) {
    return core::apply(d, std::move(e), five_day_procedure(), engine());
}

std::string local(core::Timestamp ts) { return core::format_local_minute(core::to_local(ts)); }

bool allows(const core::Dossier& d, EventType type) {
    const auto a = core::allowed_events(d);
    return std::find(a.begin(), a.end(), type) != a.end();
}

}  // namespace

TEST_CASE("an online submission is status 1 with one submit event, not received and with no clock") {
    const auto d = submitted();
    CHECK(d.status == DossierStatus::submitted_online);
    CHECK(core::status_code(d.status) == 1);
    CHECK(d.channel == core::Channel::online);
    CHECK_FALSE(core::is_received(d));
    CHECK(d.received_by.empty());
    REQUIRE(d.submitted_at.has_value());
    CHECK(local(*d.submitted_at) == "2026-03-13T16:30");
    REQUIRE(d.timeline.size() == 1);
    CHECK(d.timeline[0].type == EventType::submit);
    CHECK(d.timeline[0].actor == "citizen");
    CHECK_FALSE(d.timeline[0].due_after.has_value());
}

TEST_CASE("a counter dossier counts as received without any submission") {
    core::Dossier d;
    d.received_by = "clerk";
    CHECK(core::is_received(d));
}

TEST_CASE("a clerk's receipt of a submission starts the clock then, exactly like the counter intake") {
    // Received on Monday 16/3 at 10:00: five working days from then, not from the Friday submission.
    auto d = apply(submitted(), ev(EventType::receive, "2026-03-16T10:00"));
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::received);
    CHECK(core::is_received(*d));
    CHECK(d->received_by == "clerk");
    CHECK(local(d->received_at) == "2026-03-16T10:00");
    CHECK(local(d->due_at) == "2026-03-23T10:00");
    CHECK(local(*d->step_due_at) == "2026-03-17T10:00");
    CHECK(d->rule_set == "decree-118-2025");
    REQUIRE(d->timeline.size() == 2);
    CHECK(d->timeline[1].type == EventType::receive);
    REQUIRE(d->timeline[1].due_after.has_value());
    CHECK(local(*d->timeline[1].due_after) == "2026-03-23T10:00");

    // The same receipt at the counter gives the same appointment.
    core::Dossier counter;
    counter.agency = "000.21.40.H56";
    counter.received_by = "clerk";
    counter.received_at = core::to_utc(t("2026-03-16T10:00"));
    auto at_counter = core::start_dossier(counter, five_day_procedure(), engine());
    REQUIRE(at_counter.has_value());
    CHECK(at_counter->due_at == d->due_at);
}

TEST_CASE("a submission received after closing time starts its clock at the next opening, not at submission") {
    auto d = apply(submitted(), ev(EventType::receive, "2026-03-16T17:30"));
    REQUIRE(d.has_value());
    CHECK(local(d->clock_start) == "2026-03-17T07:30");
}

TEST_CASE("supplementation is asked once before receipt: status 5 with no clock, then receive or refuse") {
    auto ask = ev(EventType::request_supplement_at_intake, "2026-03-16T09:00");
    CHECK(apply(submitted(), ask).error().code == "missing_field");
    ask.items = {"Giấy chứng sinh (bản chính)"};
    auto waiting = apply(submitted(), ask);
    REQUIRE(waiting.has_value());
    CHECK(waiting->status == DossierStatus::supplement_requested);
    CHECK_FALSE(core::is_received(*waiting));
    CHECK(waiting->supplement_rounds == 0);  // not a processing-time supplementation round

    // Only once: a second request is not among the moves, and lifecycle events after receipt are refused.
    CHECK_FALSE(allows(*waiting, EventType::request_supplement_at_intake));
    CHECK_FALSE(allows(*waiting, EventType::supplement_received));
    CHECK(apply(*waiting, ev(EventType::request_supplement_at_intake, "2026-03-17T09:00")).error().code ==
          "illegal_transition");
    auto supplied = ev(EventType::supplement_received, "2026-03-17T09:00");
    CHECK(apply(*waiting, supplied).error().code == "illegal_transition");

    auto received = apply(*waiting, ev(EventType::receive, "2026-03-18T09:00"));
    REQUIRE(received.has_value());
    CHECK(received->status == DossierStatus::received);
    CHECK(local(received->due_at) == "2026-03-25T09:00");
}

TEST_CASE("a refusal before receipt needs its reason and is final") {
    CHECK(apply(submitted(), ev(EventType::refuse, "2026-03-16T09:00")).error().code == "missing_field");
    auto refuse = ev(EventType::refuse, "2026-03-16T09:00");
    refuse.reason = "Không thuộc thẩm quyền giải quyết của UBND phường";
    auto d = apply(submitted(), refuse);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::refused);
    CHECK(core::is_terminal(d->status));
    CHECK(core::allowed_events(*d).empty());
}

TEST_CASE("before receipt only the three intake outcomes are possible, after it never again") {
    const auto d = submitted();
    const auto moves = core::allowed_events(d);
    CHECK(moves == std::vector<EventType>{EventType::receive, EventType::request_supplement_at_intake,
                                          EventType::refuse});
    auto handover = ev(EventType::handover, "2026-03-16T09:00");
    handover.to_unit = "Công chức tư pháp";
    CHECK(apply(d, handover).error().code == "illegal_transition");

    auto received = apply(d, ev(EventType::receive, "2026-03-16T09:00"));
    REQUIRE(received.has_value());
    CHECK(apply(*received, ev(EventType::receive, "2026-03-16T10:00")).error().code == "illegal_transition");
    auto refuse = ev(EventType::refuse, "2026-03-16T10:00");
    refuse.reason = "x";
    CHECK(apply(*received, refuse).error().code == "illegal_transition");
    CHECK_FALSE(allows(*received, EventType::receive));
    CHECK(allows(*received, EventType::handover));
}

TEST_CASE("the receipt cannot be dated before the submission") {
    CHECK(apply(submitted(), ev(EventType::receive, "2026-03-13T16:00")).error().code == "event_out_of_order");
}

TEST_CASE("service modes read and print as their names") {
    for (auto m : {core::ServiceMode::counter, core::ServiceMode::online_self, core::ServiceMode::online_volunteer,
                   core::ServiceMode::home_visit})
        CHECK(*core::parse_service_mode(core::to_string(m)) == m);
    CHECK_FALSE(core::parse_service_mode("kiosk").has_value());
}

TEST_CASE("a volunteer's scope is the dossiers they prepared, in no agency") {
    const std::vector<core::Agency> agencies{{"000.21.40.H56", "Phường Hạc Thành", core::AgencyLevel::commune, "",
                                              core::OfficeHours::standard()}};
    const core::User volunteer{7, "tnv.an", "Nguyễn An", core::Role::volunteer, "000.21.40.H56", true};
    const core::Scope scope(volunteer, agencies);
    CHECK_FALSE(scope.all());
    CHECK_FALSE(scope.covers("000.21.40.H56"));
    CHECK(scope.helper() == "tnv.an");
    core::Dossier mine = submitted();
    mine.prepared_by = "tnv.an";
    core::Dossier other = submitted();
    other.prepared_by = "tnv.binh";
    CHECK(core::can_see(scope, mine));
    CHECK_FALSE(core::can_see(scope, other));
    CHECK_FALSE(core::can_see(scope, submitted()));

    const core::User clerk{8, "clerk", "", core::Role::clerk, "000.21.40.H56", true};
    CHECK(core::can_see(core::Scope(clerk, agencies), other));
}
