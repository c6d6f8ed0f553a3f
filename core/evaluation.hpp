#pragma once
// Per-dossier evaluation (domain.md §5.2 as corrected by §11.3): 9 indicators × 2 points (0–18), the agency's own
// score and the appraised score kept apart, classification bands, and the citizen's 3-level rating.
//
// Indicators 1, 2, 3, 4 and 7 are derived from the dossier's events (what the record can tell); 5, 6, 8 and 9 are
// not in the record (5, 8 and 9 are scored per period, 6 is about publication) and come from the person scoring.
// The scoring conditions and the bands are configuration with a documented default (EvaluationRules).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dossier.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

inline constexpr int kIndicatorCount = 9;
inline constexpr int kIndicatorMax = 2;

/// Scores per indicator (index 0 = indicator 1); nullopt: not scored.
using IndicatorScores = std::array<std::optional<int>, kIndicatorCount>;

/// A band of the total score: totals >= min_total (and below the next band's) get `name`.
struct EvaluationBand {
    int min_total = 0;
    std::string name;
    friend bool operator==(const EvaluationBand&, const EvaluationBand&) = default;
};

/// The rule set. Default: the Thanh Hóa bands [S] with the gap at exactly 15 closed (15 is "Tốt"), lower bounds
/// inclusive: >= 16 Xuất sắc, >= 12 Tốt, >= 9 Khá, >= 6 Trung bình, else Yếu. The national bands are [M].
struct EvaluationRules {
    std::string version = "decree-61-2018/circular-01-2018";
    std::vector<EvaluationBand> bands{{16, "Xuất sắc"}, {12, "Tốt"}, {9, "Khá"}, {6, "Trung bình"}, {0, "Yếu"}};
    /// Indicator 3, supplementation rounds: 0 → 2 points, exactly `one_contact_rounds` → 1, more → 0 (§11.3).
    int one_contact_rounds = 1;
};

/// The band of a total; the lowest band when no band's minimum is reached.
[[nodiscard]] std::string band_for(int total, const EvaluationRules& rules);

/// What the record says about one indicator: the points, and why (for the person checking the score).
struct DerivedIndicator {
    int indicator = 0;  ///< 1..9
    std::optional<int> points;
    std::string basis;
};

/// Indicators derivable from the record, for a dossier with its timeline (nullopt points when the record cannot
/// tell yet, e.g. no result yet):
///  1: result timeliness vs the statutory due: early 2, on time 1, late 0;
///  2: the worst step result of the hand-overs (each agency or unit vs its allotted time): all early 2, worst on
///     time 1, any late 0; no hand-over: the result's timeliness stands for the one unit;
///  3: supplementation rounds: none 2, one 1, more 0 (the applicant's own fault is for the appraiser to judge);
///  4: the applicant dealt only with the receiving one-stop unit: 1 (2, "no contact needed", and 0, "other
///     agencies", are not visible in the record);
///  7: result early and no complaint recorded: 2; on time: 1; late: 0 (complaints are not in the record: the
///     appraiser scores 0 when there was one).
[[nodiscard]] std::vector<DerivedIndicator> derive_indicators(const Dossier& dossier, const EvaluationRules& rules);

/// The agency's own score or the appraised one.
enum class EvaluationKind { self, appraised };
[[nodiscard]] const char* to_string(EvaluationKind kind) noexcept;
[[nodiscard]] Result<EvaluationKind> parse_evaluation_kind(std::string_view text, std::string_view field = {});

struct StoredEvaluation {
    std::string dossier_code;
    EvaluationKind kind = EvaluationKind::self;
    IndicatorScores scores{};
    int total = 0;
    std::string band;
    std::string rules_version;
    std::string entered_by;
    Timestamp entered_at;
    std::string agency;          ///< the dossier's receiving agency (filled when read back)
    std::string procedure_code;  ///< the dossier's procedure (filled when read back)
};

/// Scores of one kind averaged over a group of dossiers (domain.md §5.2: per indicator, per agency, per period).
struct EvaluationSummary {
    std::string key;
    std::int64_t count = 0;                      ///< dossiers scored
    std::array<double, kIndicatorCount> mean{};  ///< mean points per indicator (0 when count is 0)
    double mean_total = 0;
    std::vector<std::pair<std::string, std::int64_t>> bands;  ///< dossiers per band, in the rules' order
};

/// The summary of `scores` (all of one kind), bands counted by `rules` (by each score's total, so a changed rule set
/// re-bands old scores consistently).
[[nodiscard]] EvaluationSummary summarise(const std::vector<const StoredEvaluation*>& scores,
                                          const EvaluationRules& rules, std::string key = {});

/// Builds a score: the given points over the derived ones (a given value overrides the record, e.g. indicator 3
/// when the applicant was at fault); every indicator must end up scored. Errors: invalid_argument
/// "invalid_score" (field "scores.<n>") for a value outside 0..2 or an indicator outside 1..9, unprocessable
/// "incomplete_score" (field "scores.<n>") for an indicator left without points.
[[nodiscard]] Result<StoredEvaluation> score_evaluation(const Dossier& dossier, EvaluationKind kind,
                                                        const std::vector<std::pair<int, int>>& given,
                                                        const EvaluationRules& rules);

/// The citizen's rating (3 levels, domain.md §5.2).
enum class RatingLevel { very_satisfied, satisfied, dissatisfied };
[[nodiscard]] const char* to_string(RatingLevel level) noexcept;
[[nodiscard]] Result<RatingLevel> parse_rating_level(std::string_view text, std::string_view field = {});

struct DossierRating {
    std::string dossier_code;
    std::string agency;
    std::string procedure_code;
    RatingLevel level = RatingLevel::satisfied;
    std::string comment;
    Timestamp rated_at;
};

/// A comment is at most this many code points.
inline constexpr std::size_t kMaxRatingComment = 1000;

}  // namespace motcua::core
