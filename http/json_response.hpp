#pragma once
// JSON responses: the one way handlers turn a value into a Response.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "http/message.hpp"

namespace motcua::http {

/// Content-Type of every JSON body we send.
inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

/// A response with `body` serialised as compact JSON, Content-Type application/json; charset=utf-8, and the
/// HTTP version and keep-alive of `req`. Content-Length is set. Strings that are not valid UTF-8 are sent with
/// U+FFFD in place of the bad bytes rather than throwing.
[[nodiscard]] Response json_response(beast_http::status status, const nlohmann::json& body, const Request& req);

/// A response whose body is JSON text already encoded (the citizen's view the store keeps ready-made), with the
/// same headers as above. The caller vouches for `body` being valid JSON in UTF-8.
[[nodiscard]] Response json_text_response(beast_http::status status, std::string body, const Request& req);

/// The same for a response that has no parsed request to answer (the server's 400 for a malformed request).
/// `version` is 10 or 11.
[[nodiscard]] Response json_response(beast_http::status status, const nlohmann::json& body, unsigned version,
                                     bool keep_alive);

}  // namespace motcua::http
