#pragma once
// Fees and payments (docs/payments.md): the staff's fee view, desk payments and their correction, financial
// obligations, the citizen's fees and online payment, the payment gateway's callback, and the TTTT counts.
#include "core/fees.hpp"
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
/// The TTTT counts and indicators are columns of GET /api/v1/reports/index766/counts (http/counts766_routes.hpp).
void add_payment_routes(Router& router, core::PaymentService& payments, const core::FeeExemptions& exemptions,
                        core::RateLimiter& lookup_limit);

}  // namespace motcua::http
