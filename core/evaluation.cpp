#include "core/evaluation.hpp"

#include <algorithm>

#include "core/enum_text.hpp"

namespace motcua::core {
namespace {

std::optional<int> points_for(std::optional<Timeliness> t) {
    if (!t) return std::nullopt;
    switch (*t) {
        case Timeliness::early: return 2;
        case Timeliness::on_time: return 1;
        case Timeliness::late: return 0;
    }
    return std::nullopt;
}

}  // namespace

std::string band_for(int total, const EvaluationRules& rules) {
    const EvaluationBand* best = nullptr;
    const EvaluationBand* lowest = nullptr;
    for (const EvaluationBand& b : rules.bands) {
        if (!lowest || b.min_total < lowest->min_total) lowest = &b;
        if (total >= b.min_total && (!best || b.min_total > best->min_total)) best = &b;
    }
    if (best) return best->name;
    return lowest ? lowest->name : std::string();
}

std::vector<DerivedIndicator> derive_indicators(const Dossier& d, const EvaluationRules& rules) {
    std::vector<DerivedIndicator> out;
    const std::optional<int> result = points_for(d.timeliness);
    out.push_back({1, result,
                   d.timeliness ? std::string("result ") + to_string(*d.timeliness) + " against the statutory due"
                                : "no result yet"});

    std::optional<Timeliness> worst;
    int steps = 0;
    for (const DossierEvent& e : d.timeline)
        if (e.type == EventType::handover && e.step_result) {
            ++steps;
            if (!worst || static_cast<int>(*e.step_result) > static_cast<int>(*worst)) worst = e.step_result;
        }
    if (steps > 0)
        out.push_back({2, points_for(worst),
                       "worst of " + std::to_string(steps) + " step result(s): " + to_string(*worst)});
    else
        out.push_back({2, result, d.timeliness ? "one unit; its result timeliness" : "no result yet"});

    const int rounds = d.supplement_rounds;
    out.push_back({3, rounds == 0 ? 2 : rounds <= rules.one_contact_rounds ? 1 : 0,
                   std::to_string(rounds) + " supplementation request(s)"});
    out.push_back({4, 1, "handled through the receiving one-stop unit only"});
    for (int i : {5, 6}) out.push_back({i, std::nullopt, "not in the record: scored by a person"});
    out.push_back({7, result, d.timeliness ? "result timeliness; no complaint recorded" : "no result yet"});
    for (int i : {8, 9}) out.push_back({i, std::nullopt, "scored per period, not from the record"});
    return out;
}

const char* to_string(EvaluationKind k) noexcept {
    switch (k) {
        case EvaluationKind::self: return "self";
        case EvaluationKind::appraised: return "appraised";
    }
    return "?";
}

Result<EvaluationKind> parse_evaluation_kind(std::string_view text, std::string_view field) {
    static constexpr std::array values{EvaluationKind::self, EvaluationKind::appraised};
    return parse_enum<EvaluationKind>(text, values, field, "evaluation_kind");
}

Result<StoredEvaluation> score_evaluation(const Dossier& d, EvaluationKind kind,
                                          const std::vector<std::pair<int, int>>& given,
                                          const EvaluationRules& rules) {
    StoredEvaluation e;
    e.dossier_code = d.code;
    e.kind = kind;
    for (const DerivedIndicator& x : derive_indicators(d, rules)) e.scores[static_cast<std::size_t>(x.indicator - 1)] = x.points;
    for (auto [indicator, points] : given) {
        const std::string field = "scores." + std::to_string(indicator);
        if (indicator < 1 || indicator > kIndicatorCount)
            return fail(ErrorKind::invalid_argument, "indicators are numbered 1 to 9", field, "invalid_score");
        if (points < 0 || points > kIndicatorMax)
            return fail(ErrorKind::invalid_argument, "each indicator scores 0, 1 or 2 points", field, "invalid_score");
        e.scores[static_cast<std::size_t>(indicator - 1)] = points;
    }
    for (std::size_t i = 0; i < e.scores.size(); ++i) {
        if (!e.scores[i])
            return fail(ErrorKind::unprocessable,
                        "indicator " + std::to_string(i + 1) + " needs points (the record cannot supply them)",
                        "scores." + std::to_string(i + 1), "incomplete_score");
        e.total += *e.scores[i];
    }
    e.band = band_for(e.total, rules);
    e.rules_version = rules.version;
    return e;
}

EvaluationSummary summarise(const std::vector<const StoredEvaluation*>& scores, const EvaluationRules& rules,
                            std::string key) {
    EvaluationSummary s;
    s.key = std::move(key);
    for (const EvaluationBand& b : rules.bands) s.bands.emplace_back(b.name, 0);
    for (const StoredEvaluation* e : scores) {
        ++s.count;
        int total = 0;
        for (std::size_t i = 0; i < e->scores.size(); ++i) {
            const int points = e->scores[i].value_or(0);
            s.mean[i] += points;
            total += points;
        }
        s.mean_total += total;
        const std::string band = band_for(total, rules);
        for (auto& [name, n] : s.bands)
            if (name == band) {
                ++n;
                break;
            }
    }
    if (s.count > 0) {
        for (double& m : s.mean) m /= static_cast<double>(s.count);
        s.mean_total /= static_cast<double>(s.count);
    }
    return s;
}

const char* to_string(RatingLevel l) noexcept {
    switch (l) {
        case RatingLevel::very_satisfied: return "very_satisfied";
        case RatingLevel::satisfied: return "satisfied";
        case RatingLevel::dissatisfied: return "dissatisfied";
    }
    return "?";
}

Result<RatingLevel> parse_rating_level(std::string_view text, std::string_view field) {
    static constexpr std::array values{RatingLevel::very_satisfied, RatingLevel::satisfied, RatingLevel::dissatisfied};
    return parse_enum<RatingLevel>(text, values, field, "rating_level");
}

}  // namespace motcua::core
