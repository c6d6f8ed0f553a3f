#pragma once
// The SIPAS-style survey (domain.md §5.1, §11.1): a versioned questionnaire definition, the responses to it, and
// the satisfaction indexes computed from them with their sample sizes and 95% intervals (docs/satisfaction.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

struct SurveyCriterion {
    std::string id;
    std::string text;
    std::string text_en;
    bool verified = false;  ///< the wording was checked against a source ([S]); false: reconstructed ([M])
};

struct SurveyElement {
    std::string id;
    std::string name;
    std::string name_en;
    std::vector<SurveyCriterion> criteria;
};

struct ExpectationOption {
    std::string id;
    std::string text;
    std::string text_en;
};

/// A questionnaire: which criteria, on which scale, and which answers count as satisfied. Versioned: a response
/// records the (id, version) it answered, and a changed questionnaire gets a new version.
struct SurveyDefinition {
    std::string id;       ///< e.g. "sipas-2023"
    int version = 1;
    std::string name;
    std::vector<int> scale;                 ///< the answer values, lowest (very dissatisfied) to highest
    std::vector<std::string> scale_labels;  ///< one per value (Vietnamese)
    int satisfied_from = 4;                 ///< answers >= this count as satisfied [M] (domain.md §11.1.3)
    std::vector<SurveyElement> elements;
    std::vector<ExpectationOption> expectations;
    int max_expectations = 3;               ///< options a respondent may choose [M]
    std::vector<std::string> unverified;    ///< what the definition's authors could not verify, in words
};

/// Checks a definition: ids present and unique, a scale of at least two increasing values with one label each,
/// satisfied_from on the scale, at least one element with at least one criterion. Error invalid_argument
/// "invalid_survey" naming the field.
[[nodiscard]] Status validate(const SurveyDefinition& definition);

enum class SurveyChannel { online, kiosk, paper };
[[nodiscard]] const char* to_string(SurveyChannel channel) noexcept;
[[nodiscard]] Result<SurveyChannel> parse_survey_channel(std::string_view text, std::string_view field = {});

/// How an answer was given: a value on the scale; left blank; or given but unusable (off the scale, two boxes
/// ticked, unreadable). Invalid answers are kept as such and never mapped to a value.
enum class AnswerState { valid, blank, invalid };
[[nodiscard]] const char* to_string(AnswerState state) noexcept;
[[nodiscard]] Result<AnswerState> parse_answer_state(std::string_view text, std::string_view field = {});

struct SurveyAnswer {
    std::string criterion;
    AnswerState state = AnswerState::blank;
    std::optional<std::int64_t> value;  ///< the value given, when it was a whole number (valid or off the scale)
    friend bool operator==(const SurveyAnswer&, const SurveyAnswer&) = default;
};

/// An answer as it arrived: a number, the explicit marker "invalid" (a paper form with an unusable mark), or
/// nothing (null or absent).
struct RawAnswer {
    std::string criterion;
    std::optional<double> number;
    bool marked_invalid = false;
};

struct SurveyResponse {
    std::int64_t id = 0;
    std::string survey_id;
    int survey_version = 1;
    SurveyChannel channel = SurveyChannel::online;
    std::string dossier_code;    ///< online (and paper forms that name one); empty otherwise
    std::string agency;          ///< empty: not known (an anonymous kiosk that did not say)
    std::string procedure_code;  ///< empty: not known
    std::vector<SurveyAnswer> answers;       ///< one per criterion of the definition, in its order
    std::vector<std::string> expectations;   ///< option ids as chosen
    bool expectations_valid = true;          ///< false: more options ticked than allowed (kept, not ranked)
    Timestamp submitted_at;
    std::string entered_by;                  ///< paper: the staff member who typed it in
};

/// Reads the answers of a response against the definition: every criterion of the definition gets exactly one
/// answer (blank when not given); a whole number on the scale is valid; any other number, or the marker, is
/// invalid. Errors: unprocessable "unknown_criterion" (field "answers.<id>"), invalid_argument
/// "duplicate_answer"; expectations: unprocessable "unknown_expectation", invalid_argument
/// "duplicate_expectation" (field "expectations"). More options than allowed is not an error: the response is
/// kept with expectations_valid = false.
[[nodiscard]] Status read_answers(const SurveyDefinition& definition, const std::vector<RawAnswer>& raw,
                                  const std::vector<std::string>& expectations, SurveyResponse& response);

/// Configuration of the indexes (docs/satisfaction.md).
struct IndexPolicy {
    std::int64_t min_respondents = 30;  ///< below this a row is flagged small_sample [M]
    double max_interval_width = 20;     ///< percentage points; a wider overall interval is flagged too [M]
};

/// An index value in percent with its 95% interval, and its sample size. value is absent when nothing was
/// answered (then the interval is absent as well).
struct IndexValue {
    std::int64_t n = 0;
    std::optional<double> value;
    std::optional<double> low;
    std::optional<double> high;
};

struct CriterionIndex {
    std::string id;
    IndexValue index;  ///< n = valid answers; Wilson interval
    std::int64_t invalid = 0;  ///< answers given but unusable
    std::int64_t blank = 0;
};

struct ElementIndex {
    std::string id;
    IndexValue index;  ///< n = respondents with at least one valid answer in the element; delta-method interval
    std::vector<CriterionIndex> criteria;
};

struct ExpectationRank {
    std::string id;
    std::int64_t count = 0;
    IndexValue share;  ///< share of respondents with valid expectations who chose it; Wilson interval
};

struct SatisfactionIndex {
    std::string key;
    std::int64_t responses = 0;  ///< every response in the group, blank ones included
    IndexValue index;            ///< n = respondents with at least one valid answer; delta-method interval
    std::vector<ElementIndex> elements;
    std::vector<ExpectationRank> expectations;  ///< most chosen first (ties: definition order)
    bool small_sample = true;
};

/// The indexes of `responses` (all answering `definition`; others are ignored):
///  - criterion: satisfied answers ÷ valid answers × 100;
///  - element: the mean of its criteria that have a valid answer;
///  - overall: the mean of the elements that have a value.
/// small_sample when n < policy.min_respondents, or the overall interval is wider than policy.max_interval_width, or
/// there is no value at all.
[[nodiscard]] SatisfactionIndex satisfaction_index(const SurveyDefinition& definition,
                                                   const std::vector<const SurveyResponse*>& responses,
                                                   const IndexPolicy& policy, std::string key = {});

}  // namespace motcua::core
