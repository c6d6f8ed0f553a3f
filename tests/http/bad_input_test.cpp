// Bad input end to end: a real server on the production composition (app::Application, demo database) answers
// every malformed intake with a 400 that names the field, and writes nothing (issue #7, "Bad input").
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/cli.hpp"
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

struct Answer {
    unsigned status = 0;
    json body;
};

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;
    std::string cookie, csrf;

    World() {
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", "0"};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock);
        server = std::make_unique<ht::ServerThread>(application->router());
        const auto login = send(Verb::post, "/api/v1/auth/login",
                                R"({"username":"demo.clerk","password":"Demo-Clerk-2026!"})");
        REQUIRE(login.status == 200);
        csrf = login.body["csrf_token"].get<std::string>();
    }

    /// Sends `body` byte for byte, as the clerk once logged in.
    Answer send(Verb verb, const std::string& target, std::string body = {},
                std::string_view content_type = "application/json") {
        Request req = ht::make_request(verb, target, std::move(body));
        if (!content_type.empty()) req.set(beast_http::field::content_type, content_type);
        if (!cookie.empty()) req.set(beast_http::field::cookie, cookie);
        if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
        ht::TestClient client(server->port());
        const Response res = client.request(std::move(req));
        if (auto c = res.find(beast_http::field::set_cookie); c != res.end()) {
            const std::string v(c->value());
            cookie = v.substr(0, v.find(';'));
        }
        return Answer{res.result_int(), json::parse(res.body(), nullptr, false)};
    }

    long long dossiers() {
        const auto list = send(Verb::get, "/api/v1/dossiers");
        REQUIRE(list.status == 200);
        return list.body["total"].get<long long>();
    }
};

// A valid intake body for the demo ward's procedure 1.001193, as text, with `edit` applied to the text.
std::string intake_text(World& w) {
    const auto procedure = w.send(Verb::get, "/api/v1/procedures/1.001193");
    REQUIRE(procedure.status == 200);
    json components = json::array();
    for (const auto& c : procedure.body["components"]) components.push_back({{"component_id", c["id"]}, {"originals", 1}});
    return json{{"procedure_code", "1.001193"},
                {"channel", "direct"},
                {"decision", "receive"},
                {"applicant",
                 {{"name", "NAME"}, {"id_number", "038190004321"}, {"phone", "0903123456"}, {"address", "12 Lê Lợi"}}},
                {"components", components}}
        .dump();
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("malformed intakes answer 400 naming the field, and none of them writes anything") {
    World w;
    const std::string good = intake_text(w);
    struct Case {
        const char* what;
        std::string body;
        const char* code;
        const char* field;
    };
    const std::vector<Case> cases{
        {"invalid UTF-8 in a name", replaced(good, "NAME", "Tr\xc3\x28n"), "invalid_utf8", "applicant.name"},
        {"a key given twice", replaced(good, R"("decision":"receive")", R"("decision":"receive","decision":"refuse")"),
         "duplicate_key", "decision"},
        {"an impossible date", replaced(good, R"("channel":"direct")",
                                        R"("channel":"direct","received_at":"2025-02-30T09:00:00+07:00")"),
         "invalid_datetime", "received_at"},
        {"a number no double holds", replaced(good, R"("originals":1)", R"("originals":1e400)"), "number_out_of_range",
         "components[0].originals"},
        {"a count out of range", replaced(good, R"("originals":1)", R"("originals":-3)"), "out_of_range",
         "components[0].originals"},
        {"a string where a number belongs", replaced(good, R"("originals":1)", R"("originals":"1")"), "invalid_type",
         "components[0].originals"},
        {"nesting beyond the limit",
         replaced(good, R"("channel":"direct")", R"("channel":"direct","x":)" + std::string(40, '[') + std::string(40, ']')),
         "too_deep", ""},
        {"an overlong name", replaced(good, "NAME", std::string(300, 'a')), "too_long", "applicant.name"},
        {"truncated JSON", good.substr(0, good.size() / 2), "invalid_json", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto answer = w.send(Verb::post, "/api/v1/intakes", c.body);
        CHECK(answer.status == 400);
        CHECK(answer.body["error"]["code"] == c.code);
        if (*c.field != '\0') CHECK(answer.body["error"]["field"] == c.field);
        CHECK(answer.body["error"]["message"].is_string());
    }
    const auto form = w.send(Verb::post, "/api/v1/intakes", "procedure_code=1.001193", "application/x-www-form-urlencoded");
    CHECK(form.status == 400);
    CHECK(form.body["error"]["code"] == "unsupported_media_type");
    const auto text = w.send(Verb::post, "/api/v1/intakes", good, "text/plain");
    CHECK(text.status == 400);
    CHECK(text.body["error"]["code"] == "unsupported_media_type");

    CHECK(w.dossiers() == 0);  // nothing half-written
    const auto ok = w.send(Verb::post, "/api/v1/intakes", replaced(good, "NAME", "Trần Thị Bích Ngọc"));
    CHECK(ok.status == 201);
    CHECK(w.dossiers() == 1);
}

TEST_CASE("query parameters with impossible dates or numbers answer 400 naming the parameter; invalid UTF-8 answers 400") {
    World w;
    const auto due = w.send(Verb::get, "/api/v1/calendar/due?received=2025-02-30T09:00&days=1");
    CHECK(due.status == 400);
    CHECK(due.body["error"]["field"] == "received");
    const auto lunar = w.send(Verb::get, "/api/v1/calendar/lunar?date=ng%C3%A0y%2030%2F2");
    CHECK(lunar.status == 400);
    CHECK(lunar.body["error"]["field"] == "date");
    CHECK(lunar.body["error"]["code"] == "invalid_date");
    const auto bytes = w.send(Verb::get, "/api/v1/calendar/lunar?date=%FF%FE");
    CHECK(bytes.status == 400);
    CHECK(bytes.body["error"]["code"] == "invalid_query");  // refused before any handler sees the bytes
    const auto days = w.send(Verb::get, "/api/v1/calendar/due?received=2026-03-10T09:00&days=99999999999999999999");
    CHECK(days.status == 400);
    CHECK(days.body["error"]["field"] == "days");
}
