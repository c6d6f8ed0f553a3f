#pragma once
// The public Open311 GeoReport v2 façade (peers.md §5): the catalogue as services, a dossier as a service request
// (read-only; the lookup key is required exactly as for the citizen's lookup).
#include "core/catalogue_service.hpp"
#include "core/dossier_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET /open311/v2/discovery.json
/// GET /open311/v2/services.json[?agency=CODE]
/// GET /open311/v2/services/{code}.json          the service definition: components as attributes
/// GET /open311/v2/requests/{code}.json?key=K    the dossier as a one-element request list
/// The request lookup shares `lookup_limit` (per client address) with the JSON status lookup.
void add_open311_routes(Router& router, core::CatalogueService& catalogue, core::DossierService& dossiers,
                        core::RateLimiter& lookup_limit);

}  // namespace motcua::http
