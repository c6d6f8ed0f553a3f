#include <doctest/doctest.h>

#include <cmath>

#include "core/satisfaction_stats.hpp"

using namespace motcua;
using core::Mark;

TEST_CASE("the Wilson interval of 8 out of 10 is the textbook 49.0%-94.3%") {
    auto e = core::wilson(8, 10);
    REQUIRE(e.has_value());
    CHECK(e->value == doctest::Approx(0.8));
    // Also printed by tests/oracle/satisfaction_reference.py.
    CHECK(e->low == doctest::Approx(0.490162471537).epsilon(1e-11));
    CHECK(e->high == doctest::Approx(0.943317848546).epsilon(1e-11));
}

TEST_CASE("the Wilson interval stays inside 0-100% at the extremes and is absent without answers") {
    auto all = core::wilson(5, 5);
    REQUIRE(all.has_value());
    CHECK(all->high == doctest::Approx(1.0));
    CHECK(all->low > 0.5);
    CHECK(all->low < 1.0);
    auto none = core::wilson(0, 5);
    CHECK(none->low == doctest::Approx(0.0));
    CHECK(none->high < 0.5);
    CHECK_FALSE(core::wilson(0, 0).has_value());
}

TEST_CASE("for a single criterion answered by everyone the delta method is the Wald interval with n-1") {
    // 6 satisfied of 10: variance p(1-p)/(n-1).
    std::vector<std::vector<Mark>> marks;
    for (int i = 0; i < 10; ++i) marks.push_back({i < 6 ? Mark::satisfied : Mark::not_satisfied});
    auto m = core::mean_of_shares(marks);
    REQUIRE(m.has_value());
    const double se = std::sqrt(0.6 * 0.4 / 9);
    CHECK(m->respondents == 10);
    CHECK(m->estimate.value == doctest::Approx(0.6));
    CHECK(m->estimate.low == doctest::Approx(0.6 - core::kZ95 * se));
    CHECK(m->estimate.high == doctest::Approx(0.6 + core::kZ95 * se));
}

TEST_CASE("a criterion nobody answered is left out of the mean rather than counted as zero") {
    std::vector<std::vector<Mark>> marks{{Mark::satisfied, Mark::none}, {Mark::not_satisfied, Mark::none}};
    auto m = core::mean_of_shares(marks);
    REQUIRE(m.has_value());
    CHECK(m->estimate.value == doctest::Approx(0.5));
    CHECK_FALSE(core::mean_of_shares({{Mark::none}, {Mark::none}}).has_value());
}

TEST_CASE("one respondent gives a value but an interval over the whole range") {
    auto m = core::mean_of_shares({{Mark::satisfied, Mark::satisfied}});
    REQUIRE(m.has_value());
    CHECK(m->estimate.value == doctest::Approx(1.0));
    CHECK(m->estimate.low == 0.0);
    CHECK(m->estimate.high == 1.0);
}

TEST_CASE("criteria answered alike by the same people widen the interval of their mean") {
    // Two criteria, 20 respondents, 50% each. Perfectly correlated answers carry the information of one criterion;
    // opposite answers cancel out in the mean. Treating criteria as independent would give the same width to both.
    std::vector<std::vector<Mark>> same, opposite;
    for (int i = 0; i < 20; ++i) {
        const Mark a = i % 2 ? Mark::satisfied : Mark::not_satisfied;
        const Mark b = i % 2 ? Mark::not_satisfied : Mark::satisfied;
        same.push_back({a, a});
        opposite.push_back({a, b});
    }
    auto s = core::mean_of_shares(same);
    auto o = core::mean_of_shares(opposite);
    REQUIRE(s.has_value());
    REQUIRE(o.has_value());
    CHECK(s->estimate.high - s->estimate.low > 0.4);
    CHECK(o->estimate.high - o->estimate.low == doctest::Approx(0.0));
}
