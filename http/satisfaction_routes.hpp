#pragma once
// Satisfaction over HTTP (issue #6, docs/satisfaction.md): the questionnaire, survey responses from the three
// channels, the citizen's rating, the per-dossier evaluation, and the satisfaction and rating reports.
#include <string_view>
#include <vector>

#include "core/rate_limit.hpp"
#include "core/satisfaction_service.hpp"
#include "core/survey.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET  /api/v1/surveys/current                     public — the current questionnaire
/// GET  /api/v1/surveys/{id}                         public — a questionnaire by id (newest version)
/// POST /api/v1/surveys/{id}/responses               public for "online" (code + key) and "kiosk" (limited per
///                                                   client address); "paper" needs a staff session (not supervisor)
/// GET  /api/v1/evaluations/{code}/rating?key=K      public — whether the dossier has been rated / surveyed
/// POST /api/v1/evaluations/{code}/rating            public — {"key","level","comment"?}, once per dossier
/// GET  /api/v1/evaluations/{code}                   every staff role, within scope — indicators, scores, rating
/// PUT  /api/v1/evaluations/{code}/self              clerk, officer, agency_head — {"scores":{"5":2,...}}
/// PUT  /api/v1/evaluations/{code}/appraised         admin — the appraised score
/// GET  /api/v1/reports/satisfaction?from&to[&group_by=agency|procedure|channel|month][&format=json|csv|xlsx]
/// GET  /api/v1/reports/ratings?from&to[&group_by=…][&format=…]     agency_head, supervisor, admin
/// GET  /api/v1/reports/evaluations?from&to[&kind=self|appraised][&group_by=agency|procedure|month][&format=…]
/// The public routes that take a lookup key (responses, ratings) are limited by `public_limit`, the status lookup's
/// per-address budget. `auth` checks the session of paper-form entry, the one channel of a public route that needs
/// one.
void add_satisfaction_routes(Router& router, core::SatisfactionService& service, const Authenticator& auth,
                             core::RateLimiter& public_limit);

/// Reads a questionnaire definition (data/surveys/*.json); errors name the field.
[[nodiscard]] core::Result<core::SurveyDefinition> parse_survey_definition(std::string_view text);
/// The shipped questionnaires, the default (sipas-default.json) first. Throws std::logic_error when one is broken.
[[nodiscard]] std::vector<core::SurveyDefinition> shipped_surveys();

/// Reads the satisfaction rules ({"evaluation":{"version","bands":[{"min_total","name"}],"one_contact_rounds"},
/// "indexes":{"min_respondents","max_interval_width"},"kiosk":{"max_responses","window_minutes"}}; every part
/// optional, absent values keep their defaults); errors name the field.
[[nodiscard]] core::Result<core::SatisfactionRules> parse_satisfaction_rules(std::string_view text);
/// The shipped default (data/satisfaction/rules.json).
[[nodiscard]] core::SatisfactionRules default_satisfaction_rules();

}  // namespace motcua::http
