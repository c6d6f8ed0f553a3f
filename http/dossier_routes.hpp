#pragma once
// The catalogue (public), intake and the dossier lifecycle (staff), and the citizen's lookup (public, with key).
#include "core/catalogue_service.hpp"
#include "core/dossier_service.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET  /api/v1/agencies                      public
/// GET  /api/v1/procedures[?q=&field=&agency=] public
/// GET  /api/v1/procedures/{code}              public
void add_catalogue_routes(Router& router, core::CatalogueService& catalogue);

/// POST /api/v1/intakes                        clerk, agency_head, admin
/// GET  /api/v1/dossiers[?status=&agency=&due_before=&overdue=true&page=]   any staff role
/// GET  /api/v1/dossiers/{code}                any staff role, within scope
/// POST /api/v1/dossiers/{code}/events         clerk, officer, agency_head, admin, within scope
/// GET  /api/v1/public/dossiers/{code}?key=K   public, rate-limited by `lookup_limit` per client address; a wrong
///                                             key answers exactly like an unknown code
void add_dossier_routes(Router& router, core::DossierService& dossiers,
                        core::RateLimiter& lookup_limit);

}  // namespace motcua::http
