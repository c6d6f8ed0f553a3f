// GET /api/v1/dossiers/{code}/receipt-qr.svg through the production composition (app::Application's router).
#include <string>

#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "http/qr_svg.hpp"
#include "tests/support/test_database.hpp"
#include "tests/http/http_test_support.hpp"
#include "tests/support/builders.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using namespace motcua::http;
namespace ht = motcua::http::test;
namespace st = motcua::test;
using nlohmann::json;

namespace {

struct Desk {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::string cookie;

    Desk() {
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", "0"};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        // A trailing slash in the configuration is tolerated.
        app::ApplicationOptions options;
        options.public_url = "https://motcua.example.vn/";
        application = std::make_unique<app::Application>(db, dir.path(), clock, options);
    }

    Response send(Verb verb, const std::string& target, const json& body = nullptr, const std::string& csrf = {}) {
        Request req = ht::make_request(verb, target, body.is_null() ? std::string() : body.dump());
        if (!cookie.empty()) req.set(beast_http::field::cookie, cookie);
        if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
        return application->router().route(req);
    }

    // Logs in as the demo clerk and receives one dossier; returns its code and lookup key.
    std::pair<std::string, std::string> receive() {
        Response login =
            send(Verb::post, "/api/v1/auth/login", json{{"username", "demo.clerk"}, {"password", "Demo-Clerk-2026!"}});
        REQUIRE(login.result_int() == 200);
        const std::string set_cookie(login[beast_http::field::set_cookie]);
        cookie = set_cookie.substr(0, set_cookie.find(';'));
        const std::string csrf = ht::json_of(login)["csrf_token"];
        const json intake{{"procedure_code", "1.001193"},
                          {"decision", "receive"},
                          {"applicant", {{"name", "Trần Thị Bích Ngọc"}, {"id_number", "038190004321"},
                                         {"phone", "0903123456"}, {"address", "12 Lê Lợi"}}},
                          {"components", json::array({json{{"component_id", "c1"}, {"originals", 1}},
                                                      json{{"component_id", "c2"}, {"originals", 1}},
                                                      json{{"component_id", "c3"}, {"originals", 1}}})}};
        Response r = send(Verb::post, "/api/v1/intakes", intake, csrf);
        REQUIRE(r.result_int() == 201);
        const json d = ht::json_of(r)["dossier"];
        return {d["code"], d["lookup_key"]};
    }
};

}  // namespace

TEST_CASE("the receipt's QR code links to the citizen's lookup at the configured address, whatever the Host header") {
    Desk desk;
    const auto [code, key] = desk.receive();
    Request req = ht::make_request(Verb::get, "/api/v1/dossiers/" + code + "/receipt-qr.svg");
    req.set(beast_http::field::host, "attacker.example");
    req.set(beast_http::field::cookie, desk.cookie);
    Response res = desk.application->router().route(req);
    REQUIRE(res.result_int() == 200);
    CHECK(res[beast_http::field::content_type] == "image/svg+xml");
    CHECK(res.body() == qr_svg("https://motcua.example.vn/lookup.html?code=" + code + "&key=" + key));
}

TEST_CASE("the receipt's QR code is only for staff, and only for a dossier that exists in their scope") {
    Desk desk;
    const auto [code, key] = desk.receive();
    CHECK(desk.send(Verb::get, "/api/v1/dossiers/000.21.40.H56-260310-9999/receipt-qr.svg").result_int() == 404);
    desk.cookie.clear();
    Response anonymous = desk.send(Verb::get, "/api/v1/dossiers/" + code + "/receipt-qr.svg");
    CHECK(anonymous.result_int() == 401);
    CHECK(ht::json_of(anonymous)["error"]["code"] == "login_required");
}
