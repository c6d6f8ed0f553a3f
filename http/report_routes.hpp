#pragma once
#include <string_view>

#include "core/report_service.hpp"
#include "core/payment_service.hpp"
#include "core/satisfaction_service.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET /api/v1/reports/timeliness?from=YYYY-MM-DD&to=YYYY-MM-DD[&group_by=agency|field|procedure][&window=calendar|official]
///     agency_head, supervisor, admin — form II.06a for the caller's scope
/// GET /api/v1/reports/overdue[?agency=CODE][&near_due=true]   every staff role, within scope
/// GET /api/v1/reports/apologies?from=&to=    agency_head, supervisor, admin
/// Every report also answers ?format=csv.
/// GET /api/v1/reports/index766?from=&to=   agency_head, supervisor, admin — Decision 766 indicator 2.1 and CKMB's
///                                           progress part
/// `satisfaction` gives the 766 report its MDHL group (citizens' ratings); `payments`, when set, its TTTT group
/// (indicators 3.5, 3.5b and 3.6, docs/payments.md).
void add_report_routes(Router& router, core::ReportService& reports, core::SatisfactionService& satisfaction,
                       core::Index766Rules rules, core::PaymentService* payments = nullptr);

/// Reads {"tdgq_2_1": {"max_points", "threshold_percent"}, "ckmb_progress"?: {"max_points", "threshold_percent",
/// "realtime_lag_minutes"?}}; errors name the field.
[[nodiscard]] core::Result<core::Index766Rules> parse_index766_config(std::string_view text);
/// The shipped default (data/reports/index766.json).
[[nodiscard]] core::Index766Rules default_index766_rule();

}  // namespace motcua::http
