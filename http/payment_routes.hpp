#pragma once
// Fees and payments (docs/payments.md): the staff's fee view, desk payments and their correction, financial
// obligations, the citizen's fees and online payment, the payment gateway's callback, and the TTTT counts.
#include "core/fees.hpp"
#include "core/index766.hpp"
#include <nlohmann/json.hpp>

#include "core/payment_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET  /api/v1/fee-groups                                   any staff role — the exemption groups for intake
/// GET  /api/v1/dossiers/{code}/fees                         any staff role, within scope
/// POST /api/v1/dossiers/{code}/payments                     clerk, agency_head, admin — cash or bank transfer
/// POST /api/v1/dossiers/{code}/payments/{id}/reversal       clerk, agency_head, admin — cancels a mistaken entry
/// POST /api/v1/dossiers/{code}/obligations                  clerk, officer, agency_head, admin — pause (status 6)
/// GET  /api/v1/public/dossiers/{code}/fees?key=K            public, rate-limited by `lookup_limit`
/// POST /api/v1/public/dossiers/{code}/payment-requests      public, rate-limited: {"key"} → the checkout URL
/// POST /api/v1/payments/callback                            public: the gateway's signed callback
/// GET  /api/v1/reports/payments?from=&to=[&format=]         agency_head, supervisor, admin — TTTT per agency
void add_payment_routes(Router& router, core::PaymentService& payments, const core::FeeExemptions& exemptions,
                        core::Index766Rules rules, core::RateLimiter& lookup_limit);

/// The three TTTT indicators (3.5, 3.5b, 3.6) as entries of the 766 report's "indicators" list.
[[nodiscard]] nlohmann::json payment_indicators_json(const core::PaymentIndicators& r);

}  // namespace motcua::http
