#pragma once
// Sessions over HTTP: the session cookie, the CSRF header, role checks for staff routes, and the login, logout and
// "who am I" endpoints (docs/decisions/0006-sessions-and-passwords.md).
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/auth_service.hpp"
#include "core/catalogue.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// The cookie that carries the session token (HttpOnly, SameSite=Strict, Path=/).
inline constexpr std::string_view kSessionCookie = "motcua_session";
/// The header that must repeat the session's CSRF token on every request other than GET and HEAD.
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

/// The gate in front of staff routes, installed with Router::set_gate. Cheap to copy; refers to the service, which
/// must outlive it.
class Authenticator final {
public:
    explicit Authenticator(core::AuthService& auth) : auth_(auth) {}

    /// Reads cookie "motcua_session", authenticates it, requires header X-CSRF-Token equal (constant time) to the
    /// session's CSRF token on every method other than GET/HEAD, and requires the user's role to be allowed by
    /// `access`. Checked in that order. Errors: unauthenticated (401, code "login_required") / permission_denied
    /// (403, "csrf_mismatch" or "role_not_allowed").
    [[nodiscard]] core::Result<core::Principal> require(const Request& req, const Access& access) const;

    /// This authenticator as the router's gate.
    [[nodiscard]] Gate gate() const {
        return [self = *this](const Request& req, const Access& access) { return self.require(req, access); };
    }

private:
    core::AuthService& auth_;
};

/// `{"username","display_name","role","agency"}`: how a user appears in API answers (never the password hash).
[[nodiscard]] nlohmann::json user_json(const core::User& user);

/// POST /api/v1/auth/login   body {"username","password"} (Content-Type application/json, which an HTML form
///                           cannot send) → 200 {"csrf_token","user":{...},"expires_at"} and
///                           Set-Cookie: motcua_session=<token>; Path=/; HttpOnly; SameSite=Strict; Max-Age=<absolute
///                           lifetime in seconds>, plus "; Secure" when the request carried X-Forwarded-Proto: https.
///                           Malformed body → 400 naming the field; wrong credentials → 401 "invalid_credentials".
/// POST /api/v1/auth/logout  (session and CSRF header) → 200 {"logged_out":true} and a cookie that expires at once.
/// GET  /api/v1/auth/me      (session) → 200 {"csrf_token","user":{...},"expires_at"}, so a reloaded page can recover
///                           its CSRF token.
///
/// The client address audited with each login (and used by the login throttle) is the router's judgement of it
/// (Router::client_address: the socket peer, or the address a loopback reverse proxy appended to X-Forwarded-For).
void add_auth_routes(Router& router, core::AuthService& auth);

}  // namespace motcua::http
