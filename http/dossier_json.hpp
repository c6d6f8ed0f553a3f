#pragma once
// JSON mapping of intake requests, lifecycle events and dossiers (staff and public views). Instants are RFC 3339
// with +07:00.
#include <nlohmann/json.hpp>

#include "core/dossier_service.hpp"

namespace motcua::http {

[[nodiscard]] core::Result<core::IntakeRequest> parse_intake(const nlohmann::json& body);
[[nodiscard]] core::Result<core::EventCommand> parse_event(const nlohmann::json& body);
/// An online pre-submission: procedure_code, agency?, applicant, components; any other field is refused
/// ("unknown_field").
[[nodiscard]] core::Result<core::SubmissionRequest> parse_submission(const nlohmann::json& body);
/// A clerk's decision on a pre-submission: decision, at?, reason?, items?, components? (nothing else).
[[nodiscard]] core::Result<core::SubmissionDecision> parse_submission_decision(const nlohmann::json& body);

/// The staff view: everything, with the timeline and the actions allowed next.
[[nodiscard]] nlohmann::json to_staff_json(const core::Dossier& d, bool with_timeline = true);
/// The citizen's view: status, procedure, appointment, public timeline; never the applicant's ID number, phone,
/// e-mail or address, nor staff names.
[[nodiscard]] nlohmann::json to_public_json(const core::Dossier& d, const std::string& procedure_name);

}  // namespace motcua::http
