#include "core/survey.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/enum_text.hpp"
#include "core/satisfaction_stats.hpp"

namespace motcua::core {
namespace {

Status bad_survey(std::string message, std::string field) {
    return fail(ErrorKind::invalid_argument, std::move(message), std::move(field), "invalid_survey");
}

IndexValue percent(std::int64_t n, const std::optional<Estimate>& e) {
    IndexValue v;
    v.n = n;
    if (e) {
        v.value = e->value * 100;
        v.low = e->low * 100;
        v.high = e->high * 100;
    }
    return v;
}

}  // namespace

Status validate(const SurveyDefinition& d) {
    if (d.id.empty()) return bad_survey("the survey needs an id", "id");
    if (d.version < 1) return bad_survey("the version must be 1 or more", "version");
    if (d.scale.size() < 2) return bad_survey("the scale needs at least two values", "scale");
    if (!std::is_sorted(d.scale.begin(), d.scale.end()) ||
        std::adjacent_find(d.scale.begin(), d.scale.end()) != d.scale.end())
        return bad_survey("the scale values must increase", "scale");
    if (d.scale_labels.size() != d.scale.size()) return bad_survey("one label per scale value", "scale_labels");
    if (std::find(d.scale.begin(), d.scale.end(), d.satisfied_from) == d.scale.end())
        return bad_survey("satisfied_from must be a value of the scale", "satisfied_from");
    if (d.elements.empty()) return bad_survey("the survey needs at least one element", "elements");
    std::set<std::string> ids;
    for (std::size_t e = 0; e < d.elements.size(); ++e) {
        const SurveyElement& el = d.elements[e];
        const std::string field = "elements[" + std::to_string(e) + "]";
        if (el.id.empty() || !ids.insert("e:" + el.id).second) return bad_survey("element ids must be unique", field);
        if (el.criteria.empty()) return bad_survey("every element needs a criterion", field);
        for (const SurveyCriterion& c : el.criteria)
            if (c.id.empty() || !ids.insert("c:" + c.id).second)
                return bad_survey("criterion ids must be unique", field + ".criteria");
    }
    for (const ExpectationOption& o : d.expectations)
        if (o.id.empty() || !ids.insert("x:" + o.id).second)
            return bad_survey("expectation ids must be unique", "expectations");
    if (d.max_expectations < 0) return bad_survey("max_expectations cannot be negative", "max_expectations");
    return {};
}

const char* to_string(SurveyChannel c) noexcept {
    switch (c) {
        case SurveyChannel::online: return "online";
        case SurveyChannel::kiosk: return "kiosk";
        case SurveyChannel::paper: return "paper";
    }
    return "?";
}

Result<SurveyChannel> parse_survey_channel(std::string_view text, std::string_view field) {
    static constexpr std::array values{SurveyChannel::online, SurveyChannel::kiosk, SurveyChannel::paper};
    return parse_enum<SurveyChannel>(text, values, field, "channel");
}

const char* to_string(AnswerState s) noexcept {
    switch (s) {
        case AnswerState::valid: return "valid";
        case AnswerState::blank: return "blank";
        case AnswerState::invalid: return "invalid";
    }
    return "?";
}

Result<AnswerState> parse_answer_state(std::string_view text, std::string_view field) {
    static constexpr std::array values{AnswerState::valid, AnswerState::blank, AnswerState::invalid};
    return parse_enum<AnswerState>(text, values, field, "answer_state");
}

Status read_answers(const SurveyDefinition& d, const std::vector<RawAnswer>& raw,
                    const std::vector<std::string>& expectations, SurveyResponse& response) {
    std::vector<const SurveyCriterion*> criteria;
    for (const SurveyElement& e : d.elements)
        for (const SurveyCriterion& c : e.criteria) criteria.push_back(&c);
    std::vector<SurveyAnswer> answers;
    for (const SurveyCriterion* c : criteria) answers.push_back(SurveyAnswer{c->id, AnswerState::blank, {}});
    std::set<std::string> seen;
    for (const RawAnswer& r : raw) {
        const std::string field = "answers." + r.criterion;
        auto it = std::find_if(answers.begin(), answers.end(), [&](const SurveyAnswer& a) { return a.criterion == r.criterion; });
        if (it == answers.end())
            return fail(ErrorKind::unprocessable, "the survey has no criterion \"" + r.criterion + "\"", field,
                        "unknown_criterion");
        if (!seen.insert(r.criterion).second)
            return fail(ErrorKind::invalid_argument, "criterion " + r.criterion + " is answered twice", field,
                        "duplicate_answer");
        if (r.marked_invalid) {
            it->state = AnswerState::invalid;
        } else if (r.number) {
            const double x = *r.number;
            const bool whole = std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 1e15;
            if (whole) it->value = static_cast<std::int64_t>(x);
            const bool on_scale =
                whole && std::find(d.scale.begin(), d.scale.end(), static_cast<std::int64_t>(x)) != d.scale.end();
            it->state = on_scale ? AnswerState::valid : AnswerState::invalid;
        }
    }
    std::vector<std::string> chosen;
    for (const std::string& x : expectations) {
        if (std::none_of(d.expectations.begin(), d.expectations.end(), [&](const ExpectationOption& o) { return o.id == x; }))
            return fail(ErrorKind::unprocessable, "the survey has no expectation option \"" + x + "\"", "expectations",
                        "unknown_expectation");
        if (std::find(chosen.begin(), chosen.end(), x) != chosen.end())
            return fail(ErrorKind::invalid_argument, "expectation " + x + " is chosen twice", "expectations",
                        "duplicate_expectation");
        chosen.push_back(x);
    }
    response.survey_id = d.id;
    response.survey_version = d.version;
    response.answers = std::move(answers);
    response.expectations_valid = static_cast<int>(chosen.size()) <= d.max_expectations;
    response.expectations = std::move(chosen);
    return {};
}

SatisfactionIndex satisfaction_index(const SurveyDefinition& d, const std::vector<const SurveyResponse*>& all,
                                     const IndexPolicy& policy, std::string key) {
    std::vector<const SurveyResponse*> rs;
    for (const SurveyResponse* r : all)
        if (r->survey_id == d.id && r->survey_version == d.version) rs.push_back(r);

    SatisfactionIndex out;
    out.key = std::move(key);
    out.responses = static_cast<std::int64_t>(rs.size());

    // Answers by criterion id, per respondent (responses are read with one answer per criterion, in order, but a
    // lookup by id keeps this independent of that).
    auto mark_of = [&](const SurveyResponse& r, const std::string& criterion) {
        for (const SurveyAnswer& a : r.answers)
            if (a.criterion == criterion) {
                if (a.state != AnswerState::valid || !a.value) return Mark::none;
                return *a.value >= d.satisfied_from ? Mark::satisfied : Mark::not_satisfied;
            }
        return Mark::none;
    };
    auto state_of = [&](const SurveyResponse& r, const std::string& criterion) {
        for (const SurveyAnswer& a : r.answers)
            if (a.criterion == criterion) return a.state;
        return AnswerState::blank;
    };

    std::vector<Linearised> element_parts;
    std::vector<bool> answered_any(rs.size(), false);
    for (const SurveyElement& e : d.elements) {
        ElementIndex ei;
        ei.id = e.id;
        std::vector<std::vector<Mark>> marks(rs.size(), std::vector<Mark>(e.criteria.size(), Mark::none));
        for (std::size_t c = 0; c < e.criteria.size(); ++c) {
            CriterionIndex ci;
            ci.id = e.criteria[c].id;
            std::int64_t valid = 0, satisfied = 0;
            for (std::size_t r = 0; r < rs.size(); ++r) {
                const Mark m = mark_of(*rs[r], ci.id);
                marks[r][c] = m;
                if (m != Mark::none) {
                    ++valid;
                    answered_any[r] = true;
                }
                if (m == Mark::satisfied) ++satisfied;
                const AnswerState s = state_of(*rs[r], ci.id);
                if (s == AnswerState::invalid) ++ci.invalid;
                if (s == AnswerState::blank) ++ci.blank;
            }
            ci.index = percent(valid, wilson(satisfied, valid));
            ei.criteria.push_back(std::move(ci));
        }
        if (auto m = mean_of_shares(marks)) {
            ei.index = percent(m->respondents, m->estimate);
            element_parts.push_back(*linearise_mean_of_shares(marks));
        }
        out.elements.push_back(std::move(ei));
    }
    const auto respondents = static_cast<std::int64_t>(std::count(answered_any.begin(), answered_any.end(), true));
    if (!element_parts.empty())
        out.index = percent(respondents, interval_of_mean(element_parts, respondents));
    else
        out.index.n = respondents;

    std::int64_t with_expectations = 0;
    for (const SurveyResponse* r : rs)
        if (r->expectations_valid && !r->expectations.empty()) ++with_expectations;
    for (const ExpectationOption& o : d.expectations) {
        ExpectationRank rank;
        rank.id = o.id;
        for (const SurveyResponse* r : rs)
            if (r->expectations_valid &&
                std::find(r->expectations.begin(), r->expectations.end(), o.id) != r->expectations.end())
                ++rank.count;
        rank.share = percent(with_expectations, wilson(rank.count, with_expectations));
        out.expectations.push_back(std::move(rank));
    }
    std::stable_sort(out.expectations.begin(), out.expectations.end(),
                     [](const ExpectationRank& a, const ExpectationRank& b) { return a.count > b.count; });

    out.small_sample = !out.index.value || out.index.n < policy.min_respondents ||
                       (*out.index.high - *out.index.low) > policy.max_interval_width;
    return out;
}

}  // namespace motcua::core
