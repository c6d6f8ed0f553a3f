#pragma once
// Online pre-submission (status 1) and the clerk's decision on it; the volunteer's own list (docs/lifecycle.md
// "Online pre-submission").
#include "core/attachment_service.hpp"
#include "core/dossier_service.hpp"
#include "core/rate_limit.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace motcua::http {

/// Largest body of a public submission: the form and the list of components (files come through attachments).
inline constexpr std::size_t kSubmissionBodyLimit = 64 * 1024;

/// POST /api/v1/public/submissions        public, rate-limited by `submit_limit` per client address, body at most
///                                        kSubmissionBodyLimit: a citizen on their own (online_self); answers the
///                                        dossier's code and lookup key (the key is the credential)
/// POST /api/v1/submissions               volunteer (online_volunteer), clerk, officer, agency_head, admin
///                                        (home_visit: staff serving the person at home)
/// GET  /api/v1/submissions[?page=]       the same roles: the dossiers the caller prepared
/// GET  /api/v1/submissions/{code}        the same roles: one of them (a volunteer sees only their own)
/// POST /api/v1/dossiers/{code}/intake    clerk, agency_head, admin: receive, request_supplement or refuse a
///                                        pre-submission, with the counter intake's rules
/// POST /api/v1/public/submissions/{code}/components/{component_id}/files?key=K&name=N
///                                        public, rate-limited by `submit_limit`: a file (the raw body) attached to a
///                                        submission not yet received (status 1, or 5 waiting for its supplement),
///                                        authenticated by the submission's key; a wrong key answers like an unknown
///                                        code; the content checks of AttachmentService::attach
void add_submission_routes(Router& router, core::DossierService& dossiers, core::AttachmentService& attachments,
                           core::RateLimiter& submit_limit);

/// The public upload route above, for ServerOptions::upload_routes (its body is a file of at most `max_file_bytes`).
[[nodiscard]] UploadRoute submission_upload_route(std::size_t max_file_bytes);

}  // namespace motcua::http
