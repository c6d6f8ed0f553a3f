#include <doctest/doctest.h>

#include "core/catalogue.hpp"

using namespace motcua;

namespace {

core::Procedure valid() {
    core::Procedure p;
    p.code = "2.000908";
    p.name = "Chứng thực bản sao từ bản chính";
    p.field = "Chứng thực";
    p.agency = "000.21.40.H56";
    p.duration = core::WorkingHours{4};
    p.components = {{"c1", "Bản chính", 1, 0, 0, true, ""}};
    p.steps = {{"Tiếp nhận", core::Role::clerk, "", core::WorkingHours{1}},
               {"Ký chứng thực", core::Role::agency_head, "", core::WorkingHours{3}}};
    return p;
}

}  // namespace

TEST_CASE("a procedure whose step budgets sum to its duration is valid") { CHECK(core::validate(valid()).has_value()); }

TEST_CASE("step budgets that do not sum to the statutory duration are refused") {
    auto p = valid();
    p.steps[1].budget = core::WorkingHours{2};
    auto r = core::validate(p);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "steps_do_not_sum");
    CHECK(r.error().kind == core::ErrorKind::unprocessable);
    p.duration = core::WorkingDays{1};
    p.steps[1].budget = core::WorkingHours{7};
    CHECK(core::validate(p).has_value());  // a day is 8 working hours
}

TEST_CASE("procedure codes, component ids and counts are checked") {
    auto p = valid();
    p.code = "2.00090";
    CHECK(core::validate(p).error().code == "invalid_procedure_code");
    p = valid();
    p.components.push_back({"c1", "again", 1, 0, 0, true, ""});
    CHECK(core::validate(p).error().field == "components[1].id");
    p = valid();
    p.components[0].originals = 0;
    CHECK(core::validate(p).error().code == "invalid_component");
}

TEST_CASE("agency codes follow QCVN 102's shape") {
    CHECK(core::validate_agency_code("000.00.12.H56").has_value());
    CHECK_FALSE(core::validate_agency_code("000.00.12.h56").has_value());
    CHECK_FALSE(core::validate_agency_code("000.00.12.H56X").has_value());
    CHECK_FALSE(core::validate_agency_code(".00.12.H56").has_value());
    CHECK_FALSE(core::validate_agency_code("").has_value());
}

TEST_CASE("a re-imported procedure with the same content is not a new version") {
    auto a = valid();
    auto b = valid();
    b.version = 7;
    CHECK(a.same_content(b));
    b.components[0].copies = 1;
    CHECK_FALSE(a.same_content(b));
}
