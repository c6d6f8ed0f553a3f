#pragma once
// The only place where an ErrorKind becomes an HTTP status, and the one shape of every error body:
//
//     {"error":{"code":"invalid_date","message":"...","field":"received_at"}}     ("field" only when known)
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "http/message.hpp"

namespace motcua::http {

/// The HTTP status for `error`:
///
/// | kind                | status |
/// |---------------------|--------|
/// | invalid_argument    | 400    |
/// | unprocessable       | 422    |
/// | not_found           | 404    |
/// | already_exists      | 409    |
/// | failed_precondition | 409    |
/// | conflict            | 409    |
/// | permission_denied   | 403    |
/// | unauthenticated     | 401    |
/// | internal            | 500    |
///
/// 400 means "we could not read your request" (malformed JSON, a wrong type, a bad date format); 422 means "we
/// read it, and it breaks a rule" (an unknown procedure, a missing required component). The kind decides, not
/// whether `field` is set: both kinds may name the field at fault.
[[nodiscard]] beast_http::status http_status(const core::Error& error) noexcept;

/// `{"error":{"code":code,"message":message,"field":field}}`; "field" is left out when empty.
[[nodiscard]] nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field = {});

/// A JSON error response for `error`, answering `req` (version, keep-alive). The code is `error.code`, or the
/// kind's name when that is empty. For ErrorKind::internal the message is not sent: the client sees
/// "internal error" and the original message is logged to stderr, since it may describe our infrastructure.
[[nodiscard]] Response error_response(const core::Error& error, const Request& req);

/// The same without a request: HTTP `version` (10 or 11) and `keep_alive` given directly.
[[nodiscard]] Response error_response(const core::Error& error, unsigned version, bool keep_alive);

}  // namespace motcua::http
