#pragma once
// What the printable forms need from the server beyond the JSON API: the receipt's QR code. The forms themselves are
// pages in web/print/ filled from the API (docs/decisions/0020-print-forms-in-the-browser.md).
#include <string>

#include "core/dossier_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET /api/v1/dossiers/{code}/receipt-qr.svg (any staff role, the dossier in the caller's scope; 404 otherwise)
///     → 200 image/svg+xml: the QR code of `<public_base>/lookup.html?code=<code>&key=<lookup key>`.
/// `public_base` is configuration (`motcua serve --public-url`), never taken from the request's Host header, so a
/// forged Host cannot put another site's address on a printed receipt.
void add_print_routes(Router& router, core::DossierService& dossiers, std::string public_base);

}  // namespace motcua::http
