#pragma once
#include "core/report_service.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET /api/v1/reports/timeliness?from=YYYY-MM-DD&to=YYYY-MM-DD[&group_by=agency|field|procedure][&window=calendar|official]
///     agency_head, supervisor, admin — form II.06a for the caller's scope
/// GET /api/v1/reports/overdue[?agency=CODE][&near_due=true]   every staff role, within scope
/// GET /api/v1/reports/apologies?from=&to=    agency_head, supervisor, admin
/// Every report also answers ?format=csv.
void add_report_routes(Router& router, core::ReportService& reports, const Authenticator& auth);

}  // namespace motcua::http
