// The citizen's view the database keeps ready-made (schema 0013, decision 0026) against the view computed from the
// dossier by http::to_public_json: equal after every kind of event, the sweep, the calendar retime, the demo
// generator's bulk path and the migration of a database stored before it; and what the public lookup and Open311
// answer from it.
#include <map>
#include <sstream>

#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "http/dossier_json.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/database.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
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

constexpr std::string_view kAllCodes = "SELECT code FROM dossier ORDER BY id";

// Reads the database file the way a second process would, and compares the stored view of `code` with the view
// computed from the full dossier; returns the stored view.
json stored_equals_computed(const std::string& db_path, const std::string& code) {
    storage::Database db(db_path);
    storage::SqliteDossierStore dossiers(db);
    storage::SqliteCatalogueStore catalogue(db);
    auto d = dossiers.find(code);
    REQUIRE(d.has_value());
    auto p = catalogue.procedure(d->procedure_code, d->procedure_version);
    REQUIRE(p.has_value());
    const json computed = to_public_json(*d, p->name);
    auto stored = dossiers.find_public(code, core::PublicForm::citizen_view);
    REQUIRE(stored.has_value());
    CHECK(stored->lookup_key == d->lookup_key);
    CHECK(stored->status == d->status);
    const json view = json::parse(stored->document);
    CAPTURE(code);
    CHECK(view == computed);
    // The same bytes as the computed view serialised (nlohmann sorts keys; the view is written in that order).
    CHECK(stored->document == computed.dump());
    return view;
}

// Every stored row of the citizen's view and Open311 request against a full rebuild from their one SQL definition
// (the views of schema 0021): the triggers rebuild a dossier's row once per write, after its last row (schema 0028,
// decision 0044), so after any kind of write every dossier's stored row must equal what a rebuild gives, and every
// dossier must have one. Returns the number of dossiers compared.
std::size_t view_matches_full_rebuild(const std::string& db_path) {
    storage::Database db(db_path);
    const auto rows = [&db](std::string_view sql) {
        std::map<std::string, std::vector<std::string>> out;
        storage::Statement s = db.prepare(sql);
        while (s.step()) {
            std::vector<std::string> row;
            for (int c = 1; c < 7; ++c) row.push_back(s.text(c));
            out.emplace(s.text(0), std::move(row));
        }
        return out;
    };
    const auto stored = rows("SELECT CAST(id AS TEXT), code, lookup_key, CAST(status AS TEXT), resolving_agency, "
                             "document, open311 FROM dossier_public");
    const auto rebuilt = rows(
        "SELECT CAST(v.id AS TEXT), v.code, v.lookup_key, CAST(v.status AS TEXT), v.resolving_agency, v.document, "
        "o.document FROM dossier_public_view v JOIN dossier_open311_view o ON o.id = v.id");
    storage::Statement count = db.prepare("SELECT count(*) FROM dossier");
    REQUIRE(count.step());
    CHECK(rebuilt.size() == static_cast<std::size_t>(count.int64(0)));
    CHECK(stored.size() == rebuilt.size());
    for (const auto& [id, row] : rebuilt) {
        CAPTURE(id);
        auto found = stored.find(id);
        REQUIRE(found != stored.end());
        CHECK(found->second == row);
    }
    return rebuilt.size();
}

// The schema objects (indexes and triggers) with their definitions, sorted: what a bulk load must leave as it found.
std::vector<std::string> schema_objects(const std::string& db_path) {
    storage::Database db(db_path);
    std::vector<std::string> out;
    storage::Statement s = db.prepare(
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
        "WHERE type IN ('index', 'trigger') ORDER BY type, name");
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::vector<std::string> all_codes(const std::string& db_path) {
    storage::Database db(db_path);
    std::vector<std::string> codes;
    storage::Statement s = db.prepare(kAllCodes);
    while (s.step()) codes.push_back(s.text(0));
    return codes;
}

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;
    ht::ApiClient api{[this](Request req) { return ht::TestClient(server->port()).request(std::move(req)); }};

    explicit World(const char* dossiers = "0") {
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", dossiers};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock);
        server = std::make_unique<ht::ServerThread>(application->router(), application->writes());
    }

    std::pair<unsigned, std::string> call(Verb verb, const std::string& target, const json& body = nullptr) {
        const ht::Reply r = api.call(verb, target, body);
        return {r.status, r.raw};
    }

    void login() { api.login("demo.clerk", "Demo-Clerk-2026!"); }

    // Receives a dossier of a multi-day procedure of the demo ward; returns {code, key}.
    std::pair<std::string, std::string> receive() {
        auto [ls, list] = call(Verb::get, "/api/v1/procedures?agency=000.21.40.H56");
        REQUIRE(ls == 200);
        const json procedures = json::parse(list);
        for (const auto& p : procedures) {
            if (p["duration"]["unit"] != "days" || p["duration"]["value"].get<int>() < 3) continue;
            auto [fs, full] = call(Verb::get, "/api/v1/procedures/" + p["code"].get<std::string>());
            REQUIRE(fs == 200);
            const json procedure = json::parse(full);  // kept: a range-for over a temporary's member dangles
            json components = json::array();
            for (const auto& c : procedure["components"])
                components.push_back(json{{"component_id", c["id"]},
                                          {"originals", c["originals"]},
                                          {"copies", c["copies"]},
                                          {"certified_copies", c["certified_copies"]}});
            json intake{{"procedure_code", p["code"]},
                        {"channel", "direct"},
                        {"applicant", json{{"name", "Trần Thị Bích Ngọc"},
                                           {"id_number", "079190004321"},
                                           {"phone", "0903123456"},
                                           {"email", "ngoc.tran@example.vn"},
                                           {"address", "12 Đường Số 5, Phường Phú Hòa"}}},
                        {"components", components},
                        {"decision", "receive"}};
            auto [is, body] = call(Verb::post, "/api/v1/intakes", intake);
            CAPTURE(body);
            REQUIRE(is == 201);
            const json d = json::parse(body)["dossier"];
            return {d["code"].get<std::string>(), d["lookup_key"].get<std::string>()};
        }
        FAIL("no multi-day procedure for the demo ward");
        return {};
    }

    void event(const std::string& code, const json& body) {
        CAPTURE(body.dump());
        REQUIRE(call(Verb::post, "/api/v1/dossiers/" + code + "/events", body).first == 201);
    }
};

}  // namespace

TEST_CASE("the stored citizen's view equals the computed one after every kind of event") {
    World w;
    w.login();
    const auto [code, key] = w.receive();
    stored_equals_computed(w.db, code);
    CHECK(view_matches_full_rebuild(w.db) == 1);
    // Text that JSON must escape, in the fields the citizen sees.
    const std::vector<json> steps{
        {{"type", "handover"}, {"to_unit", "Công chức tư pháp - hộ tịch"}, {"note", "ghi chú nội bộ"}},
        {{"type", "consult"}, {"agency", "000.00.12.H56"}, {"note", "Xin ý kiến"}},
        {{"type", "request_supplement"},
         {"reason", "Thiếu \"giấy\" tờ\\ bản\nsao\ttab"},
         {"items", {"Giấy chứng sinh", "Bản sao \"CCCD\"\n"}}},
        {{"type", "supplement_received"}},
        {{"type", "pause"}, {"reason", "Nghĩa vụ tài chính, ông Nguyễn Văn B"}},
        {{"type", "resume"}},
        {{"type", "apologize"}, {"reason", "Cần xác minh"}, {"signer", "Trần Quang Minh"},
         {"new_due_at", "2026-04-30T17:00:00+07:00"}},
        {{"type", "result_ready"}},
        {{"type", "return_result"}, {"method", "electronic"}},
    };
    for (const json& s : steps) {
        w.event(code, s);
        const json view = stored_equals_computed(w.db, code);
        CHECK(view["timeline"].back()["type"] == s["type"]);
        view_matches_full_rebuild(w.db);
    }

    // What the citizen receives is the stored view itself.
    auto [status, body] = w.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=" + key);
    CHECK(status == 200);
    CHECK(json::parse(body) == stored_equals_computed(w.db, code));
    CHECK(body.find("Nguyễn Văn B") == std::string::npos);
    CHECK(body.find("Trần Quang Minh") == std::string::npos);

    // Withdrawal and stop.
    const auto [a, ka] = w.receive();
    const auto [b, kb] = w.receive();
    w.event(a, json{{"type", "withdraw"}, {"reason", "Công dân xin rút"}});
    w.event(b, json{{"type", "stop"}, {"reason", "Dừng theo quyết định"}});
    CHECK(stored_equals_computed(w.db, a)["status"] == "withdrawn");
    CHECK(stored_equals_computed(w.db, b)["status"] == "stopped");
    CHECK(view_matches_full_rebuild(w.db) == 3);
}

TEST_CASE("the stored citizen's view follows the sweep's expiry and the calendar retime") {
    World w;
    w.login();
    const auto [expiring, k1] = w.receive();
    const auto [open, k2] = w.receive();
    w.event(expiring, json{{"type", "request_supplement"}, {"items", {"Giấy chứng sinh"}}});

    w.dir.write("ward-2026.json", R"({"year": 2026, "agency": "000.21.40.H56", "reference": "TB 12/UBND",
        "entries": [{"date": "2026-03-11", "kind": "swap_off", "name": "Nghỉ theo thông báo của UBND phường"}]})");
    std::ostringstream out, err;
    std::istringstream in;
    const std::string file = (w.dir.path() / "ward-2026.json").string();
    std::vector<std::string_view> import{"calendar", "import", file, "--db", w.db, "--actor", "admin1"};
    REQUIRE(app::run_cli(import, {out, err, in}) == 0);
    const std::string due_before = stored_equals_computed(w.db, open)["due_at"];
    auto applied = w.application->retime_open_dossiers(true, "admin1");
    REQUIRE(applied.has_value());
    const json retimed = stored_equals_computed(w.db, open);
    CHECK(retimed["timeline"].back()["type"] == "retime");
    CHECK(retimed["due_at"] != due_before);
    view_matches_full_rebuild(w.db);

    w.clock.set(st::instant("2026-04-10T10:00:00+07:00"));
    auto closed = w.application->expire_unanswered_requests();
    REQUIRE(closed.has_value());
    CHECK(*closed == std::vector<std::string>{expiring});
    const json expired = stored_equals_computed(w.db, expiring);
    CHECK(expired["status"] == "stopped");
    CHECK(expired["timeline"].back()["type"] == "supplement_expired");
    CHECK(view_matches_full_rebuild(w.db) == 2);
}

TEST_CASE("the stored view equals a full rebuild after intake decisions, online submissions and their receipt") {
    World w;
    w.login();
    // Intake decisions that store no dossier leave the view as it was.
    auto [ls, list] = w.call(Verb::get, "/api/v1/procedures?agency=000.21.40.H56");
    REQUIRE(ls == 200);
    const json procedures = json::parse(list);
    REQUIRE(!procedures.empty());
    const json applicant{{"name", "Lê Văn Tám"}, {"id_number", "079190004322"}, {"phone", "0903123457"},
                         {"address", "3 Đường Số 7, Phường Phú Hòa"}};
    auto [rs, refused] = w.call(Verb::post, "/api/v1/intakes",
                                json{{"procedure_code", procedures[0]["code"]}, {"channel", "direct"},
                                     {"applicant", applicant}, {"components", json::array()},
                                     {"decision", "refuse"}, {"reason", "Không thuộc thẩm quyền"}});
    CAPTURE(refused);
    REQUIRE(rs == 201);
    CHECK(view_matches_full_rebuild(w.db) == 0);
    w.receive();
    CHECK(view_matches_full_rebuild(w.db) == 1);

    // Online pre-submissions (decision 0032): the submission, a request for supplementation before receipt, the
    // receipt (which also writes the receipt's columns), a refusal.
    const json submission{{"procedure_code", "1.004873"},
                          {"applicant", applicant},
                          {"components", json::array({json{{"component_id", "c1"}, {"originals", 1}}})}};
    std::vector<std::string> codes;
    for (int i = 0; i < 3; ++i) {
        auto [ss, sent] = w.call(Verb::post, "/api/v1/public/submissions", submission);
        CAPTURE(sent);
        REQUIRE(ss == 201);
        codes.push_back(json::parse(sent)["code"].get<std::string>());
    }
    CHECK(view_matches_full_rebuild(w.db) == 4);
    const auto decide = [&w](const std::string& code, const json& body) {
        auto [status, answer] = w.call(Verb::post, "/api/v1/dossiers/" + code + "/intake", body);
        CAPTURE(answer);
        REQUIRE(status == 201);
        stored_equals_computed(w.db, code);
        view_matches_full_rebuild(w.db);
    };
    decide(codes[0], json{{"decision", "request_supplement"}, {"items", {"Bản sao CCCD có chứng thực"}}});
    decide(codes[0], json{{"decision", "receive"}});
    decide(codes[1], json{{"decision", "receive"}});
    decide(codes[2], json{{"decision", "refuse"}, {"reason", "Không thuộc thẩm quyền"}});
    w.event(codes[1], json{{"type", "handover"}, {"to_unit", "Công chức tư pháp - hộ tịch"}});
    CHECK(view_matches_full_rebuild(w.db) == 4);
}

TEST_CASE("the demo generator's bulk-inserted dossiers carry their citizen's view") {
    World w("300");
    const auto codes = all_codes(w.db);
    REQUIRE(codes.size() > 250);
    for (const auto& code : codes) stored_equals_computed(w.db, code);
    CHECK(view_matches_full_rebuild(w.db) == codes.size());
    // On SQLite the load set the view's triggers and the secondary indexes aside (storage/bulk_load.hpp) and put
    // every one back as the migrations defined it (read from sqlite_master; PostgreSQL keeps its triggers).
    if (storage::is_postgresql_url(w.db)) return;
    ht::TempDir other;
    const std::string fresh = (other.path() / "fresh.db").string();
    std::ostringstream out, err;
    std::istringstream in;
    REQUIRE(app::run_cli(std::vector<std::string_view>{"init", "--db", fresh}, {out, err, in}) == 0);
    const auto expected = schema_objects(fresh);
    CHECK(expected.size() > 20);
    CHECK(schema_objects(w.db) == expected);
    // The load does not check references row by row (it writes only ids it was just given): every one holds.
    storage::Database db(w.db);
    storage::Statement fk = db.prepare("PRAGMA foreign_key_check");
    CHECK_FALSE(fk.step());
}

TEST_CASE("migrations 0013 and 0021 fill the citizen's view of dossiers stored before them") {
    World w("120");
    w.server.reset();
    w.application.reset();
    {
        // The database as it was before 0013: no table, view or triggers.
        storage::Database db(w.db);
        if (db.dialect() == storage::Dialect::postgresql)
            db.exec("DROP TRIGGER dossier_public_on_insert ON dossier; DROP TRIGGER dossier_public_on_update ON dossier; "
                    "DROP TRIGGER dossier_public_on_event ON dossier_event; DROP VIEW dossier_open311_view CASCADE; "
                    "DROP VIEW dossier_public_view CASCADE; DROP FUNCTION dossier_public_refresh(bigint), "
                    "dossier_public_on_dossier(), dossier_public_on_event(); DROP TABLE dossier_public;");
        else
            db.exec("DROP TRIGGER dossier_public_on_insert; DROP TRIGGER dossier_public_on_update; "
                    "DROP TRIGGER dossier_public_on_event; DROP VIEW dossier_public_view; "
                    "DROP VIEW dossier_open311_view; DROP TABLE dossier_public;");
        // 0013 creates and fills it; 0021 redefines it for online pre-submissions and fills it again.
        int applied = 0;
        for (const auto& f : storage::migrations_for(db.dialect()))
            if (std::string_view(f.name).starts_with("0013_") || std::string_view(f.name).starts_with("0021_")) {
                storage::Transaction tx(db);
                db.exec(f.content);
                tx.commit();
                ++applied;
            }
        REQUIRE(applied == 2);
    }
    const auto codes = all_codes(w.db);
    REQUIRE(codes.size() > 100);
    for (const auto& code : codes) stored_equals_computed(w.db, code);
}

TEST_CASE("Open311 answers a request kept with the view: the lookup's dates, notes, status notes and the agency's name") {
    World w;
    w.login();
    const auto [code, key] = w.receive();
    w.event(code, json{{"type", "request_supplement"}, {"items", {"Giấy chứng sinh"}}});
    w.event(code, json{{"type", "supplement_received"}});
    auto [ps, pub] = w.call(Verb::get, "/api/v1/public/dossiers/" + code + "?key=" + key);
    auto [os, o311] = w.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key);
    REQUIRE(ps == 200);
    REQUIRE(os == 200);
    const json view = json::parse(pub);
    const json request = json::parse(o311).at(0);
    CHECK(request["service_request_id"] == code);
    CHECK(request["status"] == "open");
    CHECK(request["service_code"] == view["procedure_code"]);
    CHECK(request["service_name"] == view["procedure_name"]);
    CHECK(request["requested_datetime"] == view["received_at"]);
    CHECK(request["expected_datetime"] == view["due_at"]);
    CHECK(request["updated_datetime"] == view["timeline"].back()["at"]);
    REQUIRE(request["notes"].size() == view["timeline"].size());
    for (std::size_t i = 0; i < view["timeline"].size(); ++i) {
        CHECK(request["notes"][i]["type"] == view["timeline"][i]["type"]);
        CHECK(request["notes"][i]["datetime"] == view["timeline"][i]["at"]);
        CHECK(!request["notes"][i]["summary"].get<std::string>().empty());
    }
    CHECK(request["notes"][0]["summary"] == "Tiếp nhận hồ sơ");
    CHECK(request["notes"][1]["summary"] == "Yêu cầu bổ sung hồ sơ");
    CHECK(!request["status_notes"].get<std::string>().empty());
    // The resolving agency by its current name, as the catalogue lists it.
    auto [as, agencies_body] = w.call(Verb::get, "/api/v1/agencies");
    REQUIRE(as == 200);
    const json agencies = json::parse(agencies_body);
    std::string agency_name;
    for (const auto& a : agencies)
        if (a["code"] == view["resolving_agency"]) agency_name = a["name"];
    CHECK(!agency_name.empty());
    CHECK(request["agency_responsible"] == agency_name);

    w.event(code, json{{"type", "result_ready"}});
    auto ready = json::parse(w.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key).second).at(0);
    CHECK(ready["status"] == "open");  // ready but not collected
    CHECK(ready["status_notes"] == "Đã có kết quả, mời đến nhận");
    w.event(code, json{{"type", "return_result"}, {"method", "counter"}});
    auto returned = json::parse(w.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=" + key).second).at(0);
    CHECK(returned["status"] == "closed");
    CHECK(returned["status_notes"] == "Đã trả kết quả");
    CHECK(returned["notes"].back()["summary"] == "Đã trả kết quả");
    CHECK(returned["updated_datetime"] == returned["notes"].back()["datetime"]);
    CHECK(w.call(Verb::get, "/open311/v2/requests/" + code + ".json?key=WRONGKEY99").first == 404);
}
