// Satisfaction end to end: the production composition on an ephemeral port, a demo database, and the requests a
// citizen's phone, a kiosk, a clerk typing in paper forms and a supervisor would send.
#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "http/satisfaction_routes.hpp"
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

using Reply = ht::Reply;
using Api = ht::ApiClient;  // a browser-like client: keeps the session cookie and the CSRF token

// A request sent through the reverse proxy on behalf of the client at `address`.
ht::Headers from(const char* address) { return {{"X-Forwarded-For", address}}; }

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;

    explicit World(std::optional<core::SatisfactionRules> rules = {}) {
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", "0"};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        app::ApplicationOptions options;
        options.satisfaction = rules;
        application = std::make_unique<app::Application>(db, dir.path(), clock, options);
        server = std::make_unique<ht::ServerThread>(application->router());
    }
    Api as(const char* user, const char* password) {
        Api a(server->port());
        a.login(user, password);
        return a;
    }
    Api clerk() { return as("demo.clerk", "Demo-Clerk-2026!"); }
    Api anonymous() { return Api(server->port()); }
};

struct Received {
    std::string code;
    std::string key;
};

// The demo ward's birth registration, received, and (unless told otherwise) returned to the citizen.
Received dossier(Api& clerk, bool returned = true) {
    auto proc = clerk.call(Verb::get, "/api/v1/procedures/1.001193");
    REQUIRE(proc.status == 200);
    json components = json::array();
    for (const auto& c : proc.body["components"])
        components.push_back(json{{"component_id", c["id"]}, {"originals", c["originals"]}, {"copies", c["copies"]},
                                  {"certified_copies", c["certified_copies"]}});
    auto r = clerk.call(Verb::post, "/api/v1/intakes",
                        json{{"procedure_code", "1.001193"},
                             {"channel", "direct"},
                             {"decision", "receive"},
                             {"applicant", {{"name", "Trần Thị Bích Ngọc"}, {"id_number", "038190004321"},
                                            {"phone", "0903123456"}, {"address", "12 Lê Lợi"}}},
                             {"components", components}});
    REQUIRE(r.status == 201);
    Received d{r.body["dossier"]["code"], r.body["dossier"]["lookup_key"]};
    if (returned) {
        REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + d.code + "/events", json{{"type", "result_ready"}}).status == 201);
        REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + d.code + "/events",
                           json{{"type", "return_result"}, {"method", "counter"}}).status == 201);
    }
    return d;
}

json answers(int value) {
    json a = json::object();
    for (const char* c : {"q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22", "q23", "q24", "q25", "q26", "q27",
                          "q28", "q29", "q30", "q31", "q32", "q33"})
        a[c] = value;
    return a;
}

}  // namespace

TEST_CASE("the current questionnaire has the five SIPAS elements, a 5-level scale and the expectations") {
    World w;
    auto r = w.anonymous().call(Verb::get, "/api/v1/surveys/current");
    REQUIRE(r.status == 200);
    CHECK(r.body["id"] == "sipas-2023");
    CHECK(r.body["version"] == 1);
    CHECK(r.body["scale"] == json::array({1, 2, 3, 4, 5}));
    REQUIRE(r.body["elements"].size() == 5);
    std::size_t criteria = 0;
    for (const auto& e : r.body["elements"]) criteria += e["criteria"].size();
    CHECK(criteria == 19);
    CHECK(r.body["elements"][0]["id"] == "access");
    CHECK(r.body["elements"][4]["id"] == "feedback");
    CHECK(r.body["expectations"].size() >= 9);
    CHECK_FALSE(r.body["unverified"].empty());
    CHECK(w.anonymous().call(Verb::get, "/api/v1/surveys/nope").status == 404);

    // The legacy 5-element, 22-criterion model ships too, for provinces that still use it.
    auto legacy = w.anonymous().call(Verb::get, "/api/v1/surveys/sipas-2017");
    REQUIRE(legacy.status == 200);
    criteria = 0;
    for (const auto& e : legacy.body["elements"]) criteria += e["criteria"].size();
    CHECK(legacy.body["elements"].size() == 5);
    CHECK(criteria == 22);
}

TEST_CASE("a citizen answers the survey once for a returned dossier, with the lookup key") {
    World w;
    Api clerk = w.clerk();
    const Received d = dossier(clerk);
    const Received open = dossier(clerk, false);
    Api citizen = w.anonymous();
    json body{{"channel", "online"}, {"dossier_code", d.code}, {"key", d.key}, {"answers", answers(5)},
              {"expectations", json::array({"digital", "information"})}};
    body["answers"]["q16"] = nullptr;
    body["answers"]["q17"] = "invalid";
    body["answers"]["q18"] = 9;
    auto r = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body);
    REQUIRE(r.status == 201);
    CHECK(r.body["dossier_code"] == d.code);
    CHECK(r.body["agency"] == "000.21.40.H56");
    CHECK(r.body["answers"] == json{{"valid", 16}, {"blank", 1}, {"invalid", 2}});

    auto again = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body);
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "already_responded");

    json early = body;
    early["dossier_code"] = open.code;
    early["key"] = open.key;
    auto not_yet = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", early);
    CHECK(not_yet.status == 409);
    CHECK(not_yet.body["error"]["code"] == "not_returned");

    json wrong = body;
    wrong["key"] = "WRONGKEY99";
    json unknown = wrong;
    unknown["dossier_code"] = "000.21.40.H56-260310-9999";
    auto w1 = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", wrong);
    auto w2 = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", unknown);
    CHECK(w1.status == 404);
    CHECK(w1.raw == w2.raw);

    json typo = body;
    typo["answers"]["q99"] = 3;
    auto t = citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", typo);
    CHECK(t.status == 422);
    CHECK(t.body["error"]["field"] == "answers.q99");
    typo = body;
    typo["answers"]["q15"] = "five";
    CHECK(citizen.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", typo).status == 400);
}

TEST_CASE("kiosk responses are anonymous and limited per client address") {
    World w;
    Api kiosk = w.anonymous();
    const json body{{"channel", "kiosk"}, {"agency", "000.21.40.H56"}, {"answers", answers(4)}};
    for (int i = 0; i < 20; ++i)
        REQUIRE(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.0.0.7")).status == 201);
    auto limited = kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.0.0.7"));
    CHECK(limited.status == 429);
    CHECK(limited.body["error"]["code"] == "too_many_responses");
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.0.0.8")).status == 201);
    w.clock.advance(std::chrono::minutes(11));
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.0.0.7")).status == 201);

    json named = body;
    named["dossier_code"] = "000.21.40.H56-260310-0001";
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", named, from("10.0.0.9")).body["error"]["code"] ==
          "kiosk_is_anonymous");
    json unknown = body;
    unknown["agency"] = "nowhere";
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", unknown, from("10.0.0.9")).status == 422);
}

TEST_CASE("paper forms are entered by staff with a session, and the entering user is recorded") {
    World w;
    const json body{{"channel", "paper"}, {"answers", answers(2)}};
    auto anonymous = w.anonymous().call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body);
    CHECK(anonymous.status == 401);
    Api clerk = w.clerk();
    auto r = clerk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body);
    REQUIRE(r.status == 201);
    CHECK(r.body["entered_by"] == "demo.clerk");
    CHECK(r.body["agency"] == "000.21.40.H56");
    json elsewhere = body;
    elsewhere["agency"] = "000.00.00.H56";
    CHECK(clerk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", elsewhere).status == 403);
}

TEST_CASE("the public rating needs the right key, comes after the return, and is given once") {
    World w;
    Api clerk = w.clerk();
    const Received d = dossier(clerk);
    const Received open = dossier(clerk, false);
    Api citizen = w.anonymous();
    const std::string base = "/api/v1/evaluations/";

    auto wrong = citizen.call(Verb::post, base + d.code + "/rating", json{{"key", "WRONGKEY99"}, {"level", "satisfied"}});
    auto unknown = citizen.call(Verb::post, base + "000.21.40.H56-260310-9999/rating",
                                json{{"key", "WRONGKEY99"}, {"level", "satisfied"}});
    auto no_key = citizen.call(Verb::post, base + d.code + "/rating", json{{"level", "satisfied"}});
    CHECK(wrong.status == 404);
    CHECK(wrong.raw == unknown.raw);
    CHECK(no_key.raw == unknown.raw);
    auto wrong_state = citizen.call(Verb::get, base + d.code + "/rating?key=WRONGKEY99");
    CHECK(wrong_state.status == 404);

    auto early = citizen.call(Verb::post, base + open.code + "/rating", json{{"key", open.key}, {"level", "satisfied"}});
    CHECK(early.status == 409);
    CHECK(early.body["error"]["code"] == "not_returned");

    auto state = citizen.call(Verb::get, base + d.code + "/rating?key=" + d.key);
    REQUIRE(state.status == 200);
    CHECK(state.body["can_rate"] == true);
    CHECK(state.body["rated"] == false);

    auto r = citizen.call(Verb::post, base + d.code + "/rating",
                          json{{"key", d.key}, {"level", "very_satisfied"}, {"comment", "Cán bộ hướng dẫn tận tình"}});
    REQUIRE(r.status == 201);
    CHECK(r.body["level"] == "very_satisfied");
    auto twice = citizen.call(Verb::post, base + d.code + "/rating", json{{"key", d.key}, {"level", "dissatisfied"}});
    CHECK(twice.status == 409);
    CHECK(twice.body["error"]["code"] == "already_rated");
    state = citizen.call(Verb::get, base + d.code + "/rating?key=" + d.key);
    CHECK(state.body["rated"] == true);
    CHECK(state.body["rating"]["level"] == "very_satisfied");
    CHECK(citizen.call(Verb::post, base + d.code + "/rating", json{{"key", d.key}, {"level", "meh"}}).status == 400);

    // Staff see the rating beside the indicators the record gives.
    auto view = clerk.call(Verb::get, base + d.code);
    REQUIRE(view.status == 200);
    CHECK(view.body["rating"]["level"] == "very_satisfied");
    CHECK(view.body["derived"][0]["points"] == 2);  // returned early
    CHECK(view.body["derived"][4]["points"].is_null());

    // The rating feeds Decision 766's satisfaction group (MDHL) for the period it was given in.
    Api head = w.as("demo.head", "Demo-Head-2026!");
    auto index = head.call(Verb::get, "/api/v1/reports/index766?from=2026-03-01&to=2026-03-31");
    REQUIRE(index.status == 200);
    const auto& mdhl = index.body["indicators"][2];
    CHECK(mdhl["id"] == "5.4");
    CHECK(mdhl["group"] == "MDHL");
    CHECK(mdhl["disliked"] == 0);  // "very satisfied" is no dislike
    CHECK(mdhl["counted"].get<int>() >= 1);
    CHECK(mdhl["late"] == index.body["indicators"][0]["counted"].get<int>() - index.body["indicators"][0]["on_time"].get<int>());
    CHECK(mdhl["max_points"] == 6);
    CHECK(mdhl["threshold_percent"] == 90);
}

TEST_CASE("the agency scores itself, the appraiser separately, and both are kept") {
    World w;
    Api clerk = w.clerk();
    const Received d = dossier(clerk);
    const std::string path = "/api/v1/evaluations/" + d.code;
    auto incomplete = clerk.call(Verb::put, path + "/self", json{{"scores", {{"5", 2}}}});
    CHECK(incomplete.status == 422);
    CHECK(incomplete.body["error"]["code"] == "incomplete_score");
    auto self = clerk.call(Verb::put, path + "/self", json{{"scores", {{"5", 2}, {"6", 2}, {"8", 2}, {"9", 1}}}});
    REQUIRE(self.status == 200);
    CHECK(self.body["total"] == 16);  // 1: 2, 2: 2, 3: 2, 4: 1, 5: 2, 6: 2, 7: 2, 8: 2, 9: 1
    CHECK(self.body["band"] == "Xuất sắc");
    CHECK(clerk.call(Verb::put, path + "/appraised", json{{"scores", {{"5", 2}}}}).status == 403);
    Api admin = w.as("demo.admin", "Demo-Admin-2026!");
    auto appraised = admin.call(Verb::put, path + "/appraised",
                                json{{"scores", {{"5", 1}, {"6", 1}, {"7", 0}, {"8", 2}, {"9", 1}}}});
    REQUIRE(appraised.status == 200);
    CHECK(appraised.body["total"] == 12);
    auto view = clerk.call(Verb::get, path);
    CHECK(view.body["self"]["total"] == 16);
    CHECK(view.body["appraised"]["total"] == 12);
    CHECK(view.body["appraised"]["entered_by"] == "demo.admin");
    CHECK(clerk.call(Verb::put, path + "/self", json{{"scores", {{"5", 3}}}}).status == 400);
    CHECK(clerk.call(Verb::put, path + "/self", json{{"scores", {{"5", 4294967298LL}}}}).status == 400);
    CHECK(clerk.call(Verb::put, path + "/self", json{{"scores", {{"five", 1}}}}).status == 400);

    // Averaged per indicator for the agency head: one self score of 16 and one appraised score of 12.
    Api head = w.as("demo.head", "Demo-Head-2026!");
    auto report = head.call(Verb::get, "/api/v1/reports/evaluations?from=2026-03-01&to=2026-03-31&kind=appraised");
    REQUIRE(report.status == 200);
    REQUIRE(report.body["rows"].size() == 1);
    CHECK(report.body["rows"][0]["key"] == "000.21.40.H56");
    CHECK(report.body["rows"][0]["count"] == 1);
    CHECK(report.body["rows"][0]["mean_total"] == 12.0);
    CHECK(report.body["rows"][0]["indicators"][6] == 0.0);
    CHECK(report.body["total"]["bands"][1] == json{{"band", "Tốt"}, {"count", 1}});
    auto self_report = head.call(Verb::get, "/api/v1/reports/evaluations?from=2026-03-01&to=2026-03-31");
    CHECK(self_report.body["total"]["mean_total"] == 16.0);
    CHECK(head.call(Verb::get, "/api/v1/reports/evaluations?from=2026-03-01&to=2026-03-31&group_by=channel").status ==
          400);
}

TEST_CASE("the satisfaction report gives indexes with sample sizes and intervals, as JSON and as a download") {
    World w;
    Api kiosk = w.anonymous();
    // 3 kiosk respondents: everything 5, everything 4, everything 2 → every criterion 2/3 satisfied.
    for (int v : {5, 4, 2})
        REQUIRE(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses",
                           json{{"channel", "kiosk"}, {"agency", "000.21.40.H56"}, {"answers", answers(v)}},
                           from("10.1.1.1")).status == 201);
    Api clerk = w.clerk();
    REQUIRE(clerk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses",
                       json{{"channel", "paper"}, {"answers", answers(5)}}).status == 201);

    Api supervisor = w.as("demo.supervisor", "Demo-Supervisor-2026!");
    auto r = supervisor.call(Verb::get, "/api/v1/reports/satisfaction?from=2026-03-01&to=2026-03-31&group_by=channel");
    REQUIRE(r.status == 200);
    REQUIRE(r.body["rows"].size() == 2);
    const json& k = r.body["rows"][0];
    CHECK(k["key"] == "kiosk");
    CHECK(k["n"] == 3);
    CHECK(k["index"]["value"].get<double>() == doctest::Approx(200.0 / 3));
    CHECK(k["index"]["ci_low"].get<double>() < k["index"]["value"].get<double>());
    CHECK(k["small_sample"] == true);
    CHECK(k["elements"].size() == 5);
    CHECK(k["elements"][0]["criteria"][0]["n"] == 3);
    CHECK(r.body["total"]["n"] == 4);
    CHECK(r.body["total"]["index"]["value"].get<double>() == doctest::Approx(75.0));

    CHECK(supervisor.call(Verb::get, "/api/v1/reports/satisfaction?from=2026-03-01&to=2026-03-31&group_by=x").status == 400);
    CHECK(clerk.call(Verb::get, "/api/v1/reports/satisfaction?from=2026-03-01&to=2026-03-31").status == 403);
    auto csv = supervisor.call(Verb::get, "/api/v1/reports/satisfaction?from=2026-03-01&to=2026-03-31&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.content_type.find("text/csv") == 0);
    CHECK(csv.raw.find("000.21.40.H56") != std::string::npos);
    CHECK(csv.raw.find(",overall,,4,75.00,") != std::string::npos);
    auto xlsx = supervisor.call(Verb::get, "/api/v1/reports/satisfaction?from=2026-03-01&to=2026-03-31&format=xlsx");
    CHECK(xlsx.status == 200);
    CHECK(xlsx.raw.substr(0, 2) == "PK");
}

TEST_CASE("the shipped satisfaction rules are the documented defaults, and a local file replaces them") {
    const core::SatisfactionRules shipped = http::default_satisfaction_rules();
    const core::SatisfactionRules defaults;
    CHECK(shipped.evaluation.bands == defaults.evaluation.bands);
    CHECK(shipped.evaluation.version == defaults.evaluation.version);
    CHECK(shipped.indexes.min_respondents == 30);
    CHECK(shipped.kiosk.max_responses == 20);
    CHECK(shipped.kiosk.window == std::chrono::minutes(10));

    auto local = http::parse_satisfaction_rules(R"({"evaluation": {"bands": [{"min_total": 15, "name": "A"},
        {"min_total": 0, "name": "B"}]}, "indexes": {"min_respondents": 5}, "kiosk": {"max_responses": 2}})");
    REQUIRE(local.has_value());
    CHECK(core::band_for(15, local->evaluation) == "A");
    CHECK(local->indexes.min_respondents == 5);
    CHECK(local->indexes.max_interval_width == 20);  // absent: the default
    auto broken = http::parse_satisfaction_rules(R"({"kiosk": {"max_responses": 0}})");
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().field == "kiosk.max_responses");
    CHECK(http::parse_satisfaction_rules(R"({"evaluation": {"bands": [{"name": "A"}]}})").error().field ==
          "evaluation.bands[0].min_total");

    World w(*local);
    Api kiosk = w.anonymous();
    const json body{{"channel", "kiosk"}, {"answers", answers(4)}};
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.2.2.2")).status == 201);
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.2.2.2")).status == 201);
    CHECK(kiosk.call(Verb::post, "/api/v1/surveys/sipas-2023/responses", body, from("10.2.2.2")).status == 429);
}
