// Online pre-submission end to end (docs/lifecycle.md "Online pre-submission"): a citizen without an account, a
// volunteer and a clerk at a home visit submit; a clerk receives, asks once for supplementation or refuses; the
// citizen follows each outcome with the key. The production composition on a real server, as in dossier_api_test.
#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "tests/support/test_database.hpp"
#include "tests/http/http_test_support.hpp"
#include "tests/support/builders.hpp"
#include "tests/support/fixed_clock.hpp"
#include "tests/support/sample_files.hpp"

using namespace motcua;
using namespace motcua::http;
namespace ht = motcua::http::test;
namespace st = motcua::test;
using nlohmann::json;

namespace {

constexpr const char* kWard = "000.21.40.H56";
constexpr const char* kOnline = "1.004873";   // the ward's marital-status certificate: full online, 3 working days
constexpr const char* kCounterOnly = "2.000884";  // signature certification: not offered online

using Reply = ht::Reply;
using Api = ht::ApiClient;  // a browser-like client: keeps the session cookie and the CSRF token

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;

    explicit World(app::ApplicationOptions options = {}) {
        std::ostringstream out, err;
        std::istringstream in;
        REQUIRE(app::run_cli(std::vector<std::string_view>{"demo", "--db", db, "--dossiers", "0"}, {out, err, in}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock, std::move(options));
        auto server_options = ht::test_options();
        server_options.upload_routes = application->upload_routes();
        server = std::make_unique<ht::ServerThread>(application->router(), application->writes(), server_options);
    }
    Api as(const std::string& user, const std::string& password) {
        Api a(server->port());
        a.login(user, password);
        return a;
    }
    Api clerk() { return as("demo.clerk", "Demo-Clerk-2026!"); }
    Api volunteer() { return as("demo.volunteer", "Demo-Volunteer-2026!"); }
    Api citizen() { return Api(server->port()); }
};

json submission(const char* procedure = kOnline) {
    return json{{"procedure_code", procedure},
                {"applicant",
                 {{"name", "Trần Thị Bích Ngọc"},
                  {"id_number", "079190004321"},
                  {"phone", "0903123456"},
                  {"address", "12 Đường Số 5, Phường Phú Hòa"}}},
                {"components", json::array({json{{"component_id", "c1"}, {"originals", 1}}})}};
}

Reply lookup(Api& citizen, const json& submitted) {
    return citizen.call(Verb::get, "/api/v1/public/dossiers/" + submitted["code"].get<std::string>() +
                                       "?key=" + submitted["lookup_key"].get<std::string>());
}

Reply decide(Api& clerk, const json& submitted, const json& body) {
    return clerk.call(Verb::post, "/api/v1/dossiers/" + submitted["code"].get<std::string>() + "/intake", body);
}

}  // namespace

TEST_CASE("a citizen submits online without an account and a clerk receives it with the counter's appointment") {
    World w;
    Api citizen = w.citizen();
    auto sent = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(sent.status == 201);
    CHECK(sent.body["code"] == "000.21.40.H56-260310-0001");
    CHECK(sent.body["lookup_key"].get<std::string>().size() == 10);
    CHECK(sent.body["status_code"] == 1);
    CHECK(sent.body["service_mode"] == "online_self");

    auto before = lookup(citizen, sent.body);
    REQUIRE(before.status == 200);
    CHECK(before.body["status"] == "submitted_online");
    CHECK(before.body["submitted_at"] == "2026-03-10T09:00:00+07:00");
    CHECK_FALSE(before.body.contains("due_at"));  // no clock until a clerk receives it
    CHECK_FALSE(before.body.contains("received_at"));
    REQUIRE(before.body["timeline"].size() == 1);
    CHECK(before.body["timeline"][0]["type"] == "submit");

    Api clerk = w.clerk();
    auto queue = clerk.call(Verb::get, "/api/v1/dossiers?status=submitted_online");
    REQUIRE(queue.status == 200);
    REQUIRE(queue.body["total"] == 1);
    CHECK(queue.body["items"][0]["code"] == sent.body["code"]);

    auto received = decide(clerk, sent.body, json{{"decision", "receive"}});
    REQUIRE(received.status == 201);
    CHECK(received.body["status_code"] == 2);
    CHECK(received.body["code"] == sent.body["code"]);  // the code given at submission never changes
    CHECK(received.body["received_by"] == "demo.clerk");
    CHECK(received.body["received_at"] == "2026-03-10T09:00:00+07:00");
    // Tuesday 09:00 plus 3 working days: Friday 13/3 at 09:00, as for the same receipt at the counter.
    CHECK(received.body["due_at"] == "2026-03-13T09:00:00+07:00");

    auto after = lookup(citizen, sent.body);
    REQUIRE(after.status == 200);
    CHECK(after.body["status_code"] == 2);
    CHECK(after.body["due_at"] == "2026-03-13T09:00:00+07:00");
    CHECK(after.body["timeline"].size() == 2);
    for (const char* secret : {"079190004321", "0903123456", "Phú Hòa", "demo.clerk"})
        CHECK_MESSAGE(after.raw.find(secret) == std::string::npos, secret);

    CHECK(decide(clerk, sent.body, json{{"decision", "receive"}}).body["error"]["code"] == "illegal_transition");
}

TEST_CASE("a clerk asks once for supplementation before receipt, and the citizen sees what to bring") {
    World w;
    Api citizen = w.citizen();
    auto sent = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(sent.status == 201);
    Api clerk = w.clerk();
    auto no_items = decide(clerk, sent.body, json{{"decision", "request_supplement"}});
    CHECK(no_items.status == 400);
    CHECK(no_items.body["error"]["field"] == "items");

    auto asked = decide(clerk, sent.body,
                        json{{"decision", "request_supplement"}, {"items", {"Bản sao CCCD có chứng thực"}}});
    REQUIRE(asked.status == 201);
    CHECK(asked.body["status_code"] == 5);
    CHECK_FALSE(asked.body.contains("due_at"));

    auto seen = lookup(citizen, sent.body);
    CHECK(seen.body["status_code"] == 5);
    CHECK(seen.body["timeline"][1]["type"] == "request_supplement_at_intake");
    CHECK(seen.body["timeline"][1]["items"][0] == "Bản sao CCCD có chứng thực");

    auto again = decide(clerk, sent.body, json{{"decision", "request_supplement"}, {"items", {"x"}}});
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "illegal_transition");

    auto received = decide(clerk, sent.body, json{{"decision", "receive"}});
    REQUIRE(received.status == 201);
    CHECK(received.body["status_code"] == 2);
}

TEST_CASE("a clerk refuses a submission with its reasons, which the citizen reads") {
    World w;
    Api citizen = w.citizen();
    auto sent = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(sent.status == 201);
    Api clerk = w.clerk();
    CHECK(decide(clerk, sent.body, json{{"decision", "refuse"}}).body["error"]["field"] == "reason");
    auto refused = decide(clerk, sent.body, json{{"decision", "refuse"}, {"reason", "Không thuộc thẩm quyền"}});
    REQUIRE(refused.status == 201);
    CHECK(refused.body["status_code"] == 3);
    auto seen = lookup(citizen, sent.body);
    CHECK(seen.body["status"] == "refused");
    CHECK(seen.body["timeline"][1]["reason"] == "Không thuộc thẩm quyền");
    CHECK(decide(clerk, sent.body, json{{"decision", "receive"}}).status == 409);
}

TEST_CASE("the receipt of a submission needs every required component, like the counter") {
    World w;
    Api citizen = w.citizen();
    auto sent = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(sent.status == 201);
    Api clerk = w.clerk();
    auto wrong = decide(clerk, sent.body, json{{"decision", "receive"}, {"components", json::array()}});
    CHECK(wrong.status == 422);
    CHECK(wrong.body["error"]["code"] == "missing_component");
    CHECK(lookup(citizen, sent.body).body["status_code"] == 1);  // nothing written
}

TEST_CASE("the public submission refuses bad input, unknown fields and procedures not offered online") {
    World w;
    Api citizen = w.citizen();
    json extra = submission();
    extra["status"] = "received";
    auto r = citizen.call(Verb::post, "/api/v1/public/submissions", extra);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "unknown_field");
    CHECK(r.body["error"]["field"] == "status");

    r = citizen.call(Verb::post, "/api/v1/public/submissions", submission(kCounterOnly));
    CHECK(r.status == 422);
    CHECK(r.body["error"]["code"] == "not_offered_online");

    json no_components = submission();
    no_components["components"] = json::array();
    r = citizen.call(Verb::post, "/api/v1/public/submissions", no_components);
    CHECK(r.status == 422);
    CHECK(r.body["error"]["code"] == "missing_component");

    json bad_phone = submission();
    bad_phone["applicant"]["phone"] = "12345";
    r = citizen.call(Verb::post, "/api/v1/public/submissions", bad_phone);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "applicant.phone");

    json big = submission();
    big["applicant"]["address"] = std::string(70 * 1024, 'a');
    r = citizen.call(Verb::post, "/api/v1/public/submissions", big);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "payload_too_large");

    Api clerk = w.clerk();
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers").body["total"] == 0);  // none of these was stored
}

TEST_CASE("public submissions are limited per client address") {
    app::ApplicationOptions options;
    options.submission_limit = core::RateLimitPolicy{0.001, 2.0, 100};
    World w(options);
    const auto post = [&](const char* peer) {
        Request req = ht::make_request(Verb::post, "/api/v1/public/submissions", submission().dump());
        req.set(beast_http::field::content_type, "application/json");
        req.prepare_payload();
        return w.application->router().route(req, peer).result_int();
    };
    CHECK(post("203.0.113.7") == 201);
    CHECK(post("203.0.113.7") == 201);
    CHECK(post("203.0.113.7") == 429);
    CHECK(post("198.51.100.20") == 201);  // another address has its own allowance
}

TEST_CASE("a volunteer submits on a citizen's behalf and sees only the dossiers they prepared") {
    World w;
    Api volunteer = w.volunteer();
    auto sent = volunteer.call(Verb::post, "/api/v1/submissions", submission());
    REQUIRE(sent.status == 201);
    CHECK(sent.body["service_mode"] == "online_volunteer");

    Api citizen = w.citizen();
    auto own = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(own.status == 201);

    auto mine = volunteer.call(Verb::get, "/api/v1/submissions");
    REQUIRE(mine.status == 200);
    REQUIRE(mine.body["total"] == 1);
    CHECK(mine.body["items"][0]["code"] == sent.body["code"]);
    CHECK(mine.body["items"][0]["prepared_by"] == "demo.volunteer");
    auto one = volunteer.call(Verb::get, "/api/v1/submissions/" + sent.body["code"].get<std::string>());
    REQUIRE(one.status == 200);
    CHECK(one.body["applicant"]["name"] == "Trần Thị Bích Ngọc");
    CHECK(volunteer.call(Verb::get, "/api/v1/submissions/" + own.body["code"].get<std::string>()).status == 404);

    // Nothing else: not the staff list, record, intake or decision.
    CHECK(volunteer.call(Verb::get, "/api/v1/dossiers").status == 403);
    CHECK(volunteer.call(Verb::get, "/api/v1/dossiers/" + sent.body["code"].get<std::string>()).status == 403);
    CHECK(volunteer.call(Verb::post, "/api/v1/intakes", json::object()).status == 403);
    CHECK(decide(volunteer, sent.body, json{{"decision", "receive"}}).status == 403);
    CHECK(volunteer.call(Verb::get, "/api/v1/reports/overdue").status == 403);

    // The clerk sees how the person was served, and by whom.
    Api clerk = w.clerk();
    auto record = clerk.call(Verb::get, "/api/v1/dossiers/" + sent.body["code"].get<std::string>());
    CHECK(record.body["service_mode"] == "online_volunteer");
    CHECK(record.body["prepared_by"] == "demo.volunteer");
    CHECK(record.body["timeline"][0]["actor"] == "demo.volunteer");
}

TEST_CASE("staff serving a person at home record the home visit, online or at intake") {
    World w;
    Api clerk = w.clerk();
    auto sent = clerk.call(Verb::post, "/api/v1/submissions", submission());
    REQUIRE(sent.status == 201);
    CHECK(sent.body["service_mode"] == "home_visit");
    CHECK(clerk.call(Verb::get, "/api/v1/submissions").body["total"] == 1);

    json at_home = submission();
    at_home["decision"] = "receive";
    at_home["service_mode"] = "home_visit";
    at_home["components"] = json::array({json{{"component_id", "c1"}, {"originals", 1}}});
    auto intake = clerk.call(Verb::post, "/api/v1/intakes", at_home);
    REQUIRE(intake.status == 201);
    CHECK(intake.body["dossier"]["service_mode"] == "home_visit");
    CHECK(intake.body["dossier"]["prepared_by"] == "demo.clerk");

    at_home["service_mode"] = "online_self";
    auto wrong = clerk.call(Verb::post, "/api/v1/intakes", at_home);
    CHECK(wrong.status == 422);
    CHECK(wrong.body["error"]["code"] == "invalid_service_mode");

    at_home.erase("service_mode");
    auto counter = clerk.call(Verb::post, "/api/v1/intakes", at_home);
    REQUIRE(counter.status == 201);
    CHECK(counter.body["dossier"]["service_mode"] == "counter");
}

TEST_CASE("the citizen attaches scans to a submission with its key until a clerk receives it") {
    World w;
    Api citizen = w.citizen();
    auto sent = citizen.call(Verb::post, "/api/v1/public/submissions", submission());
    REQUIRE(sent.status == 201);
    const std::string code = sent.body["code"];
    const std::string key = sent.body["lookup_key"];
    const std::string target = "/api/v1/public/submissions/" + code + "/components/c1/files?name=to-khai.pdf&key=";

    auto wrong = citizen.send(Verb::post, target + "WRONGKEY99", st::sample_pdf(), "application/pdf");
    auto unknown = citizen.send(Verb::post,
                                "/api/v1/public/submissions/000.21.40.H56-260310-9999/components/c1/files?key=" + key,
                                st::sample_pdf(), "application/pdf");
    CHECK(wrong.status == 404);
    CHECK(wrong.raw == unknown.raw);  // a wrong key answers like an unknown code

    auto up = citizen.send(Verb::post, target + key, st::sample_pdf(), "application/pdf");
    REQUIRE(up.status == 201);
    CHECK(up.body["component_id"] == "c1");
    CHECK(up.body["content_type"] == "application/pdf");
    auto exe = citizen.send(Verb::post, target + key, st::sample_executable(), "application/pdf");
    CHECK(exe.status == 422);
    CHECK(exe.body["error"]["code"] == "unsupported_file_type");

    Api clerk = w.clerk();
    auto files = clerk.call(Verb::get, "/api/v1/dossiers/" + code + "/files");
    REQUIRE(files.status == 200);
    CHECK(files.raw.find("to-khai.pdf") != std::string::npos);
    CHECK(files.raw.find("\"citizen\"") != std::string::npos);

    REQUIRE(decide(clerk, sent.body, json{{"decision", "receive"}}).status == 201);
    auto late = citizen.send(Verb::post, target + key, st::sample_pdf(), "application/pdf");
    CHECK(late.status == 409);
    CHECK(late.body["error"]["code"] == "not_awaiting_files");
}
