#include <doctest/doctest.h>

#include "core/evaluation.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::EventType;
using core::Timeliness;

namespace {

core::Dossier dossier(std::optional<Timeliness> result, int rounds, std::vector<Timeliness> steps = {}) {
    core::Dossier d;
    d.code = "X-260310-0001";
    d.timeliness = result;
    d.supplement_rounds = rounds;
    for (Timeliness t : steps) {
        core::DossierEvent e;
        e.type = EventType::handover;
        e.step_result = t;
        d.timeline.push_back(e);
    }
    return d;
}

std::optional<int> derived(const core::Dossier& d, int indicator) {
    for (const auto& x : core::derive_indicators(d, core::EvaluationRules{}))
        if (x.indicator == indicator) return x.points;
    FAIL("no indicator " << indicator);
    return std::nullopt;
}

}  // namespace

TEST_CASE("indicator 1 scores the result against the statutory due: early 2, on time 1, late 0") {
    CHECK(derived(dossier(Timeliness::early, 0), 1) == 2);
    CHECK(derived(dossier(Timeliness::on_time, 0), 1) == 1);
    CHECK(derived(dossier(Timeliness::late, 0), 1) == 0);
    CHECK_FALSE(derived(dossier(std::nullopt, 0), 1).has_value());
}

TEST_CASE("indicator 2 takes the worst step, and the result when there was one unit") {
    CHECK(derived(dossier(Timeliness::early, 0, {Timeliness::early, Timeliness::early}), 2) == 2);
    CHECK(derived(dossier(Timeliness::early, 0, {Timeliness::early, Timeliness::on_time}), 2) == 1);
    CHECK(derived(dossier(Timeliness::early, 0, {Timeliness::late, Timeliness::early}), 2) == 0);
    CHECK(derived(dossier(Timeliness::on_time, 0), 2) == 1);
}

TEST_CASE("indicator 3 counts supplementation rounds: none 2, exactly one 1, more 0") {
    CHECK(derived(dossier(Timeliness::early, 0), 3) == 2);
    CHECK(derived(dossier(Timeliness::early, 1), 3) == 1);
    CHECK(derived(dossier(Timeliness::early, 2), 3) == 0);
}

TEST_CASE("indicators 5, 6, 8 and 9 are not read from the record") {
    for (int i : {5, 6, 8, 9}) CHECK_FALSE(derived(dossier(Timeliness::early, 0), i).has_value());
    CHECK(derived(dossier(Timeliness::early, 0), 4) == 1);
    CHECK(derived(dossier(Timeliness::early, 0), 7) == 2);
    CHECK(derived(dossier(Timeliness::late, 0), 7) == 0);
}

TEST_CASE("the default bands put exactly 15 in Tốt, closing the gap of the Thanh Hóa rule") {
    const core::EvaluationRules rules;
    CHECK(core::band_for(18, rules) == "Xuất sắc");
    CHECK(core::band_for(16, rules) == "Xuất sắc");
    CHECK(core::band_for(15, rules) == "Tốt");
    CHECK(core::band_for(12, rules) == "Tốt");
    CHECK(core::band_for(11, rules) == "Khá");
    CHECK(core::band_for(9, rules) == "Khá");
    CHECK(core::band_for(6, rules) == "Trung bình");
    CHECK(core::band_for(5, rules) == "Yếu");
    CHECK(core::band_for(0, rules) == "Yếu");
    core::EvaluationRules local;
    local.bands = {{17, "A"}, {10, "B"}, {3, "C"}};
    CHECK(core::band_for(2, local) == "C");  // below every minimum: the lowest band
    CHECK(core::band_for(10, local) == "B");
}

TEST_CASE("a score combines the record with the person's points and totals 0-18") {
    const auto d = dossier(Timeliness::early, 1);
    auto incomplete = core::score_evaluation(d, core::EvaluationKind::self, {{5, 2}}, {});
    REQUIRE_FALSE(incomplete.has_value());
    CHECK(incomplete.error().code == "incomplete_score");
    CHECK(incomplete.error().field == "scores.6");

    auto e = core::score_evaluation(d, core::EvaluationKind::self, {{5, 2}, {6, 2}, {8, 1}, {9, 0}}, {});
    REQUIRE(e.has_value());
    // 1: 2, 2: 2, 3: 1, 4: 1, 5: 2, 6: 2, 7: 2, 8: 1, 9: 0
    CHECK(e->total == 13);
    CHECK(e->band == "Tốt");
    CHECK(e->scores[2] == 1);

    // The appraiser overrides indicator 3 (the applicant was at fault) and 7 (a complaint was made).
    auto a = core::score_evaluation(d, core::EvaluationKind::appraised, {{3, 2}, {7, 0}, {5, 2}, {6, 2}, {8, 1}, {9, 0}}, {});
    REQUIRE(a.has_value());
    CHECK(a->total == 12);

    auto bad = core::score_evaluation(d, core::EvaluationKind::self, {{5, 3}}, {});
    CHECK(bad.error().code == "invalid_score");
    CHECK(bad.error().field == "scores.5");
    CHECK(core::score_evaluation(d, core::EvaluationKind::self, {{10, 1}}, {}).error().code == "invalid_score");
}

TEST_CASE("rating levels read and write their wire names") {
    CHECK(core::parse_rating_level("very_satisfied") == core::RatingLevel::very_satisfied);
    CHECK(core::to_string(core::RatingLevel::dissatisfied) == std::string("dissatisfied"));
    CHECK(core::parse_rating_level("meh", "level").error().field == "level");
}

TEST_CASE("scores are averaged per indicator and counted per band, by their totals under the rules") {
    core::StoredEvaluation a, b;
    a.scores = {2, 2, 2, 1, 2, 2, 2, 2, 1};  // 16: Xuất sắc
    b.scores = {1, 1, 0, 1, 2, 2, 1, 1, 0};  // 9: Khá
    const auto s = core::summarise({&a, &b}, core::EvaluationRules{}, "ward");
    CHECK(s.key == "ward");
    CHECK(s.count == 2);
    CHECK(s.mean[0] == doctest::Approx(1.5));
    CHECK(s.mean[2] == doctest::Approx(1.0));
    CHECK(s.mean[8] == doctest::Approx(0.5));
    CHECK(s.mean_total == doctest::Approx(12.5));
    REQUIRE(s.bands.size() == 5);
    CHECK(s.bands[0] == std::pair<std::string, std::int64_t>{"Xuất sắc", 1});
    CHECK(s.bands[1].second == 0);
    CHECK(s.bands[2] == std::pair<std::string, std::int64_t>{"Khá", 1});
    const auto empty = core::summarise({}, core::EvaluationRules{});
    CHECK(empty.count == 0);
    CHECK(empty.mean_total == 0);
}
