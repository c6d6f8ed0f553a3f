// The access table (issue "Security and reliability", docs/security.md "Access control"): every route in the
// production router is walked with no session, with each role, and with a session of another agency, and the answers
// are checked against the table below. A new route fails the first test until someone decides here who may call it.
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "storage/database.hpp"
#include "tests/support/test_database.hpp"
#include "tests/http/http_test_support.hpp"
#include "tests/support/builders.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using namespace motcua::http;
namespace ht = motcua::http::test;
namespace st = motcua::test;
using nlohmann::json;
using core::Role;

namespace {

constexpr const char* kWard = "000.21.40.H56";        // the demo clerk's ward
constexpr const char* kOtherWard = "000.22.40.H56";   // another ward of the demo province

// Who may call each route: "public", "signed-in" (any account, volunteers included), "staff" (any staff role; not a
// volunteer) or "staff:" + the roles allowed. Written out by hand on
// purpose: it is the table a reviewer reads, and the router must agree with it.
const std::map<std::pair<std::string, std::string>, std::string> kExpected = {
    {{"GET", "/healthz"}, "public"},
    {{"GET", "/api/v1/calendar/holidays"}, "public"},
    {{"GET", "/api/v1/calendar/lunar"}, "public"},
    {{"GET", "/api/v1/calendar/due"}, "public"},
    {{"POST", "/api/v1/auth/login"}, "public"},
    {{"POST", "/api/v1/auth/logout"}, "signed-in"},
    {{"GET", "/api/v1/auth/me"}, "signed-in"},
    {{"GET", "/api/v1/agencies"}, "public"},
    {{"GET", "/api/v1/procedures"}, "public"},
    {{"GET", "/api/v1/procedures/{code}"}, "public"},
    {{"POST", "/api/v1/intakes"}, "staff:clerk,agency_head,admin"},
    {{"GET", "/api/v1/dossiers"}, "staff"},
    {{"GET", "/api/v1/dossiers/{code}"}, "staff"},
    {{"POST", "/api/v1/dossiers/{code}/events"}, "staff:clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/dossiers/{code}/receipt-qr.svg"}, "staff"},
    {{"GET", "/api/v1/public/dossiers/{code}"}, "public (rate-limited)"},
    // Online pre-submission (docs/lifecycle.md): citizens without an account, volunteers and staff at home visits.
    {{"POST", "/api/v1/public/submissions"}, "public (rate-limited)"},
    {{"POST", "/api/v1/submissions"}, "staff:volunteer,clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/submissions"}, "staff:volunteer,clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/submissions/{code}"}, "staff:volunteer,clerk,officer,agency_head,admin"},
    {{"POST", "/api/v1/dossiers/{code}/intake"}, "staff:clerk,agency_head,admin"},
    {{"POST", "/api/v1/public/submissions/{code}/components/{component_id}/files"}, "public (rate-limited)"},
    {{"GET", "/api/v1/reports/index766"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/index766/counts"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/timeliness"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/timeliness/dossiers"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/overdue"}, "staff"},
    {{"GET", "/api/v1/reports/apologies"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/status-counts"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/dossiers/{code}/notifications"}, "staff"},
    {{"GET", "/api/v1/notifications"}, "staff"},
    {{"POST", "/api/v1/notifications/{id}/retry"}, "staff:clerk,agency_head,admin"},
    {{"GET", "/open311/v2/discovery.json"}, "public"},
    {{"GET", "/open311/v2/services.json"}, "public"},
    {{"GET", "/open311/v2/services/{code}.json"}, "public"},
    {{"GET", "/open311/v2/requests/{code}.json"}, "public (rate-limited)"},
    // Satisfaction (docs/satisfaction.md). Paper-form entry on the responses route also needs a staff session
    // (clerk, officer, agency_head, admin), checked for that channel only.
    {{"GET", "/api/v1/surveys/current"}, "public"},
    {{"GET", "/api/v1/surveys/{id}"}, "public"},
    {{"POST", "/api/v1/surveys/{id}/responses"}, "public (rate-limited)"},
    {{"GET", "/api/v1/evaluations/{code}/rating"}, "public (rate-limited)"},
    {{"POST", "/api/v1/evaluations/{code}/rating"}, "public (rate-limited)"},
    {{"GET", "/api/v1/evaluations/{code}"}, "staff"},
    {{"PUT", "/api/v1/evaluations/{code}/self"}, "staff:clerk,officer,agency_head"},
    {{"PUT", "/api/v1/evaluations/{code}/appraised"}, "staff:admin"},
    {{"GET", "/api/v1/reports/satisfaction"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/ratings"}, "staff:agency_head,supervisor,admin"},
    {{"GET", "/api/v1/reports/evaluations"}, "staff:agency_head,supervisor,admin"},
    // Fees and payments (docs/payments.md). The gateway's callback is public: its HMAC signature is the check.
    {{"GET", "/api/v1/fee-groups"}, "staff"},
    {{"GET", "/api/v1/dossiers/{code}/fees"}, "staff"},
    {{"POST", "/api/v1/dossiers/{code}/payments"}, "staff:clerk,agency_head,admin"},
    {{"POST", "/api/v1/dossiers/{code}/payments/{id}/reversal"}, "staff:clerk,agency_head,admin"},
    {{"POST", "/api/v1/dossiers/{code}/obligations"}, "staff:clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/public/dossiers/{code}/fees"}, "public (rate-limited)"},
    {{"POST", "/api/v1/public/dossiers/{code}/payment-requests"}, "public (rate-limited)"},
    {{"POST", "/api/v1/payments/callback"}, "public"},
    // Digitisation (docs/digitisation.md): files are read by any staff member in scope, changed by the desk roles.
    {{"POST", "/api/v1/dossiers/{code}/components/{component_id}/files"}, "staff:clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/dossiers/{code}/files"}, "staff"},
    {{"GET", "/api/v1/dossiers/{code}/files/{id}"}, "staff"},
    {{"POST", "/api/v1/dossiers/{code}/components/{component_id}/digitisation"},
     "staff:clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/dossiers/{code}/reusable"}, "staff:clerk,officer,agency_head,admin"},
    {{"POST", "/api/v1/dossiers/{code}/components/{component_id}/reuse"}, "staff:clerk,officer,agency_head,admin"},
    {{"POST", "/api/v1/dossiers/{code}/result-document"}, "staff:clerk,officer,agency_head,admin"},
    {{"GET", "/api/v1/public/dossiers/{code}/result"}, "public (rate-limited)"},
    {{"GET", "/api/v1/public/dossiers/{code}/result/file"}, "public (rate-limited)"},
};

const std::vector<std::pair<Role, std::pair<std::string, std::string>>> kDemoAccounts = {
    {Role::clerk, {"demo.clerk", "Demo-Clerk-2026!"}},
    {Role::officer, {"demo.officer", "Demo-Officer-2026!"}},
    {Role::agency_head, {"demo.head", "Demo-Head-2026!"}},
    {Role::supervisor, {"demo.supervisor", "Demo-Supervisor-2026!"}},
    {Role::admin, {"demo.admin", "Demo-Admin-2026!"}},
    {Role::volunteer, {"demo.volunteer", "Demo-Volunteer-2026!"}},
};

struct Session {
    std::string cookie;
    std::string csrf;
};

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::string dossier;  // a dossier of the demo ward
    std::string key;

    World() {
        std::ostringstream out, err;
        std::istringstream in;
        REQUIRE(app::run_cli(std::vector<std::string_view>{"demo", "--db", db, "--dossiers", "30"}, {out, err, in}) ==
                0);
        std::istringstream password("Other-Clerk-2026!\n");
        REQUIRE(app::run_cli(std::vector<std::string_view>{"users", "add", "--db", db, "--username", "other.clerk",
                                                           "--role", "clerk", "--agency", kOtherWard, "--name",
                                                           "Lê Văn Khác"},
                             {out, err, password}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock);
        const Session clerk = login("demo.clerk", "Demo-Clerk-2026!");
        const auto list = call(Verb::get, "/api/v1/dossiers?agency=" + std::string(kWard), &clerk);
        REQUIRE(list.result_int() == 200);
        const auto items = json::parse(list.body())["items"];
        REQUIRE(!items.empty());
        dossier = items[0]["code"].get<std::string>();
        const auto full = json::parse(call(Verb::get, "/api/v1/dossiers/" + dossier, &clerk).body());
        key = full.value("lookup_key", "");
    }

    [[nodiscard]] Response call(Verb verb, const std::string& target, const Session* s, std::string body = {},
                                bool with_csrf = true, std::string_view peer = {}) const {
        Request req = ht::make_request(verb, target, std::move(body));
        if (verb != Verb::get && req.body().empty()) {
            req.body() = "{}";
            req.set(beast_http::field::content_type, "application/json");
            req.prepare_payload();
        }
        if (s != nullptr) {
            req.set(beast_http::field::cookie, s->cookie);
            if (with_csrf) req.set("X-CSRF-Token", s->csrf);
        }
        return application->router().route(req, peer);
    }

    Session login(const std::string& user, const std::string& password) const {
        const auto res = call(Verb::post, "/api/v1/auth/login", nullptr,
                              json{{"username", user}, {"password", password}}.dump());
        REQUIRE(res.result_int() == 200);
        const std::string set_cookie(res.at(beast_http::field::set_cookie));
        return Session{set_cookie.substr(0, set_cookie.find(';')),
                       json::parse(res.body())["csrf_token"].get<std::string>()};
    }

    /// The pattern with every parameter filled with a value that exists in the demo data.
    [[nodiscard]] std::string target_for(const std::string& pattern) const {
        std::string t = std::regex_replace(pattern, std::regex(R"(/dossiers/\{code\})"), "/dossiers/" + dossier);
        t = std::regex_replace(t, std::regex(R"(/requests/\{code\})"), "/requests/" + dossier);
        t = std::regex_replace(t, std::regex(R"(\{code\})"), "1.000001");
        t = std::regex_replace(t, std::regex(R"(\{id\})"), "1");
        t = std::regex_replace(t, std::regex(R"(\{component_id\})"), "c1");
        if (t.find("/reports/") != std::string::npos) t += "?from=2026-01-01&to=2026-03-31";
        if (t.find("/timeliness/dossiers") != std::string::npos) t += "&column=received_total";
        if (t.find("/public/") != std::string::npos || t.find("/requests/") != std::string::npos) t += "?key=" + key;
        return t;
    }
};

World& world() {
    static World w;
    return w;
}

bool is_auth_failure(unsigned status) { return status == 401 || status == 403; }

// Logout is walked last per session (it ends the session); the walk logs in afresh for each role.
bool is_logout(const std::string& pattern) { return pattern == "/api/v1/auth/logout"; }

}  // namespace

TEST_CASE("every route in the router is in the access table, with the access the router enforces") {
    auto& w = world();
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& entry : w.application->router().access_table()) {
        const auto key = std::make_pair(entry.method, entry.pattern);
        seen.insert(key);
        const auto expected = kExpected.find(key);
        INFO(entry.method << " " << entry.pattern);
        REQUIRE_MESSAGE(expected != kExpected.end(), "a route nobody decided the access of: add it to kExpected");
        CHECK(entry.access.describe() == expected->second);
    }
    for (const auto& [key, access] : kExpected) {
        INFO(key.first << " " << key.second);
        CHECK_MESSAGE(seen.count(key) == 1, "the table names a route the router does not have");
    }
}

TEST_CASE("without a session every staff route answers 401 and no public route asks for one") {
    auto& w = world();
    for (const auto& entry : w.application->router().access_table()) {
        const auto verb = beast_http::string_to_verb(entry.method);
        const auto res = w.call(verb, w.target_for(entry.pattern), nullptr);
        INFO(entry.method << " " << w.target_for(entry.pattern) << " -> " << res.result_int() << " " << res.body());
        if (entry.access.needs_session()) {
            CHECK(res.result_int() == 401);
            CHECK(json::parse(res.body())["error"]["code"] == "login_required");
        } else {
            CHECK_FALSE(is_auth_failure(res.result_int()));
        }
    }
}

TEST_CASE("each role reaches exactly the staff routes the table gives it and gets 403 on the others") {
    auto& w = world();
    for (const auto& [role, account] : kDemoAccounts) {
        const Session s = w.login(account.first, account.second);
        for (const auto& entry : w.application->router().access_table()) {
            if (!entry.access.needs_session() || is_logout(entry.pattern)) continue;
            const auto verb = beast_http::string_to_verb(entry.method);
            const auto res = w.call(verb, w.target_for(entry.pattern), &s);
            INFO(core::to_string(role) << ": " << entry.method << " " << entry.pattern << " -> " << res.result_int()
                                       << " " << res.body());
            if (entry.access.allows(role)) {
                CHECK_FALSE(is_auth_failure(res.result_int()));
            } else {
                CHECK(res.result_int() == 403);
                CHECK(json::parse(res.body())["error"]["code"] == "role_not_allowed");
            }
        }
        const auto out = w.call(Verb::post, "/api/v1/auth/logout", &s);
        CHECK(out.result_int() == 200);
        CHECK(w.call(Verb::get, "/api/v1/auth/me", &s).result_int() == 401);
    }
}

TEST_CASE("every state-changing staff route refuses a request without the CSRF header") {
    auto& w = world();
    const Session admin = w.login("demo.admin", "Demo-Admin-2026!");
    int walked = 0;
    for (const auto& entry : w.application->router().access_table()) {
        if (!entry.access.needs_session() || entry.method == "GET" || entry.method == "HEAD") continue;
        const auto res = w.call(beast_http::string_to_verb(entry.method), w.target_for(entry.pattern), &admin, {},
                                /*with_csrf=*/false);
        INFO(entry.method << " " << entry.pattern);
        CHECK(res.result_int() == 403);
        CHECK(json::parse(res.body())["error"]["code"] == "csrf_mismatch");
        ++walked;
    }
    CHECK(walked >= 2);
}

TEST_CASE("a clerk of another agency can neither read nor change the ward's dossier") {
    auto& w = world();
    const Session other = w.login("other.clerk", "Other-Clerk-2026!");
    const auto read = w.call(Verb::get, "/api/v1/dossiers/" + w.dossier, &other);
    CHECK(read.result_int() == 404);
    CHECK(json::parse(read.body())["error"]["code"] == "dossier_not_found");

    const auto change = w.call(Verb::post, "/api/v1/dossiers/" + w.dossier + "/events", &other,
                               json{{"type", "withdraw"}, {"reason", "rút hồ sơ giả mạo"}}.dump());
    CHECK(change.result_int() == 404);

    const auto qr = w.call(Verb::get, "/api/v1/dossiers/" + w.dossier + "/receipt-qr.svg", &other);
    CHECK(qr.result_int() == 404);

    const auto list = w.call(Verb::get, "/api/v1/dossiers", &other);
    REQUIRE(list.result_int() == 200);
    const json listed = json::parse(list.body());  // kept alive: the loop walks inside it
    for (const auto& d : listed["items"]) CHECK(d["agency"] != kWard);

    const auto asked = w.call(Verb::get, "/api/v1/dossiers?agency=" + std::string(kWard), &other);
    CHECK((asked.result_int() == 403 || (asked.result_int() == 200 && json::parse(asked.body())["items"].empty())));

    const auto overdue = w.call(Verb::get, "/api/v1/reports/overdue?agency=" + std::string(kWard), &other);
    if (overdue.result_int() == 200) {
        const json items = json::parse(overdue.body());
        for (const auto& d : items["items"]) CHECK(d["agency"] != kWard);
    } else {
        CHECK(overdue.result_int() == 403);
    }

    // The ward's own clerk still sees it: the refusal above is about scope, not a broken dossier.
    const Session clerk = w.login("demo.clerk", "Demo-Clerk-2026!");
    CHECK(w.call(Verb::get, "/api/v1/dossiers/" + w.dossier, &clerk).result_int() == 200);
}

TEST_CASE("every answer carries the security headers, whoever asks") {
    auto& w = world();
    const Session head = w.login("demo.head", "Demo-Head-2026!");
    for (const auto& entry : w.application->router().access_table()) {
        if (is_logout(entry.pattern)) continue;
        for (const Session* s : {static_cast<const Session*>(nullptr), &head}) {
            const auto res = w.call(beast_http::string_to_verb(entry.method), w.target_for(entry.pattern), s);
            INFO(entry.method << " " << entry.pattern);
            const std::string csp(res["Content-Security-Policy"]);
            CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
            CHECK(csp.find("script-src 'self'") != std::string::npos);
            CHECK(csp.find("unsafe-inline") == std::string::npos);
            CHECK(res["X-Content-Type-Options"] == "nosniff");
            CHECK(res["Referrer-Policy"] == "no-referrer");
        }
    }
}

TEST_CASE("opening a dossier's full record is itself on the audit log, with who opened it") {
    auto& w = world();
    const Session officer = w.login("demo.officer", "Demo-Officer-2026!");
    REQUIRE(w.call(Verb::get, "/api/v1/dossiers/" + w.dossier, &officer).result_int() == 200);
    std::ostringstream out, err;
    std::istringstream in;
    // The audit CLI is the supervisor's way to read the log; verify also proves the read did not break the chain.
    REQUIRE(app::run_cli(std::vector<std::string_view>{"audit", "verify", "--db", w.db}, {out, err, in}) == 0);
    storage::Database db(w.db);
    storage::Statement q(db, "SELECT count(*) FROM audit_log WHERE action = 'dossier.viewed' AND actor = ?1 "
                             "AND subject = ?2");
    q.bind(1, "demo.officer");
    q.bind(2, w.dossier);
    REQUIRE(q.step());
    CHECK(q.int64(0) >= 1);
}

TEST_CASE("every route is rate-limited per client address, but not for loopback tools") {
    auto& w = world();
    const auto from = [&](std::string_view peer) {
        return w.application->router().route(ht::make_request(Verb::get, "/api/v1/agencies"), peer).result_int();
    };
    int served = 0;
    unsigned last = 0;
    for (int i = 0; i < 300 && (last = from("198.51.100.9")) == 200; ++i) ++served;
    CHECK(served >= 100);  // the burst
    CHECK(served < 300);
    CHECK(last == 429);
    CHECK(from("198.51.100.10") == 200);  // another client is not affected
    for (int i = 0; i < 300; ++i) REQUIRE(from("127.0.0.1") == 200);
}

TEST_CASE("the public lookup is rate-limited per client address, and a spoofed X-Forwarded-For does not escape it") {
    auto& w = world();
    const std::string target = "/api/v1/public/dossiers/" + w.dossier + "?key=" + w.key;
    const auto from = [&](std::string_view peer, std::string_view forwarded) {
        Request req = ht::make_request(Verb::get, target);
        if (!forwarded.empty()) req.set("X-Forwarded-For", forwarded);
        return w.application->router().route(req, peer);
    };
    // A direct client (not a loopback proxy): X-Forwarded-For is not believed, so changing it changes nothing.
    int served = 0;
    Response last;
    for (int i = 0; i < 200; ++i) {
        last = from("203.0.113.7", "198.51.100." + std::to_string(i));
        if (last.result_int() == 200) ++served;
        else break;
    }
    CHECK(served >= 10);
    CHECK(served < 200);
    CHECK(last.result_int() == 429);
    CHECK(json::parse(last.body())["error"]["code"] == "rate_limited");
    CHECK(std::stoi(std::string(last[beast_http::field::retry_after])) >= 1);
    // Open311 shares the budget of the same address.
    const auto open311 = w.application->router().route(
        ht::make_request(Verb::get, "/open311/v2/requests/" + w.dossier + ".json?key=" + w.key), "203.0.113.7");
    CHECK(open311.result_int() == 429);
    // Another citizen is not affected.
    CHECK(from("203.0.113.8", "").result_int() == 200);
    // Behind a loopback proxy, the address the proxy appended is the client.
    CHECK(from("127.0.0.1", "10.0.0.1, 192.0.2.44").result_int() == 200);
}
