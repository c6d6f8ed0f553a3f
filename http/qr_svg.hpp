#pragma once
// QR codes as SVG (libqrencode), for the printed receipt's link to the citizen's lookup page. Encoding a picture is
// presentation, not domain logic, so it lives in http/ and core never sees it.
#include <string>
#include <string_view>

namespace motcua::http {

/// The QR code of `text` (8-bit mode, error correction level M, the smallest version that fits) as a standalone SVG
/// document: one black path on a white square with the standard 4-module quiet zone, `module_px` pixels per module
/// at its natural size (it scales without blurring: crispEdges). Throws std::runtime_error if libqrencode cannot
/// encode it (text too long for version 40, out of memory).
[[nodiscard]] std::string qr_svg(std::string_view text, int module_px = 4);

/// The citizen's lookup link printed on a receipt: `<public_base>/lookup.html?code=…&key=…` with both values
/// percent-encoded. `public_base` comes from configuration (never from the request's Host header) and has no
/// trailing slash.
[[nodiscard]] std::string lookup_url(std::string_view public_base, std::string_view code, std::string_view key);

}  // namespace motcua::http
