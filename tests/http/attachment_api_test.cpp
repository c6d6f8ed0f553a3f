// Digitisation over HTTP (docs/digitisation.md): uploads as raw bodies with their own size limit, content checks,
// access control on files, reuse, and the citizen's electronic result — a real server, the production composition.
#include <map>
#include <sstream>

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

constexpr std::int64_t kMaxFile = 3 * 1024 * 1024;  // above the 1 MiB limit of every other route

using Reply = ht::Reply;
using Api = ht::ApiClient;  // a browser-like client: keeps the session cookie and the CSRF token

// A file sent as the body of a POST to `target`, as the page's upload does.
Reply upload(Api& api, const std::string& target, std::string bytes, const std::string& type = "application/pdf") {
    return api.send(Verb::post, target, std::move(bytes), type);
}

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;

    World() {
        std::ostringstream out, err;
        std::istringstream in;
        REQUIRE(app::run_cli(std::vector<std::string_view>{"demo", "--db", db, "--dossiers", "0"}, {out, err, in}) ==
                0);
        std::istringstream password("Other-Clerk-2026!\n");
        REQUIRE(app::run_cli(std::vector<std::string_view>{"users", "add", "--db", db, "--username", "other.clerk",
                                                           "--role", "clerk", "--agency", "000.22.40.H56"},
                             {out, err, password}) == 0);
        app::ApplicationOptions options;
        options.digitisation.max_file_bytes = kMaxFile;
        application = std::make_unique<app::Application>(db, dir.path(), clock, options);
        auto server_options = ht::test_options();
        server_options.upload_routes = application->upload_routes();
        server = std::make_unique<ht::ServerThread>(application->router(), application->writes(), server_options);
    }
    Api login(const std::string& user, const std::string& password) {
        Api a(server->port());
        a.login(user, password);
        return a;
    }
    Api clerk() { return login("demo.clerk", "Demo-Clerk-2026!"); }
    Api anonymous() { return Api(server->port()); }
};

struct Received {
    std::string code;
    std::string key;
    std::string component;
};

Received receive(Api& clerk, const std::string& id_number = "079190004321") {
    auto list = clerk.call(Verb::get, "/api/v1/procedures?agency=000.21.40.H56");
    REQUIRE(list.status == 200);
    for (const auto& p : list.body) {
        auto full = clerk.call(Verb::get, "/api/v1/procedures/" + p["code"].get<std::string>());
        REQUIRE(full.status == 200);
        json components = json::array();
        for (const auto& c : full.body["components"])
            components.push_back(json{{"component_id", c["id"]}, {"originals", 1}});
        auto r = clerk.call(Verb::post, "/api/v1/intakes",
                            json{{"procedure_code", p["code"]},
                                 {"channel", "direct"},
                                 {"decision", "receive"},
                                 {"applicant",
                                  {{"name", "Trần Thị Bích Ngọc"},
                                   {"id_number", id_number},
                                   {"phone", "0903123456"},
                                   {"address", "12 Lê Lợi"}}},
                                 {"components", components}});
        REQUIRE(r.status == 201);
        return Received{r.body["dossier"]["code"], r.body["dossier"]["lookup_key"],
                        full.body["components"][0]["id"]};
    }
    FAIL("no procedure for the demo ward");
    return {};
}

std::string files_of(const Received& d) { return "/api/v1/dossiers/" + d.code + "/files"; }
std::string upload_to(const Received& d, const std::string& component, const std::string& name = "scan.pdf") {
    return "/api/v1/dossiers/" + d.code + "/components/" + component + "/files?name=" + name;
}

}  // namespace

TEST_CASE("a clerk uploads a scan as the raw body and downloads it back with its recorded type, no-store and nosniff") {
    World w;
    Api clerk = w.clerk();
    const auto d = receive(clerk);
    const std::string pdf = st::sample_pdf("CCCD");
    // The declared type is not trusted either way: a PDF sent as octet-stream is a PDF.
    auto up = upload(clerk, upload_to(d, d.component, "c%C4%83n-c%C6%B0%E1%BB%9Bc.pdf"), pdf,
                           "application/octet-stream");
    REQUIRE(up.status == 201);
    CHECK(up.body["content_type"] == "application/pdf");
    CHECK(up.body["file_name"] == "căn-cước.pdf");
    CHECK(up.body["size"] == pdf.size());
    const auto id = up.body["id"].get<std::int64_t>();

    auto listed = clerk.call(Verb::get, files_of(d));
    REQUIRE(listed.status == 200);
    REQUIRE(listed.body["attachments"].size() == 1);
    CHECK(listed.body["attachments"][0]["id"] == id);

    auto down = clerk.call(Verb::get, files_of(d) + "/" + std::to_string(id));
    REQUIRE(down.status == 200);
    CHECK(down.raw == pdf);
    CHECK(down.response[beast_http::field::content_type] == "application/pdf");
    CHECK(down.response[beast_http::field::cache_control] == "no-store");
    CHECK(down.response["X-Content-Type-Options"] == "nosniff");
    const std::string disposition(down.response[beast_http::field::content_disposition]);
    CHECK(disposition.find("filename*=UTF-8''c%C4%83n-c%C6%B0%E1%BB%9Bc.pdf") != std::string::npos);
}

TEST_CASE("a renamed executable is refused by its content, and nothing is stored") {
    World w;
    Api clerk = w.clerk();
    const auto d = receive(clerk);
    auto r = upload(clerk, upload_to(d, d.component, "scan.pdf"), st::sample_executable(), "application/pdf");
    CHECK(r.status == 422);
    CHECK(r.body["error"]["code"] == "unsupported_file_type");
    CHECK(r.body["error"]["field"] == "file");
    CHECK(clerk.call(Verb::get, files_of(d)).body["attachments"].empty());
}

TEST_CASE("the upload route alone takes bodies above 1 MiB, up to the configured file limit") {
    World w;
    Api clerk = w.clerk();
    const auto d = receive(clerk);
    // 1.5 MiB: above every other route's limit, below the file limit.
    const std::string big = st::sample_pdf(std::string(3 * 512 * 1024, 'x'));
    CHECK(upload(clerk, upload_to(d, d.component), big).status == 201);
    const std::string too_big = st::sample_pdf(std::string(kMaxFile, 'x'));
    auto refused = upload(clerk, upload_to(d, d.component), too_big);
    CHECK(refused.status == 413);
    CHECK(refused.body["error"]["code"] == "payload_too_large");
    // The same 1.5 MiB to a JSON route is refused by the general limit.
    CHECK(clerk.send(Verb::post, "/api/v1/dossiers/" + d.code + "/events", big, "application/json").status == 413);
}

TEST_CASE("another agency's clerk gets nothing of a dossier's files, and a wrong key gets no electronic result") {
    World w;
    Api clerk = w.clerk();
    const auto d = receive(clerk);
    auto up = upload(clerk, upload_to(d, d.component), st::sample_pdf());
    REQUIRE(up.status == 201);
    const std::string id = std::to_string(up.body["id"].get<std::int64_t>());
    Api other = w.login("other.clerk", "Other-Clerk-2026!");
    CHECK(other.call(Verb::get, files_of(d)).status == 404);
    auto stolen = other.call(Verb::get, files_of(d) + "/" + id);
    CHECK(stolen.status == 404);
    CHECK(stolen.raw.find("%PDF") == std::string::npos);
    CHECK(upload(other, upload_to(d, d.component), st::sample_pdf()).status == 404);
    CHECK(other.call(Verb::get, "/api/v1/dossiers/" + d.code + "/reusable").status == 404);
    Api citizen = w.anonymous();
    CHECK(citizen.call(Verb::get, files_of(d) + "/" + id).status == 401);
}

TEST_CASE("the electronic result is recorded once the result is ready and the citizen downloads it with the key") {
    World w;
    Api clerk = w.clerk();
    const auto d = receive(clerk);
    const std::string result_url = "/api/v1/dossiers/" + d.code +
                                   "/result-document?number=123%2FQ%C4%90-UBND&issued_on=2026-03-10"
                                   "&signer=Tr%E1%BA%A7n%20Quang%20Minh&issuing_body=UBND%20ph%C6%B0%E1%BB%9Dng&name=kq.pdf";
    const std::string result_pdf = st::sample_pdf("KET QUA");
    auto early = upload(clerk, result_url, result_pdf);
    CHECK(early.status == 409);
    CHECK(early.body["error"]["code"] == "result_not_ready");
    REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + d.code + "/events", json{{"type", "result_ready"}}).status ==
            201);
    auto missing = upload(clerk, "/api/v1/dossiers/" + d.code + "/result-document?issued_on=2026-03-10", result_pdf);
    CHECK(missing.status == 400);
    CHECK(missing.body["error"]["field"] == "number");
    auto recorded = upload(clerk, result_url, result_pdf);
    REQUIRE(recorded.status == 201);
    CHECK(recorded.body["number"] == "123/QĐ-UBND");

    Api citizen = w.anonymous();
    auto info = citizen.call(Verb::get, "/api/v1/public/dossiers/" + d.code + "/result?key=" + d.key);
    REQUIRE(info.status == 200);
    CHECK(info.body["result"]["signer"] == "Trần Quang Minh");
    CHECK_FALSE(info.body["result"].contains("recorded_by"));
    auto file = citizen.call(Verb::get, "/api/v1/public/dossiers/" + d.code + "/result/file?key=" + d.key);
    REQUIRE(file.status == 200);
    CHECK(file.raw == result_pdf);
    CHECK(file.response[beast_http::field::content_type] == "application/pdf");

    // A wrong key, no key and an unknown code answer alike.
    for (const std::string& target : {"/api/v1/public/dossiers/" + d.code + "/result/file?key=WRONGKEY00",
                                     "/api/v1/public/dossiers/" + d.code + "/result/file",
                                     "/api/v1/public/dossiers/000.21.40.H56-260310-9999/result/file?key=" + d.key}) {
        auto r = citizen.call(Verb::get, target);
        CHECK(r.status == 404);
        CHECK(r.body["error"]["code"] == "dossier_not_found");
    }
    // A dossier without an electronic result: its key holder learns there is none; the file route answers 404.
    const auto other = receive(clerk, "079190000002");
    auto none = citizen.call(Verb::get, "/api/v1/public/dossiers/" + other.code + "/result?key=" + other.key);
    CHECK(none.status == 200);
    CHECK(none.body["result"].is_null());
    CHECK(citizen.call(Verb::get, "/api/v1/public/dossiers/" + other.code + "/result/file?key=" + other.key).status ==
          404);
    CHECK(citizen.call(Verb::get, "/api/v1/public/dossiers/" + other.code + "/result?key=WRONGKEY00").status == 404);
}

TEST_CASE("a digitised component of an earlier dossier is reused for the same applicant over the API") {
    World w;
    Api clerk = w.clerk();
    const auto first = receive(clerk);
    auto up = upload(clerk, upload_to(first, first.component), st::sample_png(), "image/png");
    REQUIRE(up.status == 201);
    REQUIRE(clerk.call(Verb::post,
                       "/api/v1/dossiers/" + first.code + "/components/" + first.component + "/digitisation",
                       json{{"digitised", true}, {"certified_copy", false}})
                .status == 200);
    const auto second = receive(clerk);
    auto candidates = clerk.call(Verb::get, "/api/v1/dossiers/" + second.code + "/reusable");
    REQUIRE(candidates.status == 200);
    REQUIRE(candidates.body["items"].size() == 1);
    CHECK(candidates.body["items"][0]["dossier_code"] == first.code);
    auto reused = clerk.call(Verb::post,
                             "/api/v1/dossiers/" + second.code + "/components/" + second.component + "/reuse",
                             json{{"attachment_id", up.body["id"]}});
    REQUIRE(reused.status == 201);
    CHECK(reused.body["reused_from"]["dossier_code"] == first.code);
    auto second_files = clerk.call(Verb::get, files_of(second));
    REQUIRE(second_files.body["components"].size() == 1);
    CHECK(second_files.body["components"][0]["reused"] == true);
    auto first_files = clerk.call(Verb::get, files_of(first));
    CHECK(first_files.body["attachments"][0]["reused_by"] == json::array({second.code}));
}

TEST_CASE("the 766 counts report gives hand-computed digitisation counts for a small fixture, in JSON and CSV") {
    World w;
    Api clerk = w.clerk();
    // Three dossiers of the same applicant received today (10 March) at the demo ward:
    //   A: component scanned, marked digitised and an electronic certified copy; result ready with an e-result;
    //   B: the same component reused from A (so digitised, reused, and a certified copy like its source);
    //   C: nothing digitised.
    const auto a = receive(clerk);
    const auto b = receive(clerk);
    const auto c = receive(clerk);
    auto scan = upload(clerk, upload_to(a, a.component), st::sample_pdf("A"));
    REQUIRE(scan.status == 201);
    REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + a.code + "/components/" + a.component + "/digitisation",
                       json{{"digitised", true}, {"certified_copy", true}})
                .status == 200);
    REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + a.code + "/events", json{{"type", "result_ready"}}).status ==
            201);
    REQUIRE(upload(clerk, "/api/v1/dossiers/" + a.code +
                             "/result-document?number=1%2FKQ&issued_on=2026-03-10&signer=A&issuing_body=B&name=kq.pdf",
                         st::sample_pdf("KQ"))
                .status == 201);
    REQUIRE(clerk.call(Verb::post, "/api/v1/dossiers/" + b.code + "/components/" + b.component + "/reuse",
                       json{{"attachment_id", scan.body["id"]}})
                .status == 201);
    (void)c;

    Api head = w.login("demo.head", "Demo-Head-2026!");
    auto r = head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-10&to=2026-03-10");
    REQUIRE(r.status == 200);
    json ward;
    for (const auto& row : r.body["rows"])
        if (row["key"] == "000.21.40.H56") ward = row;
    REQUIRE(ward.is_object());
    CHECK(ward["dossiers"] == 3);
    CHECK(ward["digitised"] == 2);                         // A, B
    CHECK(ward["digitised_with_electronic_result"] == 1);  // A
    CHECK(ward["certified_copies"] == 2);                  // A, and B through its source
    CHECK(ward["reused"] == 1);                            // B
    CHECK(ward["results_requiring_document"] == 1);        // A (the demo procedures all name a result)
    CHECK(ward["electronic_results"] == 1);                // A
    std::map<std::string, json> indicators;
    for (const auto& i : ward["indicators"]) indicators[i["id"].get<std::string>()] = i;
    CHECK(indicators.at("4.1")["rate_percent"] == 100.0);
    CHECK(indicators.at("4.2")["rate_percent"].get<double>() == doctest::Approx(33.33));
    CHECK(indicators.at("4.3")["rate_percent"].get<double>() == doctest::Approx(33.33));
    CHECK(indicators.at("4.2")["points"].get<double>() == doctest::Approx(1.67));  // 33.33 × 4 ÷ 80, two decimals

    auto csv = head.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-10&to=2026-03-10&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.raw.find("digitised,digitised_with_electronic_result,certified_copies,reused,"
                       "results_requiring_document,electronic_results") != std::string::npos);
    // The 766 report lists the MDSH indicators for the whole scope.
    auto index = head.call(Verb::get, "/api/v1/reports/index766?from=2026-03-10&to=2026-03-10");
    REQUIRE(index.status == 200);
    bool has_42 = false;
    for (const auto& i : index.body["indicators"]) has_42 = has_42 || i["id"] == "4.2";
    CHECK(has_42);
}
