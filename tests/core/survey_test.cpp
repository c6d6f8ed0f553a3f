#include <doctest/doctest.h>

#include "core/survey.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::AnswerState;
using core::RawAnswer;

namespace {

// Three elements; b2 is a criterion nobody answers. The same set as tests/oracle/satisfaction_reference.py.
core::SurveyDefinition definition() {
    core::SurveyDefinition d;
    d.id = "test-survey";
    d.version = 2;
    d.scale = {1, 2, 3, 4, 5};
    d.scale_labels = {"1", "2", "3", "4", "5"};
    d.satisfied_from = 4;
    d.elements = {{"A", "Access", "", {{"a1", "", "", true}, {"a2", "", "", true}}},
                  {"B", "Procedures", "", {{"b1", "", "", true}, {"b2", "", "", false}}},
                  {"C", "Results", "", {{"c1", "", "", true}}}};
    d.expectations = {{"x1", "", ""}, {"x2", "", ""}, {"x3", "", ""}, {"x4", "", ""}};
    d.max_expectations = 3;
    return d;
}

RawAnswer n(const char* c, double v) { return RawAnswer{c, v, false}; }
RawAnswer bad(const char* c) { return RawAnswer{c, std::nullopt, true}; }
RawAnswer blank(const char* c) { return RawAnswer{c, std::nullopt, false}; }

core::SurveyResponse response(std::vector<RawAnswer> answers, std::vector<std::string> expectations = {}) {
    core::SurveyResponse r;
    auto ok = core::read_answers(definition(), answers, expectations, r);
    REQUIRE(ok.has_value());
    return r;
}

std::vector<core::SurveyResponse> fixed_responses() {
    return {response({n("a1", 5), n("a2", 4), n("b1", 3), n("c1", 4)}, {"x1", "x2"}),
            response({n("a1", 4), n("a2", 2), n("b1", 5), bad("c1")}, {"x1"}),
            response({n("a1", 1), blank("a2"), n("b1", 4), n("c1", 5)}, {"x2", "x3", "x1", "x4"}),
            response({n("a1", 7), n("a2", 5), n("b1", 2), n("c1", 2)}),
            response({n("a1", 3), n("a2", 4), n("b1", 4), n("c1", 4.5)}, {"x3"}),
            response({})};
}

void check_value(const core::IndexValue& v, std::int64_t size, double value, double low, double high) {
    CHECK(v.n == size);
    REQUIRE(v.value.has_value());
    CHECK(*v.value == doctest::Approx(value).epsilon(1e-10));
    CHECK(*v.low == doctest::Approx(low).epsilon(1e-10));
    CHECK(*v.high == doctest::Approx(high).epsilon(1e-10));
}

}  // namespace

TEST_CASE("answers are read as valid, blank or invalid and never guessed") {
    auto r = fixed_responses();
    CHECK(r[0].answers.size() == 5);  // every criterion of the definition, b2 blank
    CHECK(r[0].answers[3] == core::SurveyAnswer{"b2", AnswerState::blank, std::nullopt});
    CHECK(r[1].answers[4] == core::SurveyAnswer{"c1", AnswerState::invalid, std::nullopt});
    CHECK(r[3].answers[0] == core::SurveyAnswer{"a1", AnswerState::invalid, 7});
    CHECK(r[4].answers[4] == core::SurveyAnswer{"c1", AnswerState::invalid, std::nullopt});
    CHECK(r[2].answers[1].state == AnswerState::blank);
    CHECK(r[0].survey_id == "test-survey");
    CHECK(r[0].survey_version == 2);
    CHECK(r[0].expectations_valid);
    CHECK_FALSE(r[2].expectations_valid);  // four ticked where three are allowed: kept, not ranked
    CHECK(r[2].expectations.size() == 4);
}

TEST_CASE("unknown criteria and options, and answers given twice, are refused naming the field") {
    core::SurveyResponse r;
    auto unknown = core::read_answers(definition(), {n("zz", 4)}, {}, r);
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().code == "unknown_criterion");
    CHECK(unknown.error().field == "answers.zz");
    auto twice = core::read_answers(definition(), {n("a1", 4), n("a1", 5)}, {}, r);
    CHECK(twice.error().code == "duplicate_answer");
    auto option = core::read_answers(definition(), {}, {"x9"}, r);
    CHECK(option.error().code == "unknown_expectation");
    auto again = core::read_answers(definition(), {}, {"x1", "x1"}, r);
    CHECK(again.error().code == "duplicate_expectation");
}

TEST_CASE("the indexes of a fixed set of responses match the hand and reference computations") {
    const auto rs = fixed_responses();
    std::vector<const core::SurveyResponse*> ptrs;
    for (const auto& r : rs) ptrs.push_back(&r);
    const auto idx = core::satisfaction_index(definition(), ptrs, core::IndexPolicy{}, "all");
    CHECK(idx.responses == 6);
    REQUIRE(idx.elements.size() == 3);
    const auto& a = idx.elements[0];
    const auto& b = idx.elements[1];
    const auto& c = idx.elements[2];

    // By hand: a1 = 2 satisfied (5, 4) of 4 valid (7 is invalid, one blank) = 50%; a2 = 3 of 4 = 75%;
    // A = (50 + 75) / 2 = 62.5%. b1 = 3 of 5 = 60%; b2 unanswered, so B = 60%, not 30%. c1 = 2 of 3 (the
    // marker and 4.5 are invalid) = 66.67%. Overall = (62.5 + 60 + 66.67) / 3 = 63.06%.
    // Intervals: tests/oracle/satisfaction_reference.py (Wilson; delta method).
    check_value(a.criteria[0].index, 4, 50, 15.003898915215, 84.996101084785);
    CHECK(a.criteria[0].invalid == 1);
    CHECK(a.criteria[0].blank == 1);
    check_value(a.criteria[1].index, 4, 75, 30.064184258240, 95.441273919030);
    check_value(a.index, 5, 62.5, 35.108670606982, 89.891329393018);
    check_value(b.criteria[0].index, 5, 60, 23.072428127601, 88.237922576735);
    CHECK(b.criteria[1].index.n == 0);
    CHECK_FALSE(b.criteria[1].index.value.has_value());
    CHECK(b.criteria[1].blank == 6);
    check_value(b.index, 5, 60, 11.990883236447, 100);
    check_value(c.criteria[0].index, 3, 200.0 / 3, 20.765960080205, 93.850805527960);
    CHECK(c.criteria[0].invalid == 2);
    check_value(c.index, 3, 200.0 / 3, 1.334533848665, 100);
    check_value(idx.index, 5, 63.055555555556, 37.210206536917, 88.900904574195);
    CHECK(idx.small_sample);

    // Expectations: three respondents with a valid choice; x1 twice, x2 and x3 once (definition order on ties).
    REQUIRE(idx.expectations.size() == 4);
    CHECK(idx.expectations[0].id == "x1");
    CHECK(idx.expectations[0].count == 2);
    CHECK(idx.expectations[0].share.n == 3);
    CHECK(idx.expectations[1].id == "x2");
    CHECK(idx.expectations[2].id == "x3");
    CHECK(idx.expectations[3].count == 0);
}

TEST_CASE("a large sample with a narrow interval is not flagged, and other survey versions are ignored") {
    std::vector<core::SurveyResponse> rs;
    for (int i = 0; i < 200; ++i)
        rs.push_back(response({n("a1", i % 5 ? 5 : 2), n("a2", 4), n("b1", 4), n("c1", i % 4 ? 4 : 1)}));
    core::SurveyResponse other = rs.front();
    other.survey_version = 1;
    std::vector<const core::SurveyResponse*> ptrs;
    for (const auto& r : rs) ptrs.push_back(&r);
    ptrs.push_back(&other);
    const auto idx = core::satisfaction_index(definition(), ptrs, core::IndexPolicy{}, "k");
    CHECK(idx.responses == 200);
    CHECK(idx.index.n == 200);
    CHECK_FALSE(idx.small_sample);
    CHECK(*idx.index.value == doctest::Approx((90.0 + 100.0 + 75.0) / 3));
    CHECK(*idx.index.low < *idx.index.value);
    CHECK(*idx.index.high > *idx.index.value);
    core::IndexPolicy strict;
    strict.min_respondents = 500;
    CHECK(core::satisfaction_index(definition(), ptrs, strict).small_sample);
}

TEST_CASE("no responses give no value, a zero sample and the small-sample flag") {
    const auto idx = core::satisfaction_index(definition(), {}, core::IndexPolicy{});
    CHECK(idx.responses == 0);
    CHECK(idx.index.n == 0);
    CHECK_FALSE(idx.index.value.has_value());
    CHECK(idx.small_sample);
}

TEST_CASE("a questionnaire with repeated ids or a satisfied threshold off its scale is refused") {
    auto d = definition();
    CHECK(core::validate(d).has_value());
    d.elements[1].criteria[0].id = "a1";
    CHECK(core::validate(d).error().code == "invalid_survey");
    d = definition();
    d.satisfied_from = 9;
    CHECK(core::validate(d).error().field == "satisfied_from");
    d = definition();
    d.scale_labels.pop_back();
    CHECK(core::validate(d).error().field == "scale_labels");
}
