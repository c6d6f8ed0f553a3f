// The dossier API end to end: a real server (the production composition, app::Application) on an ephemeral port,
// a demo database, and HTTP requests as a clerk's browser or an integration would send them.
#include <algorithm>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "http/report_routes.hpp"
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

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;

    explicit World(const char* dossiers = "0") {
        // The demo command seeds agencies, the catalogue and the demo accounts, exactly as a new user gets them.
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", dossiers};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock);
        server = std::make_unique<ht::ServerThread>(application->router(), application->writes());
    }
    Api clerk() {
        Api a(server->port());
        a.login("demo.clerk", "Demo-Clerk-2026!");
        return a;
    }
    Api anonymous() { return Api(server->port()); }
};

json applicant() {
    return json{{"name", "Trần Thị Bích Ngọc"},
                {"id_number", "079190004321"},
                {"phone", "0903123456"},
                {"email", "ngoc.tran@example.vn"},
                {"address", "12 Đường Số 5, Phường Phú Hòa"}};
}

// A multi-day procedure of the demo clerk's ward, with all its components handed in.
json intake(Api& api, const std::string& decision = "receive") {
    auto list = api.call(Verb::get, "/api/v1/procedures?agency=000.21.40.H56");
    REQUIRE(list.status == 200);
    for (const auto& p : list.body) {
        if (p["duration"]["unit"] != "days" || p["duration"]["value"].get<int>() < 3) continue;
        auto full = api.call(Verb::get, "/api/v1/procedures/" + p["code"].get<std::string>());
        REQUIRE(full.status == 200);
        json components = json::array();
        for (const auto& c : full.body["components"])
            components.push_back(json{{"component_id", c["id"]},
                                      {"originals", c["originals"]},
                                      {"copies", c["copies"]},
                                      {"certified_copies", c["certified_copies"]}});
        return json{{"procedure_code", p["code"]},
                    {"channel", "direct"},
                    {"applicant", applicant()},
                    {"components", components},
                    {"decision", decision}};
    }
    FAIL("no multi-day procedure for the demo ward");
    return {};
}

std::string receive(World&, Api& clerk) {
    auto r = clerk.call(Verb::post, "/api/v1/intakes", intake(clerk));
    REQUIRE(r.status == 201);
    return r.body["dossier"]["code"].get<std::string>();
}

Reply event(Api& api, const std::string& code, json body) {
    return api.call(Verb::post, "/api/v1/dossiers/" + code + "/events", body);
}

}  // namespace

TEST_CASE("a clerk receives a dossier and the citizen follows it to its return with the lookup key") {
    World w;
    Api clerk = w.clerk();
    auto r = clerk.call(Verb::post, "/api/v1/intakes", intake(clerk));
    REQUIRE(r.status == 201);
    CHECK(r.body["outcome"] == "received");
    const json d = r.body["dossier"];
    const std::string code = d["code"];
    const std::string key = d["lookup_key"];
    CHECK(std::regex_match(code, std::regex(R"(000\.21\.40\.H56-260310-0001)")));
    CHECK(key.size() >= 8);
    CHECK(d["status_code"] == 2);
    CHECK(std::regex_match(d["due_at"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00)")));
    CHECK(d["received_at"] == "2026-03-10T09:00:00+07:00");

    Api citizen = w.anonymous();
    auto pub = citizen.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=" + key);
    REQUIRE(pub.status == 200);
    CHECK(pub.body["code"] == code);
    CHECK(pub.body["due_at"] == d["due_at"]);
    for (const char* secret : {"079190004321", "0903123456", "Phú Hòa", "ngoc.tran", "demo.clerk", "lookup_key"})
        CHECK_MESSAGE(pub.raw.find(secret) == std::string::npos, secret);

    CHECK(event(clerk, code, json{{"type", "result_ready"}}).status == 201);
    auto back = event(clerk, code, json{{"type", "return_result"}, {"method", "counter"}});
    REQUIRE(back.status == 201);
    pub = citizen.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=" + key);
    CHECK(pub.body["status_code"] == 10);
    CHECK(pub.body["timeliness"] == "early");
    CHECK(pub.body["timeline"].size() == 3);
}

TEST_CASE("a catalogue change made while the server runs is seen by the next intake on the group-commit writer") {
    World w;
    Api clerk = w.clerk();
    json body = intake(clerk);
    const std::string procedure = body["procedure_code"].get<std::string>();
    auto first = clerk.call(Verb::post, "/api/v1/intakes", body);
    REQUIRE(first.status == 201);
    CHECK(first.body["dossier"]["procedure_version"] == 1);
    json elsewhere = body;
    elsewhere["agency"] = "999.99.99.H56";
    auto unknown = clerk.call(Verb::post, "/api/v1/intakes", elsewhere);
    CHECK(unknown.status == 422);
    CHECK(unknown.body["error"]["code"] == "unknown_agency");

    // `motcua catalogue export`, a new version of the procedure and a new agency, `motcua catalogue import`: another
    // connection than the writer's, which kept the agency list and the procedure from the intakes above.
    std::ostringstream out, err;
    std::istringstream in;
    std::vector<std::string_view> exported{"catalogue", "export", "--db", w.db};
    REQUIRE(app::run_cli(exported, {out, err, in}) == 0);
    json catalogue = json::parse(out.str());
    for (auto& p : catalogue["procedures"])
        if (p["code"] == procedure) p["name"] = p["name"].get<std::string>() + " (sửa đổi)";
    json agency = catalogue["agencies"][0];
    agency["code"] = "999.99.99.H56";
    agency["name"] = "Phường Mới";
    catalogue["agencies"].push_back(agency);
    const auto file = w.dir.path() / "catalogue.json";
    std::ofstream(file) << catalogue.dump();
    const std::string file_name = file.string();
    std::vector<std::string_view> imported{"catalogue", "import", file_name, "--db", w.db};
    std::ostringstream out2, err2;
    REQUIRE(app::run_cli(imported, {out2, err2, in}) == 0);

    auto second = clerk.call(Verb::post, "/api/v1/intakes", body);
    REQUIRE(second.status == 201);
    CHECK(second.body["dossier"]["procedure_version"] == 2);
    auto outside = clerk.call(Verb::post, "/api/v1/intakes", elsewhere);
    CHECK(outside.status == 403);
    CHECK(outside.body["error"]["code"] == "outside_scope");
}

TEST_CASE("a wrong key and an unknown code answer exactly alike") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    Api citizen = w.anonymous();
    auto wrong = citizen.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=WRONGKEY99");
    auto unknown = citizen.call(Verb::get, "/api/v1/public/dossiers/000.21.40.H56-260310-9999?key=WRONGKEY99");
    auto missing = citizen.call(Verb::get, "/api/v1/public/dossiers/" + code);
    CHECK(wrong.status == 404);
    CHECK(wrong.status == unknown.status);
    CHECK(wrong.raw == unknown.raw);
    CHECK(missing.raw == unknown.raw);
}

TEST_CASE("staff routes need a session, and state changes need the CSRF token") {
    World w;
    Api anon = w.anonymous();
    CHECK(anon.call(Verb::post, "/api/v1/intakes", json::object()).status == 401);
    CHECK(anon.call(Verb::get, "/api/v1/dossiers").status == 401);
    Api clerk = w.clerk();
    const json body = intake(clerk);
    clerk.forget_csrf();
    CHECK(clerk.call(Verb::post, "/api/v1/intakes", body).status == 403);
}

TEST_CASE("intake refuses bad input with field-level errors and writes nothing") {
    World w;
    Api clerk = w.clerk();
    json body = intake(clerk);

    json missing = body;
    missing["components"].erase(0);
    auto r = clerk.call(Verb::post, "/api/v1/intakes", missing);
    CHECK(r.status == 422);
    CHECK(r.body["error"]["code"] == "missing_component");
    CHECK(r.body["error"]["field"].get<std::string>().find("components[") == 0);

    json bad_id = body;
    bad_id["applicant"]["id_number"] = "12345";
    r = clerk.call(Verb::post, "/api/v1/intakes", bad_id);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["field"] == "applicant.id_number");

    json bad_phone = body;
    bad_phone["applicant"]["phone"] = "12";
    CHECK(clerk.call(Verb::post, "/api/v1/intakes", bad_phone).body["error"]["field"] == "applicant.phone");

    json future = body;
    future["received_at"] = "2026-03-10T10:00:00+07:00";  // the clock says 09:00
    r = clerk.call(Verb::post, "/api/v1/intakes", future);
    CHECK(r.status == 422);
    CHECK(r.body["error"]["field"] == "received_at");

    json bad_date = body;
    bad_date["received_at"] = "2025-02-30T10:00:00+07:00";
    CHECK(clerk.call(Verb::post, "/api/v1/intakes", bad_date).status == 400);

    json unknown = body;
    unknown["procedure_code"] = "9.999999";
    r = clerk.call(Verb::post, "/api/v1/intakes", unknown);
    CHECK(r.status == 422);
    CHECK(r.body["error"]["field"] == "procedure_code");

    r = clerk.call(Verb::post, "/api/v1/intakes", json::array());
    CHECK(r.status == 400);
    auto raw = clerk.call(Verb::get, "/api/v1/dossiers");
    CHECK(raw.body["total"] == 0);
}

TEST_CASE("supplementation asked at the counter and refusal are recorded without a dossier code") {
    World w;
    Api clerk = w.clerk();
    json body = intake(clerk, "request_supplement");
    auto r = clerk.call(Verb::post, "/api/v1/intakes", body);
    CHECK(r.status == 400);  // the list of items is required
    body["items"] = json::array({"Tờ khai theo mẫu", "Bản sao giấy tờ tùy thân"});
    r = clerk.call(Verb::post, "/api/v1/intakes", body);
    REQUIRE(r.status == 201);
    CHECK(r.body["outcome"] == "supplement_requested");
    CHECK_FALSE(r.body.contains("dossier"));
    json refuse = intake(clerk, "refuse");
    refuse["reason"] = "Không thuộc thẩm quyền giải quyết";
    r = clerk.call(Verb::post, "/api/v1/intakes", refuse);
    REQUIRE(r.status == 201);
    CHECK(r.body["outcome"] == "refused");
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers").body["total"] == 0);
}

TEST_CASE("every lifecycle transition is accepted in order and recorded on the timeline") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    const std::vector<json> steps{
        {{"type", "handover"}, {"to_unit", "Công chức tư pháp - hộ tịch"}},
        {{"type", "consult"}, {"agency", "000.00.12.H56"}, {"note", "Xin ý kiến"}},
        {{"type", "request_supplement"}, {"reason", "Thiếu giấy tờ"}, {"items", {"Giấy chứng sinh"}}},
        {{"type", "supplement_received"}},
        {{"type", "pause"}, {"reason", "Nghĩa vụ tài chính"}},
        {{"type", "resume"}},
        {{"type", "apologize"}, {"reason", "Cần xác minh"}, {"signer", "Trần Quang Minh"},
         {"new_due_at", "2026-04-30T17:00:00+07:00"}},
        {{"type", "result_ready"}},
        {{"type", "return_result"}, {"method", "electronic"}},
    };
    for (const json& s : steps) {
        CAPTURE(s.dump());
        auto r = event(clerk, code, s);
        CHECK(r.status == 201);
    }
    auto d = clerk.call(Verb::get, "/api/v1/dossiers/" + code);
    REQUIRE(d.status == 200);
    CHECK(d.body["timeline"].size() == steps.size() + 1);
    CHECK(d.body["status"] == "returned");
    CHECK(d.body["extended_due_at"] == "2026-04-30T17:00:00+07:00");
    CHECK(d.body["original_due_at"] != d.body["extended_due_at"]);
    CHECK(d.body["supplement_rounds"] == 1);
    CHECK(d.body["applicant"]["id_number"] == "079190004321");
}

TEST_CASE("withdrawal and stop end a dossier, and illegal moves answer 409 and change nothing") {
    World w;
    Api clerk = w.clerk();
    const std::string a = receive(w, clerk);
    const std::string b = receive(w, clerk);
    CHECK(event(clerk, a, json{{"type", "withdraw"}, {"reason", "Công dân xin rút"}}).status == 201);
    CHECK(event(clerk, b, json{{"type", "stop"}, {"reason", "Dừng theo quyết định"}}).status == 201);
    auto r = event(clerk, a, json{{"type", "result_ready"}});
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "illegal_transition");
    CHECK(event(clerk, b, json{{"type", "return_result"}, {"method", "post"}}).status == 409);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers/" + a).body["timeline"].size() == 2);
    CHECK(event(clerk, a, json{{"type", "receive"}}).status == 400);
    CHECK(event(clerk, a, json{{"type", "teleport"}}).status == 400);
}

TEST_CASE("a clerk of another agency can neither read nor change the dossier") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    std::ostringstream out, err;
    std::istringstream password("Other-clerk-pass-2026!\n");
    std::vector<std::string_view> args{"users", "add", "--db", w.db, "--username", "other.clerk",
                                       "--role", "clerk", "--agency", "000.22.40.H56"};
    REQUIRE(app::run_cli(args, {out, err, password}) == 0);
    Api other(w.server->port());
    other.login("other.clerk", "Other-clerk-pass-2026!");
    CHECK(other.call(Verb::get, "/api/v1/dossiers/" + code).status == 404);
    CHECK(event(other, code, json{{"type", "result_ready"}}).status == 404);
    CHECK(other.call(Verb::get, "/api/v1/dossiers").body["total"] == 0);
    CHECK(other.call(Verb::get, "/api/v1/dossiers?agency=000.21.40.H56").status == 403);
    Api supervisor(w.server->port());
    supervisor.login("demo.supervisor", "Demo-Supervisor-2026!");
    CHECK(supervisor.call(Verb::get, "/api/v1/dossiers/" + code).status == 200);
    CHECK(event(supervisor, code, json{{"type", "result_ready"}}).status == 403);  // read-only role
}

TEST_CASE("the dossier list filters by status and overdue and pages") {
    World w;
    Api clerk = w.clerk();
    for (int i = 0; i < 3; ++i) receive(w, clerk);
    const std::string done = receive(w, clerk);
    CHECK(event(clerk, done, json{{"type", "result_ready"}}).status == 201);
    auto all = clerk.call(Verb::get, "/api/v1/dossiers");
    CHECK(all.body["total"] == 4);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers?status=result_ready").body["total"] == 1);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers?overdue=true").body["total"] == 0);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers?status=nonsense").status == 400);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers?page=0").status == 400);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers?due_before=2026-03-01").body["total"] == 0);
}

TEST_CASE("the public catalogue lists agencies and procedures and filters them") {
    World w;
    Api anon = w.anonymous();
    auto agencies = anon.call(Verb::get, "/api/v1/agencies");
    REQUIRE(agencies.status == 200);
    CHECK(agencies.body.size() >= 8);
    CHECK(agencies.body[0].contains("parent"));
    auto all = anon.call(Verb::get, "/api/v1/procedures");
    CHECK(all.body.size() >= 25);
    auto field = anon.call(Verb::get, "/api/v1/procedures?field=H%E1%BB%99%20t%E1%BB%8Bch");  // "Hộ tịch"
    CHECK(field.body.size() >= 5);
    for (const auto& p : field.body) CHECK(p["field"] == "Hộ tịch");
    auto search = anon.call(Verb::get, "/api/v1/procedures?q=khai%20sinh");
    CHECK(search.body.size() >= 1);
    CHECK(anon.call(Verb::get, "/api/v1/procedures/9.999999").status == 404);
    auto one = anon.call(Verb::get, "/api/v1/procedures/" + all.body[0]["code"].get<std::string>());
    CHECK(one.body.contains("components"));
    CHECK(one.body.contains("steps"));
    CHECK(one.body["duration"].contains("unit"));
}

TEST_CASE("a supplementation request left unanswered for 15 working days is closed by the sweep, not before") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    REQUIRE(event(clerk, code, json{{"type", "request_supplement"}, {"items", {"Giấy chứng sinh"}}}).status == 201);
    // 10/3/2026 09:00 + 15 working days = 31/3/2026 09:00.
    w.clock.set(st::instant("2026-03-31T08:59:00+07:00"));
    CHECK(w.application->expire_unanswered_requests()->empty());
    w.clock.set(st::instant("2026-04-02T10:00:00+07:00"));
    auto closed = w.application->expire_unanswered_requests();
    REQUIRE(closed.has_value());
    CHECK(*closed == std::vector<std::string>{code});
    Api later = w.clerk();  // three weeks on, the first session has long expired
    auto d = later.call(Verb::get, "/api/v1/dossiers/" + code);
    CHECK(d.body["status"] == "stopped");
    CHECK(d.body["timeline"].back()["type"] == "supplement_expired");
    CHECK(d.body["timeline"].back()["at"] == "2026-03-31T09:00:00+07:00");
    CHECK(d.body["timeline"].back()["actor"] == "system");
    CHECK(w.application->expire_unanswered_requests()->empty());
}

TEST_CASE("the start-up sweep runs as a write on the group-commit writer and reports what it closed") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    REQUIRE(event(clerk, code, json{{"type", "request_supplement"}, {"items", {"Giấy chứng sinh"}}}).status == 201);
    w.clock.set(st::instant("2026-04-02T10:00:00+07:00"));
    std::promise<std::vector<std::string>> swept;
    w.application->expire_unanswered_requests_on_writer(
        [&swept](std::exception_ptr error, const core::Result<std::vector<std::string>>& closed) {
            if (error) swept.set_exception(error);
            else if (!closed) swept.set_value({"error: " + closed.error().message});
            else swept.set_value(*closed);
        });
    auto result = swept.get_future();
    REQUIRE(result.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    CHECK(result.get() == std::vector<std::string>{code});
    Api later = w.clerk();
    auto d = later.call(Verb::get, "/api/v1/dossiers/" + code);  // read on the server's connection: committed
    CHECK(d.body["status"] == "stopped");
    CHECK(d.body["timeline"].back()["type"] == "supplement_expired");
    CHECK(w.application->expire_unanswered_requests()->empty());
}

TEST_CASE("a holiday announced later moves open dues only through the explicit, audited recomputation") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    const std::string due_before = clerk.call(Verb::get, "/api/v1/dossiers/" + code).body["due_at"];

    // The ward's own notice makes Wednesday 11/3/2026 a day off.
    w.dir.write("ward-2026.json", R"({"year": 2026, "agency": "000.21.40.H56", "reference": "TB 12/UBND",
        "entries": [{"date": "2026-03-11", "kind": "swap_off", "name": "Nghỉ theo thông báo của UBND phường"}]})");
    std::ostringstream out, err;
    std::istringstream in;
    const std::string file = (w.dir.path() / "ward-2026.json").string();
    std::vector<std::string_view> import{"calendar", "import", file, "--db", w.db, "--actor", "admin1"};
    REQUIRE(app::run_cli(import, {out, err, in}) == 0);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers/" + code).body["due_at"] == due_before);  // unchanged

    auto dry = w.application->retime_open_dossiers(false, "admin1");
    REQUIRE(dry.has_value());
    REQUIRE(dry->size() == 1);
    CHECK((*dry)[0].code == code);
    CHECK((*dry)[0].due_after > (*dry)[0].due_before);
    CHECK(clerk.call(Verb::get, "/api/v1/dossiers/" + code).body["due_at"] == due_before);  // a dry run changes nothing

    auto applied = w.application->retime_open_dossiers(true, "admin1");
    REQUIRE(applied.has_value());
    auto d = clerk.call(Verb::get, "/api/v1/dossiers/" + code).body;
    CHECK(d["due_at"] != due_before);
    CHECK(d["timeline"].back()["type"] == "retime");
    CHECK(d["timeline"].back()["actor"] == "admin1");
    CHECK(w.application->retime_open_dossiers(true, "admin1")->empty());  // nothing left to move

    std::vector<std::string_view> verify{"audit", "verify", "--db", w.db};
    std::ostringstream vout;
    CHECK(app::run_cli(verify, {vout, err, in}) == 0);
    CHECK(event(clerk, code, json{{"type", "retime"}}).status == 400);  // the system's event, not a clerk's
}

TEST_CASE("the public timeline shows what to supplement and the apology, never staff names or internal reasons") {
    World w;
    Api clerk = w.clerk();
    auto r = clerk.call(Verb::post, "/api/v1/intakes", intake(clerk));
    const std::string code = r.body["dossier"]["code"];
    const std::string key = r.body["dossier"]["lookup_key"];
    REQUIRE(event(clerk, code, json{{"type", "pause"}, {"reason", "Chờ xác minh nội bộ với ông Nguyễn Văn B"}}).status == 201);
    REQUIRE(event(clerk, code, json{{"type", "resume"}}).status == 201);
    REQUIRE(event(clerk, code, json{{"type", "apologize"}, {"reason", "Cần thêm thời gian thẩm định"},
                                    {"signer", "Trần Quang Minh"}, {"new_due_at", "2026-04-30T17:00:00+07:00"}})
                .status == 201);
    Api citizen = w.anonymous();
    auto pub = citizen.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=" + key);
    REQUIRE(pub.status == 200);
    CHECK(pub.raw.find("Trần Quang Minh") == std::string::npos);
    CHECK(pub.raw.find("Nguyễn Văn B") == std::string::npos);
    CHECK(pub.raw.find("Cần thêm thời gian thẩm định") != std::string::npos);
    CHECK(pub.body["extended_due_at"] == "2026-04-30T17:00:00+07:00");
    CHECK(event(clerk, code, json{{"type", "consult"}, {"agency", "999.99.99.X99"}}).status == 422);
}

TEST_CASE("the deadline calculator uses a known agency's own office hours") {
    World w;
    Api anon = w.anonymous();
    // Communes of the demo work 07:00-11:30 and 13:30-17:00; the standard afternoon opens at 13:00.
    auto ward = anon.call(Verb::get, "/api/v1/calendar/due?received=2026-03-10T10:00&hours=2&agency=000.21.40.H56");
    REQUIRE(ward.status == 200);
    CHECK(ward.body["office_hours"] == "07:00-11:30,13:30-17:00");
    CHECK(ward.body["due"] == "2026-03-10T14:00");
    auto standard = anon.call(Verb::get, "/api/v1/calendar/due?received=2026-03-10T10:00&hours=2");
    CHECK(standard.body["due"] == "2026-03-10T13:30");
    CHECK(anon.call(Verb::get, "/api/v1/calendar/due?received=2026-03-10T10:00&hours=2&agency=NOPE").status == 422);
}

TEST_CASE("the II.06a report reconciles on demo data and is for supervisors, heads and admins only") {
    World w("400");
    Api anon = w.anonymous();
    const std::string target = "/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=agency";
    CHECK(anon.call(Verb::get, target).status == 401);
    Api clerk = w.clerk();
    CHECK(clerk.call(Verb::get, target).status == 403);
    Api supervisor(w.server->port());
    supervisor.login("demo.supervisor", "Demo-Supervisor-2026!");
    auto r = supervisor.call(Verb::get, target);
    REQUIRE(r.status == 200);
    CHECK(r.body["period"]["from"] == "2025-01-01");
    CHECK(r.body["rule_version"].is_string());
    CHECK(r.body["computed_at"].is_string());
    json sum = json::object();
    for (const auto& row : r.body["rows"]) {
        CAPTURE(row.dump());
        CHECK(row["received_total"].get<int>() ==
              row["carried_over"].get<int>() + row["received_online"].get<int>() + row["received_direct"].get<int>() +
                  row["received_postal"].get<int>());
        CHECK(row["received_total"].get<int>() ==
              row["resolved_total"].get<int>() + row["pending_total"].get<int>() + row["closed_other"].get<int>());
        CHECK(row["resolved_total"].get<int>() == row["resolved_early"].get<int>() +
                                                      row["resolved_on_time"].get<int>() +
                                                      row["resolved_late"].get<int>());
        for (const auto& [k, v] : row.items())
            if (v.is_number()) sum[k] = sum.value(k, 0) + v.get<int>();
    }
    CHECK(r.body["total"]["received_total"].get<int>() > 0);
    for (const auto& [k, v] : sum.items()) CHECK(r.body["total"][k] == v);
    auto official = supervisor.call(Verb::get, "/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&window=official");
    CHECK(official.body["period"]["from"] == "2024-12-15");
    CHECK(supervisor.call(Verb::get, "/api/v1/reports/timeliness?from=2025-12-31&to=2025-01-01").status == 400);
    CHECK(supervisor.call(Verb::get, "/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=x").status == 400);
}

TEST_CASE("the overdue list shows open dossiers past due, most overdue first, with their step and apology") {
    World w("400");
    w.clock.set(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    Api clerk = w.clerk();
    auto r = clerk.call(Verb::get, "/api/v1/reports/overdue");
    REQUIRE(r.status == 200);
    double previous = 1e18;
    for (const auto& item : r.body["items"]) {
        CHECK(item["agency"] == "000.21.40.H56");  // the clerk's own ward only
        CHECK(item["overdue_working_hours"].get<double>() > 0);
        CHECK(item["overdue_working_hours"].get<double>() <= previous);
        previous = item["overdue_working_hours"].get<double>();
        CHECK(item["apology"].contains("issued"));
        CHECK((item["status"] == "processing" || item["status"] == "received"));
    }
    auto near = clerk.call(Verb::get, "/api/v1/reports/overdue?near_due=true");
    REQUIRE(near.status == 200);
    for (const auto& item : near.body["items"]) {
        CHECK(item["overdue_working_hours"].get<double>() <= 0);
        CHECK(item["overdue_working_hours"].get<double>() >= -8);
        CHECK(item["apology"]["issued"] == false);
    }
    CHECK(clerk.call(Verb::get, "/api/v1/reports/overdue?agency=000.00.05.H56").status == 403);
    CHECK(clerk.call(Verb::get, "/api/v1/reports/overdue?near_due=maybe").status == 400);
}

TEST_CASE("a dossier still open past its apology's new date is on the overdue list with that date, in the bytes the "
          "JSON library writes") {
    World w;
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    REQUIRE(event(clerk, code, json{{"type", "apologize"}, {"reason", "Cần xác minh \"thêm\""}, {"signer", "Trần Quang Minh"},
                                    {"new_due_at", "2026-04-30T17:00:00+07:00"}})
                .status == 201);
    w.clock.set(st::instant("2026-05-06T09:00:00+07:00"));
    Api later = w.clerk();  // the first session has expired by then
    auto r = later.call(Verb::get, "/api/v1/reports/overdue");
    REQUIRE(r.status == 200);
    // The list is written as text item by item (http/report_routes.cpp): keys sorted, numbers and strings as the
    // library encodes them.
    CHECK(r.raw == r.body.dump());
    REQUIRE(r.body["items"].size() == 1);
    const json& item = r.body["items"][0];
    CHECK(item["code"] == code);
    CHECK(item["apology"] == json{{"issued", true}, {"late", false}, {"extended_due_at", "2026-04-30T17:00:00+07:00"}});
    CHECK(item["due_at"] == "2026-04-30T17:00:00+07:00");
    CHECK(item["overdue_working_hours"].get<double>() > 0);
    CHECK(r.body["total"] == 1);
    CHECK(r.body["near_due"] == false);
}

TEST_CASE("the apology report counts apologies kept and broken and names late dossiers that never got one") {
    World w;
    Api clerk = w.clerk();
    const std::string a = receive(w, clerk);
    const std::string b = receive(w, clerk);
    const std::string c = receive(w, clerk);
    REQUIRE(event(clerk, a, json{{"type", "apologize"}, {"reason", "Cần xác minh thêm"}, {"signer", "Trần Quang Minh"},
                                 {"new_due_at", "2026-03-31T17:00:00+07:00"}})
                .status == 201);
    w.clock.set(st::instant("2026-03-25T10:00:00+07:00"));
    Api later = w.clerk();
    REQUIRE(event(later, a, json{{"type", "result_ready"}}).status == 201);  // by the new date: kept
    REQUIRE(event(later, b, json{{"type", "result_ready"}}).status == 201);  // late, no apology: a violation
    // c stays open past its due with no apology: a violation too.
    Api head(w.server->port());
    head.login("demo.head", "Demo-Head-2026!");
    auto r = head.call(Verb::get, "/api/v1/reports/apologies?from=2026-03-01&to=2026-03-31");
    REQUIRE(r.status == 200);
    CHECK(r.body["counts"]["issued"] == 1);
    CHECK(r.body["counts"]["issued_late"] == 0);
    CHECK(r.body["counts"]["kept"] == 1);
    CHECK(r.body["counts"]["broken"] == 0);
    CHECK(r.body["counts"]["violations"] == 2);
    REQUIRE(r.body["items"].size() == 1);
    CHECK(r.body["items"][0]["code"] == a);
    CHECK(r.body["items"][0]["outcome"] == "kept");
    std::set<std::string> violations;
    for (const auto& v : r.body["violations"]) violations.insert(v["code"]);
    CHECK(violations == std::set<std::string>{b, c});
    CHECK(later.call(Verb::get, "/api/v1/reports/apologies?from=2026-03-01&to=2026-03-31").status == 403);

    CHECK(head.call(Verb::get, "/api/v1/reports/apologies?from=2026-03-01&to=2026-03-31&format=pdf").status == 400);
    auto xlsx = head.call(Verb::get, "/api/v1/reports/timeliness?from=2026-03-01&to=2026-03-31&format=xlsx");
    REQUIRE(xlsx.status == 200);
    CHECK(xlsx.raw.rfind("PK", 0) == 0);  // a zip container
    auto csv = head.call(Verb::get, "/api/v1/reports/timeliness?from=2026-03-01&to=2026-03-31&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.raw.rfind("\xEF\xBB\xBFkey,name,carried_over,", 0) == 0);
    CHECK(csv.raw.find("\r\ntotal,Tổng cộng,0,0,3,0,3,") != std::string::npos);
    auto apology_csv = head.call(Verb::get, "/api/v1/reports/apologies?from=2026-03-01&to=2026-03-31&format=csv");
    REQUIRE(apology_csv.status == 200);
    CHECK(std::count(apology_csv.raw.begin(), apology_csv.raw.end(), '\n') == 4);  // header + 1 apology + 2 violations
}

TEST_CASE("II.06a for a period that runs past today counts a dossier due later in it as within its deadline") {
    World w;  // today is 10 March 2026 (office time)
    Api clerk = w.clerk();
    const std::string code = receive(w, clerk);
    const std::string due = clerk.call(Verb::get, "/api/v1/dossiers/" + code).body["due_at"];
    const std::string due_day = due.substr(0, 10);
    REQUIRE(due_day > "2026-03-10");
    Api head(w.server->port());
    head.login("demo.head", "Demo-Head-2026!");
    // A period that ends on the due day and runs past today: the dossier is not overdue yet.
    const std::string target = "/api/v1/reports/timeliness?from=2026-03-01&to=" + due_day + "&group_by=agency";
    auto now = head.call(Verb::get, target);
    REQUIRE(now.status == 200);
    CHECK(now.body["total"]["pending_within"] == 1);
    CHECK(now.body["total"]["pending_overdue"] == 0);
    auto trend = head.call(Verb::get, "/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31&group_by=month");
    REQUIRE(trend.status == 200);
    CHECK(trend.body["total"]["pending_overdue"] == 0);
    for (const auto& month : trend.body["rows"]) CHECK(month["pending_overdue"] == 0);
    // The same period once its last day has passed: still open at the end of its due day, it is overdue.
    w.clock.set(st::instant(due_day + "T09:00:00+07:00") + std::chrono::hours{24 * 3});
    head.login("demo.head", "Demo-Head-2026!");  // the earlier session has expired
    auto after = head.call(Verb::get, target);
    REQUIRE(after.status == 200);
    CHECK(after.body["total"]["pending_within"] == 0);
    CHECK(after.body["total"]["pending_overdue"] == 1);
    // The drill-down behind each figure follows the same rule.
    const std::string behind = "/api/v1/reports/timeliness/dossiers?from=2026-03-01&to=" + due_day +
                               "&group_by=agency&key=000.21.40.H56&column=";
    auto overdue = head.call(Verb::get, behind + "pending_overdue");
    REQUIRE(overdue.status == 200);
    CHECK(overdue.raw.find(code) != std::string::npos);
    w.clock.set(st::instant("2026-03-10T09:00:00+07:00"));
    head.login("demo.head", "Demo-Head-2026!");
    auto within = head.call(Verb::get, behind + "pending_within");
    REQUIRE(within.status == 200);
    CHECK(within.raw.find(code) != std::string::npos);
    CHECK(head.call(Verb::get, behind + "pending_overdue").raw.find(code) == std::string::npos);
}

TEST_CASE("the Decision 766 report gives indicator 2.1's counts, rate and points, with the late dossiers") {
    World w("300");
    Api supervisor(w.server->port());
    supervisor.login("demo.supervisor", "Demo-Supervisor-2026!");
    auto r = supervisor.call(Verb::get, "/api/v1/reports/index766?from=2025-01-01&to=2025-12-31");
    REQUIRE(r.status == 200);
    const auto& i = r.body["indicators"][0];
    CHECK(i["id"] == "2.1");
    CHECK(i["counted"].get<int>() > 0);
    CHECK(i["on_time"].get<int>() + static_cast<int>(r.body["late"].size()) == i["counted"].get<int>());
    CHECK(i["max_points"] == 20);
    CHECK(i["points"].get<double>() == doctest::Approx(i["rate_percent"].get<double>() * 20 / 100).epsilon(0.01));
    // CKMB's progress part: the demo generator back-fills history, so its changes were recorded late (honestly).
    const auto& p = r.body["indicators"][1];
    CHECK(p["group"] == "CKMB");
    CHECK(p["counted"].get<int>() > 0);
    CHECK(p["on_time"].get<int>() + static_cast<int>(r.body["late_updates"].size()) == p["counted"].get<int>());
    CHECK(p["realtime_lag_minutes"] == 1440);
    CHECK(p["max_points"] == 6);
    CHECK(w.clerk().call(Verb::get, "/api/v1/reports/index766?from=2025-01-01&to=2025-12-31").status == 403);
}

TEST_CASE("a change entered as it happens counts as real time for CKMB, a back-dated one does not") {
    World w;
    Api clerk = w.clerk();
    // Entered as it happens: received and handed over at the world's "now".
    const std::string code = receive(w, clerk);
    REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + code + "/events",
                       json{{"type", "handover"}, {"to_unit", "Công chức tư pháp"}})
                .status == 201);
    // Entered today for a receipt four days ago.
    json late = intake(clerk);
    late["received_at"] = "2026-03-06T09:00:00+07:00";
    auto backdated = clerk.call(Verb::post, "/api/v1/intakes", late);
    REQUIRE(backdated.status == 201);
    Api head(w.server->port());
    head.login("demo.head", "Demo-Head-2026!");
    auto r = head.call(Verb::get, "/api/v1/reports/index766?from=2026-03-01&to=2026-03-31");
    REQUIRE(r.status == 200);
    const auto& p = r.body["indicators"][1];
    CHECK(p["counted"] == 2);
    CHECK(p["on_time"] == 1);
    CHECK(p["rate_percent"] == 50);
    REQUIRE(r.body["late_updates"].size() == 1);
    CHECK(r.body["late_updates"][0]["code"] == backdated.body["dossier"]["code"]);
    CHECK(r.body["late_updates"][0]["longest_delay_minutes"] == 4 * 24 * 60);
}

TEST_CASE("the 766 configuration reads every rule, defaults the optional ones and names a bad field") {
    auto rules = http::parse_index766_config(R"({"tdgq_2_1":{"max_points":20,"threshold_percent":90}})");
    REQUIRE(rules.has_value());
    CHECK(rules->tdgq_2_1.threshold_percent == 90);
    CHECK(rules->ckmb_progress.max_points == 6);
    CHECK(rules->realtime_lag == std::chrono::minutes(1440));
    rules = http::parse_index766_config(
        R"({"tdgq_2_1":{"max_points":20,"threshold_percent":100},"ckmb_progress":{"max_points":5,"threshold_percent":95,"realtime_lag_minutes":60}})");
    REQUIRE(rules.has_value());
    CHECK(rules->ckmb_progress.max_points == 5);
    CHECK(rules->realtime_lag == std::chrono::minutes(60));
    auto bad = http::parse_index766_config(
        R"({"tdgq_2_1":{"max_points":20,"threshold_percent":100},"ckmb_progress":{"max_points":5,"threshold_percent":95,"realtime_lag_minutes":0}})");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().field == "ckmb_progress.realtime_lag_minutes");
    CHECK(http::parse_index766_config(R"({"ckmb_progress":{}})").error().field == "tdgq_2_1");
    // A tracked indicator may carry no points; a threshold of 0 or a negative maximum is refused.
    rules = http::parse_index766_config(
        R"({"tdgq_2_1":{"max_points":20,"threshold_percent":100},"clgq_3_1":{"max_points":0,"threshold_percent":80},"clgq_full_online":{"max_points":12,"threshold_percent":60}})");
    REQUIRE(rules.has_value());
    CHECK(rules->clgq_3_1.max_points == 0);
    CHECK(rules->clgq_full_online.threshold_percent == 60);
    CHECK(rules->clgq_3_3.threshold_percent == 50);  // the default
    bad = http::parse_index766_config(
        R"({"tdgq_2_1":{"max_points":20,"threshold_percent":100},"clgq_3_3":{"max_points":0,"threshold_percent":0}})");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().field == "clgq_3_3.threshold_percent");
    bad = http::parse_index766_config(
        R"({"tdgq_2_1":{"max_points":20,"threshold_percent":100},"clgq_3_1":{"max_points":-1,"threshold_percent":80}})");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().field == "clgq_3_1.max_points");
    // The shipped file reads, with every indicator's rule.
    const auto shipped = http::default_index766_rule();
    CHECK(shipped.clgq_full_online.max_points == 12);
    CHECK(shipped.clgq_3_1.threshold_percent == 80);
}

TEST_CASE("the Open311 façade shows the catalogue as services and a dossier as a request, only with its key") {
    World w;
    Api anon = w.anonymous();
    auto discovery = anon.call(Verb::get, "/open311/v2/discovery.json");
    REQUIRE(discovery.status == 200);
    CHECK(discovery.body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2");
    auto services = anon.call(Verb::get, "/open311/v2/services.json");
    REQUIRE(services.status == 200);
    CHECK(services.body.size() >= 25);
    for (const auto& s : services.body) CHECK((s.contains("service_code") && s.contains("service_name")));
    const std::string service = services.body[0]["service_code"];
    auto definition = anon.call(Verb::get, "/open311/v2/services/" + service + ".json");
    REQUIRE(definition.status == 200);
    CHECK(definition.body["service_code"] == service);
    CHECK(definition.body["attributes"].size() >= 1);
    CHECK(anon.call(Verb::get, "/open311/v2/services/9.999999.json").status == 404);

    Api clerk = w.clerk();
    auto r = clerk.call(Verb::post, "/api/v1/intakes", intake(clerk));
    const std::string code = r.body["dossier"]["code"];
    const std::string key = r.body["dossier"]["lookup_key"];
    auto request = anon.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key);
    REQUIRE(request.status == 200);
    const json& one = request.body[0];
    CHECK(one["service_request_id"] == code);
    CHECK(one["status"] == "open");
    CHECK(one["expected_datetime"] == r.body["dossier"]["due_at"]);
    CHECK(one["notes"].size() == 1);
    CHECK(request.raw.find("079190004321") == std::string::npos);
    CHECK(request.raw.find("0903123456") == std::string::npos);
    CHECK(request.raw.find("demo.clerk") == std::string::npos);

    auto wrong = anon.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=WRONGKEY99");
    auto unknown = anon.call(Verb::get, "/open311/v2/requests/000.21.40.H56-260310-9999.json?key=WRONGKEY99");
    CHECK(wrong.status == 404);
    CHECK(wrong.raw == unknown.raw);

    REQUIRE(event(clerk, code, json{{"type", "result_ready"}}).status == 201);
    CHECK(anon.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key).body[0]["status"] == "open");
    REQUIRE(event(clerk, code, json{{"type", "return_result"}, {"method", "counter"}}).status == 201);
    CHECK(anon.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key).body[0]["status"] == "closed");
}

TEST_CASE("the Decision 766 counts give each agency's procedures online and its dossiers by channel, as JSON and CSV") {
    World w;
    Api clerk = w.clerk();
    json online = intake(clerk);
    online["channel"] = "online";
    const std::string procedure = online["procedure_code"];
    REQUIRE(clerk.call(Verb::post, "/api/v1/intakes", online).status == 201);
    REQUIRE(clerk.call(Verb::post, "/api/v1/intakes", intake(clerk)).status == 201);
    REQUIRE(clerk.call(Verb::post, "/api/v1/intakes", intake(clerk, "refuse")).status >= 200);  // not a receipt

    // The expected procedure counts, from the catalogue as the citizen sees it.
    auto list = clerk.call(Verb::get, "/api/v1/procedures?agency=000.21.40.H56");
    REQUIRE(list.status == 200);
    int procedures = 0, offered_online = 0;
    std::string level;
    for (const auto& p : list.body) {
        ++procedures;
        if (p["online_level"] != "none") ++offered_online;
        if (p["code"] == procedure) level = p["online_level"];
    }
    REQUIRE(!level.empty());

    Api head(w.server->port());
    head.login("demo.head", "Demo-Head-2026!");
    auto r = head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-01&to=2026-03-31");
    REQUIRE(r.status == 200);
    CHECK(r.body["period"]["from"] == "2026-03-01");
    CHECK(r.body["rule_version"] == "index766-2026.1");
    CHECK(r.body.contains("computed_at"));
    REQUIRE(r.body["rows"].size() == 1);  // the head sees only the ward
    const json row = r.body["rows"][0];
    CHECK(row["key"] == "000.21.40.H56");
    CHECK(row["procedures"] == procedures);
    CHECK(row["procedures_online"] == offered_online);
    CHECK(row["dossiers"] == 2);
    CHECK(row["dossiers_online"] == 1);
    CHECK(row["dossiers_direct"] == 1);
    CHECK(row["full_online_eligible"] == (level == "full" ? 2 : 0));
    CHECK(row["full_online"] == (level == "full" ? 1 : 0));
    const json indicators = row["indicators"];
    REQUIRE(indicators.size() >= 3);
    bool saw_3_3 = false;
    for (const auto& i : indicators)
        if (i["id"] == "3.3") {
            saw_3_3 = true;
            CHECK(i["numerator"] == 1);
            CHECK(i["denominator"] == 2);
            CHECK(i["rate_percent"] == 50);
            CHECK(i["threshold_percent"] == 50);
        }
    CHECK(saw_3_3);
    CHECK(r.body["total"]["dossiers"] == 2);

    // The 766 report lists the same online-service indicators beside 2.1.
    auto index = head.call(Verb::get, "/api/v1/reports/index766?from=2026-03-01&to=2026-03-31");
    REQUIRE(index.status == 200);
    int clgq = 0;
    for (const auto& i : index.body["indicators"]) clgq += i["group"] == "CLGQ";
    CHECK(clgq == 3);

    auto csv = head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-01&to=2026-03-31&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.raw.rfind("\xEF\xBB\xBFkey,name,procedures,procedures_online,", 0) == 0);
    CHECK(csv.raw.find("\r\ntotal,Tổng cộng,") != std::string::npos);

    // Other periods count nothing; bad periods and clerks are refused.
    auto april = head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-04-01&to=2026-04-30");
    REQUIRE(april.status == 200);
    CHECK(april.body["total"]["dossiers"] == 0);
    CHECK(head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-04-30&to=2026-04-01").status == 400);
    CHECK(clerk.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-01&to=2026-03-31").status == 403);
}
