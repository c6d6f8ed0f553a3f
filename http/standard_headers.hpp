#pragma once
// The headers every response carries, set in one place.
#include <string_view>

#include "http/message.hpp"

namespace motcua::http {

/// The Content-Security-Policy sent with every response. Inline scripts and styles are refused, so web/ pages
/// load their CSS and JavaScript from files.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'";

/// Sets the headers that every response carries: Content-Security-Policy, X-Content-Type-Options: nosniff,
/// X-Frame-Options: DENY, Referrer-Policy: no-referrer and Server: motcua. Existing values are replaced.
/// This is the only place these headers are set: Router::route calls it on every response it returns, and the
/// server calls it on the responses it makes itself (400, 413, 500).
void apply_standard_headers(Response& res);

}  // namespace motcua::http
