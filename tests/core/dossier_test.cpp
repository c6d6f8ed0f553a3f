#include <doctest/doctest.h>

#include "core/dossier.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::EventType;
using core::DossierStatus;
using test::t;

namespace {

using test::instant;

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
    p.components = {{"c1", "Tờ khai", 1, 0, 0, true, ""}, {"c2", "Giấy chứng sinh", 1, 0, 0, true, ""},
                    {"c3", "Giấy ủy quyền", 1, 0, 0, false, ""}};
    p.steps = {{"Tiếp nhận", core::Role::clerk, "", core::WorkingHours{8}},
               {"Xử lý", core::Role::officer, "", core::WorkingHours{24}},
               {"Trả kết quả", core::Role::clerk, "", core::WorkingHours{8}}};
    return p;
}

core::Dossier received(const char* at = "2026-03-10T09:00") {
    core::Dossier d;
    d.code = "000.21.40.H56-260310-0001";
    d.agency = "000.21.40.H56";
    d.received_by = "clerk";
    d.received_at = core::to_utc(t(at));
    return *core::start_dossier(d, five_day_procedure(), engine());
}

core::DossierEvent ev(EventType type, const char* at) {
    core::DossierEvent e;
    e.type = type;
    e.at = core::to_utc(t(at));
    e.actor = "officer";
    return e;
}

core::Result<core::Dossier> apply(const core::Dossier& d, core::DossierEvent e) {
    return core::apply(d, std::move(e), five_day_procedure(), engine());
}

std::string local(core::Timestamp ts) { return core::format_local_minute(core::to_local(ts)); }

}  // namespace

TEST_CASE("a received dossier has its appointment, its first step open and one receive event") {
    const auto d = received();
    CHECK(d.status == DossierStatus::received);
    CHECK(local(d.due_at) == "2026-03-17T09:00");
    CHECK(d.original_due_at == d.due_at);
    CHECK(local(*d.step_due_at) == "2026-03-11T09:00");
    REQUIRE(d.timeline.size() == 1);
    CHECK(d.timeline[0].type == EventType::receive);
}

TEST_CASE("dossier codes are agency, yyMMdd and a four-digit daily sequence") {
    CHECK(core::format_dossier_code("000.21.40.H56", test::d("2026-03-10"), 7) == "000.21.40.H56-260310-0007");
    CHECK(core::format_dossier_code("H56", test::d("2026-03-10"), 12345) == "H56-260310-12345");
}

TEST_CASE("a hand-over closes the step with its result and opens the next one") {
    auto h = ev(EventType::handover, "2026-03-11T10:00");
    h.to_unit = "Công chức tư pháp";
    auto d = apply(received(), h);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::processing);
    CHECK(d->step_index == 1);
    CHECK(d->timeline.back().step_result == core::Timeliness::late);  // step 1 was due 11/3 09:00
    CHECK(local(*d->step_due_at) == "2026-03-16T10:00");
}

TEST_CASE("a hand-over without a receiver is refused and changes nothing") {
    const auto before = received();
    auto r = apply(before, ev(EventType::handover, "2026-03-11T10:00"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().field == "to_unit");
}

TEST_CASE("a supplement received restarts the full duration from its receipt") {
    auto req = ev(EventType::request_supplement, "2026-03-11T10:00");
    req.items = {"Bản sao giấy chứng sinh"};
    auto d = apply(received(), req);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::supplement_requested);
    CHECK(d->supplement_rounds == 1);
    d = apply(*d, ev(EventType::supplement_received, "2026-03-13T14:00"));
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::processing);
    CHECK(local(d->due_at) == "2026-03-20T14:00");
    CHECK(local(d->original_due_at) == "2026-03-20T14:00");
}

TEST_CASE("supplementation needs the list of items") {
    auto r = apply(received(), ev(EventType::request_supplement, "2026-03-11T10:00"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().field == "items");
}

TEST_CASE("a pause and its resume extend the due by the paused working time") {
    auto p = ev(EventType::pause, "2026-03-11T09:00");
    p.reason = "Nghĩa vụ tài chính";
    auto d = apply(received(), p);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::financial_obligation);
    d = apply(*d, ev(EventType::resume, "2026-03-13T09:00"));
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::processing);
    CHECK(local(d->due_at) == "2026-03-19T09:00");
}

TEST_CASE("an apology sets one extended due, keeps the original, and a second is refused") {
    auto a = ev(EventType::apologize, "2026-03-13T10:00");
    a.reason = "Cần xác minh";
    a.signer = "Chủ tịch UBND phường";
    a.new_due_at = core::to_utc(t("2026-03-24T17:00"));
    auto d = apply(received(), a);
    REQUIRE(d.has_value());
    CHECK(d->apologized);
    CHECK_FALSE(d->late_apology);
    CHECK(local(d->original_due_at) == "2026-03-17T09:00");
    CHECK(local(d->due_at) == "2026-03-24T17:00");
    auto again = apply(*d, a);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == "already_apologized");
}

TEST_CASE("an apology after the end of the working day before the due is accepted but flagged late") {
    // Due Tue 17/3 09:00: the apology is on time until Mon 16/3 17:00.
    auto on_time = ev(EventType::apologize, "2026-03-16T16:59");
    on_time.reason = "x";
    on_time.signer = "y";
    on_time.new_due_at = core::to_utc(t("2026-03-24T17:00"));
    CHECK_FALSE(apply(received(), on_time)->late_apology);
    auto late = on_time;
    late.at = core::to_utc(t("2026-03-16T17:01"));
    CHECK(apply(received(), late)->late_apology);
}

TEST_CASE("an apology's new appointment must be later than the current one") {
    auto a = ev(EventType::apologize, "2026-03-13T10:00");
    a.reason = "x";
    a.signer = "y";
    a.new_due_at = core::to_utc(t("2026-03-16T10:00"));
    CHECK(apply(received(), a).error().code == "invalid_new_due");
}

TEST_CASE("timeliness is judged against the original due even after an extension") {
    auto a = ev(EventType::apologize, "2026-03-13T10:00");
    a.reason = "x";
    a.signer = "y";
    a.new_due_at = core::to_utc(t("2026-03-24T17:00"));
    auto d = apply(received(), a);
    d = apply(*d, ev(EventType::result_ready, "2026-03-20T10:00"));
    REQUIRE(d.has_value());
    CHECK(d->timeliness == core::Timeliness::late);
    CHECK(d->status == DossierStatus::result_ready);
}

TEST_CASE("results ready before, on and after the due date are early, on time and late") {
    CHECK(apply(received(), ev(EventType::result_ready, "2026-03-16T10:00"))->timeliness == core::Timeliness::early);
    CHECK(apply(received(), ev(EventType::result_ready, "2026-03-17T16:00"))->timeliness == core::Timeliness::on_time);
    CHECK(apply(received(), ev(EventType::result_ready, "2026-03-18T08:00"))->timeliness == core::Timeliness::late);
}

TEST_CASE("the result is returned only after it is ready, with a method") {
    auto ret = ev(EventType::return_result, "2026-03-12T10:00");
    ret.method = core::ReturnMethod::counter;
    auto early = apply(received(), ret);
    REQUIRE_FALSE(early.has_value());
    CHECK(early.error().code == "illegal_transition");
    CHECK(early.error().kind == core::ErrorKind::failed_precondition);
    auto d = apply(received(), ev(EventType::result_ready, "2026-03-12T09:00"));
    auto no_method = apply(*d, ev(EventType::return_result, "2026-03-12T10:00"));
    CHECK(no_method.error().field == "method");
    d = apply(*d, ret);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::returned);
    CHECK(core::status_code(d->status) == 10);
    CHECK(d->returned_at.has_value());
}

TEST_CASE("withdrawn, stopped and returned dossiers take no further events") {
    auto w = ev(EventType::withdraw, "2026-03-11T10:00");
    w.reason = "Công dân xin rút";
    auto d = apply(received(), w);
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::withdrawn);
    CHECK(core::allowed_events(*d).empty());
    for (EventType type : {EventType::handover, EventType::result_ready, EventType::stop, EventType::apologize}) {
        auto e = ev(type, "2026-03-12T10:00");
        e.reason = e.signer = e.to_unit = "x";
        e.new_due_at = core::to_utc(t("2026-03-30T10:00"));
        CHECK(apply(*d, e).error().code == "illegal_transition");
    }
}

TEST_CASE("an unanswered supplementation request can be closed, and it cannot be closed otherwise") {
    CHECK(apply(received(), ev(EventType::supplement_expired, "2026-04-10T10:00")).error().code ==
          "illegal_transition");
    auto req = ev(EventType::request_supplement, "2026-03-11T10:00");
    req.items = {"x"};
    auto d = apply(received(), req);
    d = apply(*d, ev(EventType::supplement_expired, "2026-04-10T10:00"));
    REQUIRE(d.has_value());
    CHECK(d->status == DossierStatus::stopped);
}

TEST_CASE("events cannot be dated before the last one") {
    CHECK(apply(received(), ev(EventType::result_ready, "2026-03-09T10:00")).error().code == "event_out_of_order");
}

TEST_CASE("the allowed events follow the status") {
    const auto d = received();
    const auto allowed = core::allowed_events(d);
    CHECK(std::find(allowed.begin(), allowed.end(), EventType::result_ready) != allowed.end());
    CHECK(std::find(allowed.begin(), allowed.end(), EventType::return_result) == allowed.end());
    CHECK(std::find(allowed.begin(), allowed.end(), EventType::supplement_received) == allowed.end());
}

TEST_CASE("applicants need a 12-digit ID number, a Vietnamese phone and an address") {
    core::Applicant a{"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
    CHECK(core::validate(a).has_value());
    auto bad = a;
    bad.id_number = "07919000432";
    CHECK(core::validate(bad).error().field == "applicant.id_number");
    bad = a;
    bad.phone = "903123456";
    CHECK(core::validate(bad).error().field == "applicant.phone");
    bad = a;
    bad.phone = "+84903123456";
    CHECK(core::validate(bad).has_value());
    bad.email = "not-an-email";
    CHECK(core::validate(bad).error().field == "applicant.email");
    bad = a;
    bad.address = "";
    CHECK(core::validate(bad).error().field == "applicant.address");
}
