#include "http/auth.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <boost/beast/http/field.hpp>

#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxUsernameBytes = 256;  // anything longer is no username; a bound for the audit row

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

/// The value of the first session cookie in the request's Cookie header(s).
std::optional<std::string_view> session_token(const Request& req) {
    for (auto [it, end] = req.equal_range(beast_http::field::cookie); it != end; ++it) {
        std::string_view rest = it->value();
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            const std::string_view pair = trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            const auto eq = pair.find('=');
            if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == kSessionCookie)
                return trim(pair.substr(eq + 1));
        }
    }
    return std::nullopt;
}

bool forwarded_https(const Request& req) {
    const auto header = req.find("X-Forwarded-Proto");
    if (header == req.end()) return false;
    const std::string_view value = header->value();
    return iequals(trim(value.substr(0, value.find(','))), "https");
}

bool is_json(const Request& req) {
    const auto header = req.find(beast_http::field::content_type);
    if (header == req.end()) return false;
    const std::string_view value = header->value();
    return iequals(trim(value.substr(0, value.find(';'))), "application/json");
}

std::string cookie(std::string_view value, long long max_age, bool secure) {
    std::string out = std::string(kSessionCookie) + "=" + std::string(value) +
                      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
    if (secure) out += "; Secure";
    return out;
}

json session_json(const core::User& user, const std::string& csrf_token, core::Timestamp expires_at) {
    return json{{"csrf_token", csrf_token}, {"user", user_json(user)}, {"expires_at", core::format_instant(expires_at)}};
}

Response login(core::AuthService& auth, const Request& req, const std::string& client) {
    if (!is_json(req))
        return error_response(core::Error{core::ErrorKind::invalid_argument, "unsupported_media_type",
                                          "send the credentials as Content-Type: application/json", {}},
                              req);
    auto doc = parse_object(req.body());
    if (!doc) return error_response(doc.error(), req);
    const JsonObject body(*doc, "");
    auto username = body.string("username", true, kMaxUsernameBytes);
    if (!username) return error_response(username.error(), req);
    auto password = body.string("password", true, core::kMaxPasswordBytes);
    if (!password) return error_response(password.error(), req);

    auto session = auth.login(*username, *password, client);
    if (!session) return error_response(session.error(), req);
    Response res = json_response(beast_http::status::ok,
                                 session_json(session->user, session->csrf_token, session->expires_at), req);
    const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(auth.policy().absolute).count();
    res.set(beast_http::field::set_cookie, cookie(session->token, max_age, forwarded_https(req)));
    return res;
}

}  // namespace

core::Result<core::Principal> Authenticator::require(const Request& req, const Access& access) const {
    const auto token = session_token(req);
    if (!token || token->empty())
        return core::fail(core::ErrorKind::unauthenticated, "please log in", {}, "login_required");
    auto principal = auth_.authenticate(*token);
    if (!principal) return principal;
    if (req.method() != Verb::get && req.method() != Verb::head) {
        const auto header = req.find(kCsrfHeader);
        if (header == req.end() || !auth_.csrf_matches(principal->session, header->value()))
            return core::fail(core::ErrorKind::permission_denied,
                              "this request needs the X-CSRF-Token header given at login", {}, "csrf_mismatch");
    }
    if (!access.allows(principal->user.role))
        return core::fail(core::ErrorKind::permission_denied,
                          std::string("the role ") + core::to_string(principal->user.role) + " may not do this", {},
                          "role_not_allowed");
    return principal;
}

json user_json(const core::User& user) {
    return json{{"username", user.username},
                {"display_name", user.display_name},
                {"role", core::to_string(user.role)},
                {"agency", user.agency}};
}

void add_auth_routes(Router& router, core::AuthService& auth) {
    router.add(Verb::post, "/api/v1/auth/login", Access::anyone(),
               [&auth](const Request& req, const RouteParams& params) { return login(auth, req, params.client()); });

    router.add(Verb::post, "/api/v1/auth/logout", Access::signed_in(), [&auth](const Request& req, const RouteParams& params) {
        if (auto ended = auth.logout(*session_token(req), params.principal().user.username); !ended)
            return error_response(ended.error(), req);
        Response res = json_response(beast_http::status::ok, json{{"logged_out", true}}, req);
        res.set(beast_http::field::set_cookie, cookie("", 0, forwarded_https(req)));
        return res;
    });

    router.add(Verb::get, "/api/v1/auth/me", Access::signed_in(), [](const Request& req, const RouteParams& params) {
        const auto& who = params.principal();
        return json_response(beast_http::status::ok,
                             session_json(who.user, who.session.csrf_token, who.session.expires_at), req);
    });
}

}  // namespace motcua::http
