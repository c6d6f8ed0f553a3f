#include <regex>
#include <string>

#include <doctest/doctest.h>

#include <boost/beast/http/field.hpp>

#include "core/auth_service.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"
#include "http/json_response.hpp"
#include "http/sodium_crypto.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/user_store.hpp"
#include "tests/http/http_test_support.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using http::Verb;
using http::test::json_of;
using http::test::make_request;
using nlohmann::json;
using namespace std::chrono_literals;
using boost::beast::http::field;
using Status = boost::beast::http::status;

namespace {

constexpr const char* kAgency = "000.00.12.H56";
constexpr const char* kClerkPassword = "Bars-clerk-pass-2025!";
constexpr const char* kHeadPassword = "Head-of-agency-2025!";
constexpr const char* kProtected = "/api/v1/test/protected";

/// Real storage and libsodium (at its minimum cost, so the suite stays fast), a fixed clock, the auth routes, and a
/// dummy staff route open to clerks and officers only.
struct Fixture {
    test::TempDatabase tmp;
    storage::SqliteUserStore store{tmp.db()};
    http::SodiumCrypto crypto{http::PasswordHashCost::minimum_for_tests()};
    test::FixedClock clock{test::instant("2026-03-10T08:00:00+07:00")};
    core::AuthService auth{store, crypto, clock};
    http::Router router;

    Fixture() {
        core::Agency agency;
        agency.code = kAgency;
        agency.name = "UBND phường Phú Hòa";
        agency.level = core::AgencyLevel::commune;
        storage::SqliteCatalogueStore(tmp.db()).save({agency}, {}, {});
        add_user("bars_clerk", core::Role::clerk, kClerkPassword);
        add_user("head", core::Role::agency_head, kHeadPassword);

        router.set_gate(http::Authenticator(auth).gate());
        http::add_auth_routes(router, auth);
        const auto handler = [](const http::Request& req, const http::RouteParams& params) {
            return http::json_response(Status::ok, json{{"user", params.principal().user.username}}, req);
        };
        const auto access = http::Access::staff({core::Role::clerk, core::Role::officer});
        router.add(Verb::get, kProtected, access, handler);
        router.add(Verb::post, kProtected, access, handler);
    }

    void add_user(const std::string& username, core::Role role, const std::string& password) {
        core::User u;
        u.username = username;
        u.role = role;
        u.agency = kAgency;
        REQUIRE(auth.add_user(u, password, "admin").has_value());
    }

    http::Response login(const std::string& username = "bars_clerk", const std::string& password = kClerkPassword) {
        return router.route(
            make_request(Verb::post, "/api/v1/auth/login", json{{"username", username}, {"password", password}}.dump()));
    }
};

/// "motcua_session=<token>" from a response's Set-Cookie, as a browser would send it back.
std::string cookie_of(const http::Response& res) {
    const std::string set_cookie(res[field::set_cookie]);
    return set_cookie.substr(0, set_cookie.find(';'));
}

http::Request with(http::Request req, const std::string& cookie, const std::string& csrf = {}) {
    if (!cookie.empty()) req.set(field::cookie, cookie);
    if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
    return req;
}

std::string error_code(const http::Response& res) { return json_of(res)["error"]["code"].get<std::string>(); }

/// A logged-in clerk: the cookie and the CSRF token the login answered.
struct Session {
    std::string cookie;
    std::string csrf;
};

Session logged_in(Fixture& f, const std::string& username = "bars_clerk", const std::string& password = kClerkPassword) {
    const auto res = f.login(username, password);
    REQUIRE(res.result() == Status::ok);
    return {cookie_of(res), json_of(res)["csrf_token"].get<std::string>()};
}

}  // namespace

TEST_CASE("login answers the CSRF token and the user, and sets the session cookie HttpOnly, SameSite=Strict, Path=/") {
    Fixture f;
    const auto res = f.login();
    REQUIRE(res.result() == Status::ok);
    const std::string set_cookie(res[field::set_cookie]);
    CHECK(std::regex_match(set_cookie, std::regex("motcua_session=[0-9A-HJKMNP-TV-Z]{32}; Path=/; HttpOnly; "
                                                  "SameSite=Strict; Max-Age=43200")));
    CHECK(res[field::cache_control] == "no-store");
    const json body = json_of(res);
    CHECK(std::regex_match(body["csrf_token"].get<std::string>(), std::regex("[0-9A-HJKMNP-TV-Z]{32}")));
    CHECK(body["user"] == json{{"username", "bars_clerk"}, {"display_name", ""}, {"role", "clerk"}, {"agency", kAgency}});
    CHECK(body["expires_at"] == "2026-03-10T20:00:00+07:00");
    CHECK(res.body().find(cookie_of(res).substr(15)) == std::string::npos);  // the token travels only in the cookie
}

TEST_CASE("behind an HTTPS proxy the session cookie is also Secure, and the forwarded client is audited") {
    Fixture f;
    auto req = make_request(Verb::post, "/api/v1/auth/login",
                            json{{"username", "bars_clerk"}, {"password", kClerkPassword}}.dump());
    req.set("X-Forwarded-Proto", "https");
    // nginx's $proxy_add_x_forwarded_for appends the address it saw to whatever the client sent: the last entry is
    // the one a loopback proxy vouches for, the first may be made up.
    req.set("X-Forwarded-For", "198.51.100.66, 203.0.113.7");
    const auto res = f.router.route(req, "127.0.0.1");
    REQUIRE(res.result() == Status::ok);
    const std::string set_cookie(res[field::set_cookie]);
    CHECK(set_cookie.ends_with("; HttpOnly; SameSite=Strict; Max-Age=43200; Secure"));
    auto s = f.tmp.db().prepare("SELECT detail FROM audit_log WHERE action = 'auth.login'");
    REQUIRE(s.step());
    CHECK(s.text(0).find("\"client\":\"203.0.113.7\"") != std::string::npos);
}

TEST_CASE("a wrong password and an unknown user both answer the same 401 JSON error and set no cookie") {
    Fixture f;
    const auto wrong = f.login("bars_clerk", "not-the-password");
    const auto unknown = f.login("nobody", kClerkPassword);
    for (const auto* res : {&wrong, &unknown}) {
        CHECK(res->result() == Status::unauthorized);
        CHECK(error_code(*res) == "invalid_credentials");
        CHECK(res->find(field::set_cookie) == res->end());
    }
    CHECK(wrong.body() == unknown.body());
}

TEST_CASE("a malformed login request answers 400, naming the field when there is one") {
    Fixture f;
    struct Row {
        const char* name;
        std::string body;
        const char* code;
        const char* field;
    };
    const Row rows[] = {
        {"not JSON", "{\"username\":", "invalid_json", nullptr},
        {"not an object", "[]", "invalid_json", nullptr},
        {"no password", json{{"username", "bars_clerk"}}.dump(), "missing_field", "password"},
        {"empty username", json{{"username", ""}, {"password", "x"}}.dump(), "missing_field", "username"},
        {"username not a string", json{{"username", 7}, {"password", "x"}}.dump(), "invalid_type", "username"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        const auto res = f.router.route(make_request(Verb::post, "/api/v1/auth/login", row.body));
        CHECK(res.result() == Status::bad_request);
        CHECK(error_code(res) == row.code);
        const json error = json_of(res)["error"];
        if (row.field != nullptr) CHECK(error["field"] == row.field);
        else CHECK_FALSE(error.contains("field"));
    }
}

TEST_CASE("login refuses a body that is not sent as application/json, which an HTML form cannot send") {
    Fixture f;
    auto req = make_request(Verb::post, "/api/v1/auth/login",
                            json{{"username", "bars_clerk"}, {"password", kClerkPassword}}.dump());
    req.set(field::content_type, "text/plain");
    const auto res = f.router.route(req);
    CHECK(res.result() == Status::bad_request);
    CHECK(error_code(res) == "unsupported_media_type");
    req.set(field::content_type, "Application/JSON; charset=utf-8");
    CHECK(f.router.route(req).result() == Status::ok);
}

TEST_CASE("a protected route answers 401 login_required without a valid session cookie") {
    Fixture f;
    for (const std::string& cookie : {std::string(), std::string("motcua_session="),
                                      std::string("motcua_session=0000000000000000000000000000000Z"),
                                      std::string("other=1")}) {
        CAPTURE(cookie);
        const auto res = f.router.route(with(make_request(Verb::get, kProtected), cookie));
        CHECK(res.result() == Status::unauthorized);
        CHECK(error_code(res) == "login_required");
    }
}

TEST_CASE("a POST to a protected route needs the session's CSRF token in X-CSRF-Token") {
    Fixture f;
    const Session s = logged_in(f);
    const auto post = [&](const std::string& csrf) {
        return f.router.route(with(make_request(Verb::post, kProtected, "{}"), s.cookie, csrf));
    };
    SUBCASE("without the header: 403 csrf_mismatch") {
        const auto res = post("");
        CHECK(res.result() == Status::forbidden);
        CHECK(error_code(res) == "csrf_mismatch");
    }
    SUBCASE("with a wrong token: 403 csrf_mismatch") {
        std::string wrong = s.csrf;
        wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
        CHECK(error_code(post(wrong)) == "csrf_mismatch");
        CHECK(error_code(post(s.cookie.substr(15))) == "csrf_mismatch");  // the session token is not the CSRF token
    }
    SUBCASE("with the right token: 200") {
        const auto res = post(s.csrf);
        CHECK(res.result() == Status::ok);
        CHECK(json_of(res)["user"] == "bars_clerk");
    }
}

TEST_CASE("a GET on a protected route needs the session but no CSRF header") {
    Fixture f;
    const Session s = logged_in(f);
    const auto res = f.router.route(with(make_request(Verb::get, kProtected), s.cookie));
    CHECK(res.result() == Status::ok);
}

TEST_CASE("the session cookie is found among other cookies") {
    Fixture f;
    const Session s = logged_in(f);
    const auto res = f.router.route(with(make_request(Verb::get, kProtected), "theme=dark; " + s.cookie + "; lang=vi"));
    CHECK(res.result() == Status::ok);
}

TEST_CASE("a user whose role the route does not allow gets 403 role_not_allowed") {
    Fixture f;
    const Session head = logged_in(f, "head", kHeadPassword);
    const auto get = f.router.route(with(make_request(Verb::get, kProtected), head.cookie));
    CHECK(get.result() == Status::forbidden);
    CHECK(error_code(get) == "role_not_allowed");
    const auto post = f.router.route(with(make_request(Verb::post, kProtected, "{}"), head.cookie, head.csrf));
    CHECK(error_code(post) == "role_not_allowed");
}

TEST_CASE("a session past its idle limit answers 401 like no session at all") {
    Fixture f;
    const Session s = logged_in(f);
    f.clock.advance(31min);
    const auto res = f.router.route(with(make_request(Verb::get, kProtected), s.cookie));
    CHECK(res.result() == Status::unauthorized);
    CHECK(error_code(res) == "login_required");
}

TEST_CASE("GET /api/v1/auth/me gives the user and the session's CSRF token back to a reloaded page") {
    Fixture f;
    const Session s = logged_in(f);
    const auto res = f.router.route(with(make_request(Verb::get, "/api/v1/auth/me"), s.cookie));
    REQUIRE(res.result() == Status::ok);
    const json body = json_of(res);
    CHECK(body["csrf_token"] == s.csrf);
    CHECK(body["user"]["username"] == "bars_clerk");
    CHECK(body["expires_at"] == "2026-03-10T20:00:00+07:00");
    CHECK(f.router.route(make_request(Verb::get, "/api/v1/auth/me")).result() == Status::unauthorized);
}

TEST_CASE("logout needs the CSRF token, expires the cookie, and makes the old cookie useless") {
    Fixture f;
    const Session s = logged_in(f);
    const auto refused = f.router.route(with(make_request(Verb::post, "/api/v1/auth/logout"), s.cookie));
    CHECK(refused.result() == Status::forbidden);
    CHECK(f.router.route(with(make_request(Verb::get, kProtected), s.cookie)).result() == Status::ok);

    const auto res = f.router.route(with(make_request(Verb::post, "/api/v1/auth/logout"), s.cookie, s.csrf));
    REQUIRE(res.result() == Status::ok);
    CHECK(json_of(res)["logged_out"] == true);
    CHECK(std::string(res[field::set_cookie]) == "motcua_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");

    const auto after = f.router.route(with(make_request(Verb::get, kProtected), s.cookie));
    CHECK(after.result() == Status::unauthorized);
    CHECK(error_code(after) == "login_required");
    CHECK(f.router.route(with(make_request(Verb::post, kProtected, "{}"), s.cookie, s.csrf)).result() ==
          Status::unauthorized);
    auto audit = f.tmp.db().prepare("SELECT count(*) FROM audit_log WHERE action = 'auth.logout'");
    audit.step();
    CHECK(audit.int64(0) == 1);
}

TEST_CASE("logging in again gives a new session and leaves the first one working") {
    Fixture f;
    const Session first = logged_in(f);
    const Session second = logged_in(f);
    CHECK(first.cookie != second.cookie);
    CHECK(first.csrf != second.csrf);
    CHECK(f.router.route(with(make_request(Verb::get, kProtected), first.cookie)).result() == Status::ok);
    // A session's CSRF token does not open another session.
    CHECK(f.router.route(with(make_request(Verb::post, kProtected, "{}"), first.cookie, second.csrf)).result() ==
          Status::forbidden);
}
