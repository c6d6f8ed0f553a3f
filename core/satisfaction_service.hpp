#pragma once
// Satisfaction use cases (issue #6): the citizen's rating and the per-dossier evaluation, survey responses from the
// three channels, and the satisfaction report with sample sizes and intervals. Rules: docs/satisfaction.md.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.hpp"
#include "core/dossier_service.hpp"
#include "core/evaluation.hpp"
#include "core/ports.hpp"
#include "core/reports.hpp"
#include "core/survey.hpp"

namespace motcua::core {

/// Kiosk responses are anonymous, so they are limited per client address: at most `max_responses` in any
/// `window` [M] (a tablet at a busy counter gives a few a minute; a script gives hundreds).
struct KioskPolicy {
    int max_responses = 20;
    std::chrono::minutes window{10};
};

/// The satisfaction rules that domain.md marks [S] or [M], as configuration; the defaults are the documented ones
/// (data/satisfaction/rules.json, docs/satisfaction.md).
struct SatisfactionRules {
    EvaluationRules evaluation;
    IndexPolicy indexes;
    KioskPolicy kiosk;
};

/// A response as submitted (the JSON body, read).
struct SurveySubmission {
    SurveyChannel channel = SurveyChannel::online;
    std::string dossier_code;
    std::string key;
    std::string agency;
    std::string procedure_code;
    std::vector<RawAnswer> answers;
    std::vector<std::string> expectations;
};

enum class SatisfactionGrouping { agency, procedure, channel, month };
[[nodiscard]] const char* to_string(SatisfactionGrouping g) noexcept;
[[nodiscard]] Result<SatisfactionGrouping> parse_satisfaction_grouping(std::string_view text,
                                                                       std::string_view field = {});

struct SatisfactionQuery {
    ReportPeriod period;
    SatisfactionGrouping grouping = SatisfactionGrouping::agency;
};

struct SatisfactionReport {
    ReportPeriod period;
    SatisfactionGrouping grouping = SatisfactionGrouping::agency;
    const SurveyDefinition* survey = nullptr;
    IndexPolicy policy;
    std::vector<SatisfactionIndex> rows;  ///< by key
    std::map<std::string, std::string> names;  ///< key → agency or procedure name, when known
    SatisfactionIndex total;
};

/// Ratings at each level, and the share satisfied or very satisfied (Wilson interval).
struct RatingRow {
    std::string key;
    std::int64_t very_satisfied = 0;
    std::int64_t satisfied = 0;
    std::int64_t dissatisfied = 0;
    IndexValue satisfied_share;
};

struct RatingReport {
    ReportPeriod period;
    std::vector<RatingRow> rows;
    RatingRow total;
};

/// Per-dossier scores of one kind averaged by group (agency, procedure or month of entry).
struct EvaluationReport {
    ReportPeriod period;
    EvaluationKind kind = EvaluationKind::self;
    std::vector<EvaluationSummary> rows;
    std::map<std::string, std::string> names;
    EvaluationSummary total;
};

/// What staff see about one dossier's evaluation.
struct EvaluationView {
    Dossier dossier;
    std::vector<DerivedIndicator> derived;
    std::optional<StoredEvaluation> self;
    std::optional<StoredEvaluation> appraised;
    std::optional<DossierRating> rating;
    bool survey_answered = false;
};

class SatisfactionService final {
public:
    /// `surveys`: the questionnaires accepted; the first is the current one. Throws std::invalid_argument when the
    /// list is empty or a definition does not validate (shipped data is checked at start-up).
    SatisfactionService(CatalogueStore& catalogue, DossierService& dossiers, SurveyStore& surveys,
                        EvaluationStore& evaluations, const Clock& clock, std::vector<SurveyDefinition> definitions,
                        SatisfactionRules rules = {});

    [[nodiscard]] const SurveyDefinition& current_survey() const { return definitions_.front(); }
    /// The definition with this id (newest version); not_found "unknown_survey".
    [[nodiscard]] Result<const SurveyDefinition*> survey(std::string_view id) const;

    /// Stores a response.
    ///  - online: the dossier's code and lookup key (a wrong key answers exactly like an unknown code, not_found
    ///    "dossier_not_found"); the dossier must have been returned (failed_precondition "not_returned"); agency
    ///    and procedure come from the dossier.
    ///  - kiosk: anonymous (invalid_argument "kiosk_is_anonymous" when a dossier is named); optional agency (must
    ///    exist: unprocessable "unknown_agency"); at most KioskPolicy responses per client address in its window
    ///    (resource_exhausted "too_many_responses").
    ///  - paper: `staff` required (unauthenticated "login_required"); agency default the staff member's, within
    ///    their scope (permission_denied "out_of_scope"); an optional dossier, which must be within scope.
    /// One response per dossier: already_exists "already_responded". Answers: see read_answers.
    [[nodiscard]] Result<SurveyResponse> submit(std::string_view survey_id, const SurveySubmission& submission,
                                                std::string_view client, const User* staff);

    /// The indexes of the current survey over the user's scope. Responses without an agency count only for a
    /// whole-system scope (admin). Errors: invalid_argument "invalid_period".
    [[nodiscard]] Result<SatisfactionReport> report(const SatisfactionQuery& query, const User& user);

    /// The citizen's rating, once per dossier, after its return; authenticated by the lookup key (a wrong key is an
    /// unknown code). Errors: not_found "dossier_not_found", failed_precondition "not_returned", already_exists
    /// "already_rated", invalid_argument "comment_too_long".
    [[nodiscard]] Result<DossierRating> rate(std::string_view code, std::string_view key, RatingLevel level,
                                             std::string comment);
    /// Whether the dossier has been rated and answered, for the citizen's page (same key rule).
    struct PublicState {
        DossierStatus status = DossierStatus::received;
        std::optional<DossierRating> rating;
        bool survey_answered = false;
    };
    [[nodiscard]] Result<PublicState> public_state(std::string_view code, std::string_view key);

    /// Ratings over the user's scope, grouped like the report (month, agency, procedure; channel is the dossier's).
    [[nodiscard]] Result<RatingReport> ratings(const SatisfactionQuery& query, const User& user);

    /// A dossier's evaluation (not_found outside the user's scope).
    [[nodiscard]] Result<EvaluationView> evaluation(std::string_view code, const User& user);
    /// Records the agency's own or the appraised score (see score_evaluation); audited.
    [[nodiscard]] Result<StoredEvaluation> score(std::string_view code, EvaluationKind kind,
                                                 const std::vector<std::pair<int, int>>& given, const User& user);

    /// Scores of `kind` entered in the period, over the user's scope (the dossier's receiving agency), averaged per
    /// indicator by agency, procedure or month. Errors: invalid_argument "invalid_period", "invalid_group_by" (by
    /// channel: scores have none).
    [[nodiscard]] Result<EvaluationReport> evaluation_report(const SatisfactionQuery& query, EvaluationKind kind,
                                                             const User& user);

    [[nodiscard]] const EvaluationRules& rules() const { return rules_; }
    [[nodiscard]] Timestamp now() const { return clock_.now(); }

private:
    Status admit_kiosk(std::string_view client, Timestamp now);

    CatalogueStore& catalogue_;
    DossierService& dossiers_;
    SurveyStore& surveys_;
    EvaluationStore& evaluations_;
    const Clock& clock_;
    std::vector<SurveyDefinition> definitions_;
    IndexPolicy index_policy_;
    EvaluationRules rules_;
    KioskPolicy kiosk_;
    std::mutex kiosk_mutex_;
    std::map<std::string, std::deque<Timestamp>, std::less<>> kiosk_recent_;
};

}  // namespace motcua::core
