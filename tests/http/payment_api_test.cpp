// Fees and payments end to end through the production router (app::Application with a signed-webhook gateway):
// desk payments and their correction, a financial obligation settled online, the gateway's callback played by the
// test (forged, tampered, stale, mismatched, replayed), and the TTTT counts on a fixture worked out by hand.
#include <sodium.h>

#include <algorithm>
#include <map>
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

namespace {

constexpr const char* kWard = "000.21.40.H56";
const std::string kSecret = "gateway-and-motcua-share-this-secret-0123456789";
const std::string kMerchant = "MOTCUA-TEST";

using Reply = ht::Reply;

// HMAC-SHA256 in hex, computed here as the gateway would (not through motcua's adapter).
std::string hmac(const std::string& key, const std::string& text) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state s;
    crypto_auth_hmacsha256_init(&s, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&s, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    crypto_auth_hmacsha256_final(&s, mac);
    char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{st::instant("2026-03-10T09:00:00+07:00")};
    std::unique_ptr<app::Application> application;
    // The clerk's browser and the payment gateway, both calling the router directly from 192.0.2.10.
    ht::ApiClient browser{[this](Request req) { return application->router().route(req, "192.0.2.10"); }};
    ht::ApiClient gateway{[this](Request req) { return application->router().route(req, "192.0.2.10"); }};

    World() {
        std::ostringstream out, err;
        std::istringstream in;
        REQUIRE(app::run_cli(std::vector<std::string_view>{"demo", "--db", db, "--dossiers", "0"}, {out, err, in}) == 0);
        app::ApplicationOptions options;
        payments::SignedWebhookSettings settings;
        settings.checkout_url = "https://pay.example.vn/checkout";
        settings.merchant_id = kMerchant;
        settings.secret = kSecret;
        settings.return_url = "https://motcua.example.vn/lookup.html";
        options.payment_gateway = settings;
        application = std::make_unique<app::Application>(db, dir.path(), clock, options);
    }

    Reply call(Verb verb, const std::string& target, const json& body = nullptr) {
        return browser.call(verb, target, body);
    }
    void login(const std::string& user, const std::string& password) { browser.login(user, password); }

    /// Receives a dossier of `procedure` with every listed component; returns the intake's answer.
    json receive(const std::string& procedure, const std::string& fee_group = {}) {
        auto p = call(Verb::get, "/api/v1/procedures/" + procedure);
        REQUIRE(p.status == 200);
        json components = json::array();
        for (const auto& c : p.body["components"])
            components.push_back(json{{"component_id", c["id"]},
                                      {"originals", c["originals"]},
                                      {"copies", c["copies"]},
                                      {"certified_copies", c["certified_copies"]}});
        json body{{"procedure_code", procedure},
                  {"channel", "direct"},
                  {"decision", "receive"},
                  {"applicant",
                   {{"name", "Lê Thị Hoa"}, {"id_number", "038190004321"}, {"phone", "0903123456"}, {"address", "Hạc Thành"}}},
                  {"components", components}};
        if (!fee_group.empty()) body["fee_group"] = fee_group;
        auto r = call(Verb::post, "/api/v1/intakes", body);
        REQUIRE(r.status == 201);
        return r.body;
    }

    /// The gateway's callback, signed with `key` at `timestamp` (default: the clock's now).
    Reply callback(const json& body, const std::string& key = kSecret, std::optional<std::int64_t> timestamp = {},
                   std::string signed_body = {}) {
        const std::string raw = body.dump();
        const std::string ts = std::to_string(timestamp.value_or(clock.now().time_since_epoch().count()));
        const std::string signature = "sha256=" + hmac(key, ts + "." + (signed_body.empty() ? raw : signed_body));
        return gateway.send(Verb::post, "/api/v1/payments/callback", raw, "application/json",
                            {{"X-Gateway-Timestamp", ts}, {"X-Gateway-Signature", signature}});
    }

    std::int64_t count(const std::string& sql) {
        storage::Database conn(db);
        auto s = conn.prepare(sql);
        REQUIRE(s.step());
        return s.int64(0);
    }
};

json succeeded(const std::string& reference, std::int64_t amount, const std::string& transaction) {
    return json{{"event", "payment.succeeded"},  {"merchant", kMerchant},    {"reference", reference},
                {"transaction_id", transaction}, {"amount", amount},         {"currency", "VND"},
                {"paid_at", "2026-03-11T01:59:00Z"}};
}

}  // namespace

TEST_CASE("a desk payment settles the intake fees with the agency's next receipt number, and a mistake is reversed, never edited") {
    World w;
    w.login("demo.clerk", "Demo-Clerk-2026!");
    const json intake = w.receive("2.000815");  // Chứng thực bản sao: 2,000 VND
    CHECK(intake["fees_due"] == 2000);
    const std::string code = intake["dossier"]["code"];
    const std::string fees = "/api/v1/dossiers/" + code + "/fees", pay = "/api/v1/dossiers/" + code + "/payments";
    auto account = w.call(Verb::get, fees);
    REQUIRE(account.status == 200);
    REQUIRE(account.body["lines"].size() == 1);
    CHECK(account.body["outstanding"] == 2000);

    auto wrong = w.call(Verb::post, pay, json{{"method", "cash"}, {"amount", 1999}});
    CHECK(wrong.status == 422);
    CHECK(wrong.body["error"]["code"] == "amount_mismatch");
    CHECK(w.call(Verb::post, pay, json{{"method", "online"}, {"amount", 2000}}).status == 400);

    auto paid = w.call(Verb::post, pay, json{{"method", "cash"}, {"amount", 2000}});
    REQUIRE(paid.status == 201);
    CHECK(paid.body["payment"]["receipt_no"] == std::string(kWard) + "-BL26-000001");
    CHECK(paid.body["resumed"] == false);
    CHECK(paid.body["account"]["outstanding"] == 0);
    auto again = w.call(Verb::post, pay, json{{"method", "cash"}, {"amount", 2000}});
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "nothing_outstanding");

    const std::string reversal = pay + "/" + std::to_string(paid.body["payment"]["id"].get<int>()) + "/reversal";
    CHECK(w.call(Verb::post, reversal, json::object()).status == 400);  // a reason is required
    auto reversed = w.call(Verb::post, reversal, json{{"reason", "Thu nhầm hồ sơ"}});
    REQUIRE(reversed.status == 201);
    CHECK(reversed.body["reversal"]["amount"] == -2000);
    CHECK(reversed.body["reversal"]["receipt_no"] == paid.body["payment"]["receipt_no"]);
    CHECK(w.call(Verb::post, reversal, json{{"reason", "lần nữa"}}).body["error"]["code"] == "already_reversed");
    account = w.call(Verb::get, fees);
    CHECK(account.body["outstanding"] == 2000);
    CHECK(account.body["payments"].size() == 2);
    CHECK(account.body["payments"][0]["reversed"] == true);

    CHECK(w.call(Verb::post, pay, json{{"method", "bank_transfer"}, {"amount", 2000}}).status == 400);  // no reference
    auto transfer = w.call(Verb::post, pay, json{{"method", "bank_transfer"}, {"amount", 2000}, {"reference", "FT2606912345"}});
    REQUIRE(transfer.status == 201);
    CHECK(transfer.body["payment"]["receipt_no"] == std::string(kWard) + "-BL26-000002");  // the void number is not reused

    // History cannot be rewritten behind the server's back either.
    storage::Database conn(w.db);
    CHECK_THROWS_AS(conn.exec("UPDATE payment SET amount = 1"), storage::StorageError);
    CHECK_THROWS_AS(conn.exec("DELETE FROM payment"), storage::StorageError);
    CHECK(w.count("SELECT count(*) FROM audit_log WHERE action IN ('payment.recorded', 'payment.reversed')") == 3);
}

TEST_CASE("an unknown exemption group is refused at intake, and a group's exemption is recorded on the line") {
    World w;
    w.login("demo.clerk", "Demo-Clerk-2026!");
    auto p = w.call(Verb::get, "/api/v1/procedures/1.004873");
    json body{{"procedure_code", "1.004873"}, {"channel", "direct"}, {"decision", "receive"}, {"fee_group", "khong_co"},
              {"applicant", {{"name", "A"}, {"id_number", "038190004321"}, {"phone", "0903123456"}, {"address", "B"}}},
              {"components", json::array()}};
    for (const auto& c : p.body["components"])
        body["components"].push_back(json{{"component_id", c["id"]}, {"originals", c["originals"]},
                                          {"copies", c["copies"]}, {"certified_copies", c["certified_copies"]}});
    auto refused = w.call(Verb::post, "/api/v1/intakes", body);
    CHECK(refused.status == 422);
    CHECK(refused.body["error"]["field"] == "fee_group");
    CHECK(w.count("SELECT count(*) FROM dossier") == 0);

    const json exempt = w.receive("1.004873", "nguoi_co_cong");  // Hộ tịch, 3,000 VND, waived for this group
    CHECK(exempt["fees_due"] == 0);
    auto account = w.call(Verb::get, "/api/v1/dossiers/" + exempt["dossier"]["code"].get<std::string>() + "/fees");
    CHECK(account.body["lines"][0]["amount"] == 3000);
    CHECK(account.body["lines"][0]["exempted"] == 3000);
    CHECK(account.body["lines"][0]["exemption"].get<std::string>().find("Người có công") == 0);
}

TEST_CASE("an obligation pauses the dossier, and only a genuine, matching gateway callback pays it and resumes the dossier") {
    World w;
    w.login("demo.clerk", "Demo-Clerk-2026!");
    const json intake = w.receive("1.001612");  // Đăng ký hộ kinh doanh: 100,000 VND
    const std::string code = intake["dossier"]["code"], key = intake["dossier"]["lookup_key"];
    auto paused = w.call(Verb::post, "/api/v1/dossiers/" + code + "/obligations",
                         json{{"reason", "Nộp lệ phí trước bạ"}, {"lines", {{{"name", "Lệ phí trước bạ"}, {"amount", 500000}}}}});
    REQUIRE(paused.status == 201);
    CHECK(paused.body["status_code"] == 6);
    CHECK(paused.body["account"]["outstanding"] == 600000);
    const std::string due_before = w.call(Verb::get, "/api/v1/dossiers/" + code).body["due_at"];

    w.clock.advance(std::chrono::hours{24});  // one working day in status 6 (Tue 10/3 09:00 → Wed 11/3 09:00)
    w.login("demo.clerk", "Demo-Clerk-2026!");  // the session of yesterday has ended
    auto citizen = w.call(Verb::get, "/api/v1/public/dossiers/" + code + "/fees?key=" + key);
    REQUIRE(citizen.status == 200);
    CHECK(citizen.body["outstanding"] == 600000);
    CHECK(citizen.body["online_payment"] == true);
    CHECK_FALSE(citizen.body["lines"][0].contains("raised_by"));
    CHECK(w.call(Verb::get, "/api/v1/public/dossiers/" + code + "/fees?key=WRONGKEY00").status == 404);

    auto started = w.call(Verb::post, "/api/v1/public/dossiers/" + code + "/payment-requests", json{{"key", key}});
    REQUIRE(started.status == 201);
    CHECK(started.body["amount"] == 600000);
    const std::string url = started.body["redirect_url"], reference = started.body["reference"];
    REQUIRE(url.rfind("https://pay.example.vn/checkout?", 0) == 0);
    const std::string query = url.substr(url.find('?') + 1);
    const auto at_signature = query.rfind("&signature=");
    CHECK(query.substr(at_signature + 11) == hmac(kSecret, query.substr(0, at_signature)));  // the gateway can check it
    CHECK(query.find("amount=600000") != std::string::npos);

    // Changes on the audit log (a staff member opening the record is logged too, but changes nothing).
    const char* changes = "SELECT count(*) FROM audit_log WHERE action <> 'dossier.viewed'";
    const auto audit_before = w.count(changes);
    const auto nothing_paid = [&] {
        CHECK(w.count("SELECT count(*) FROM payment") == 0);
        CHECK(w.call(Verb::get, "/api/v1/dossiers/" + code).body["status"] == "financial_obligation");
    };
    const json good = succeeded(reference, 600000, "GW-7781");
    SUBCASE("forged, tampered and stale callbacks change nothing and write nothing") {
        auto forged = w.callback(good, "not-the-shared-secret-not-the-shared-secret");
        CHECK(forged.status == 400);
        CHECK(forged.body["error"]["code"] == "invalid_signature");
        auto tampered = w.callback(succeeded(reference, 600000, "GW-7782"), kSecret, {},
                                   succeeded(reference, 1000, "GW-7782").dump());
        CHECK(tampered.body["error"]["code"] == "invalid_signature");
        auto stale = w.callback(good, kSecret, w.clock.now().time_since_epoch().count() - 301);
        CHECK(stale.status == 400);
        CHECK(stale.body["error"]["code"] == "stale_callback");
        nothing_paid();
        CHECK(w.count(changes) == audit_before);
    }
    SUBCASE("a genuine callback whose amount does not match is refused and only noted on the audit log") {
        auto short_paid = w.callback(succeeded(reference, 100000, "GW-7783"));
        CHECK(short_paid.status == 422);
        CHECK(short_paid.body["error"]["code"] == "amount_mismatch");
        auto unknown = w.callback(succeeded("MCNOSUCHREFERENCE", 600000, "GW-7784"));
        CHECK(unknown.body["error"]["code"] == "unknown_reference");
        nothing_paid();
        CHECK(w.count("SELECT count(*) FROM audit_log WHERE action = 'payment.callback_rejected'") == 2);
    }
    SUBCASE("the genuine callback records the payment, resumes the dossier with a later due, and a replay is a no-op") {
        auto ok = w.callback(good);
        REQUIRE(ok.status == 200);
        CHECK(ok.body["result"] == "recorded");
        CHECK(ok.body["receipt_no"] == std::string(kWard) + "-BL26-000001");
        auto d = w.call(Verb::get, "/api/v1/dossiers/" + code);
        CHECK(d.body["status"] == "processing");
        CHECK(d.body["timeline"].back()["type"] == "resume");
        CHECK(d.body["timeline"].back()["actor"] == "system");
        CHECK(d.body["due_at"].get<std::string>() > due_before);  // moved later by the paused working day
        auto replay = w.callback(good);
        CHECK(replay.status == 200);
        CHECK(replay.body["result"] == "duplicate");
        CHECK(w.count("SELECT count(*) FROM payment") == 1);
        auto account = w.call(Verb::get, "/api/v1/dossiers/" + code + "/fees");
        CHECK(account.body["outstanding"] == 0);
        CHECK(account.body["payments"][0]["method"] == "online");
        CHECK(account.body["payments"][0]["reference"] == "GW-7781");
        // An online payment is refunded through the gateway, not reversed at the desk.
        auto reverse = w.call(Verb::post, "/api/v1/dossiers/" + code + "/payments/" +
                                              std::to_string(account.body["payments"][0]["id"].get<int>()) + "/reversal",
                              json{{"reason", "x"}});
        CHECK(reverse.body["error"]["code"] == "not_reversible");
    }
}

TEST_CASE("the TTTT report counts the ward's fee-bearing procedures, fee dossiers and online payments as worked out by hand") {
    World w;
    w.login("demo.clerk", "Demo-Clerk-2026!");
    // d1 paid in cash; d2 paid online; d3 exempted in full; d4 a procedure without fee; d5 owed, unpaid.
    const json d1 = w.receive("2.000815");
    REQUIRE(w.call(Verb::post, "/api/v1/dossiers/" + d1["dossier"]["code"].get<std::string>() + "/payments",
                   json{{"method", "cash"}, {"amount", 2000}}).status == 201);
    const json d2 = w.receive("1.001612");
    auto started = w.call(Verb::post, "/api/v1/public/dossiers/" + d2["dossier"]["code"].get<std::string>() +
                                          "/payment-requests",
                          json{{"key", d2["dossier"]["lookup_key"]}});
    REQUIRE(started.status == 201);
    REQUIRE(w.callback(succeeded(started.body["reference"], 100000, "GW-1")).status == 200);
    w.receive("1.004873", "nguoi_co_cong");
    w.receive("1.001193");
    w.receive("2.000884");

    w.login("demo.head", "Demo-Head-2026!");
    auto r = w.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-01&to=2026-03-31");
    REQUIRE(r.status == 200);
    REQUIRE(r.body["rows"].size() == 1);
    const json& row = r.body["rows"][0];
    CHECK(row["key"] == kWard);
    // The ward resolves 14 procedures, 11 of them with a fee above 0 in the demo catalogue.
    CHECK(row["fee_procedures"] == 11);
    CHECK(row["procedures_with_fee_data"] == 4);  // 2.000815, 1.001612, 1.004873, 2.000884
    CHECK(row["procedures_paid_online"] == 1);    // 1.001612
    CHECK(row["fee_dossiers"] == 3);              // d1, d2, d5 (d3 exempted in full, d4 without fee)
    CHECK(row["paid_online_dossiers"] == 1);      // d2
    CHECK(row["paid_online_amount"] == 100000);
    CHECK(r.body["total"]["fee_dossiers"] == 3);
    std::map<std::string, json> by_id;
    for (const auto& i : r.body["total"]["indicators"]) by_id[i["id"].get<std::string>()] = i;
    REQUIRE(by_id.count("3.5") == 1);
    CHECK(by_id["3.5"]["group"] == "TTTT");
    CHECK(by_id["3.5"]["numerator"] == 4);
    CHECK(by_id["3.5"]["denominator"] == 11);
    CHECK(by_id["3.5"]["rate_percent"] == doctest::Approx(36.36));
    CHECK(by_id["3.5"]["points"] == doctest::Approx(0.91));  // 36.36 × 2 ÷ 80
    CHECK(by_id["3.5b"]["rate_percent"] == doctest::Approx(9.09));
    CHECK(by_id["3.5b"]["points"] == doctest::Approx(0.18));
    CHECK(by_id["3.6"]["numerator"] == 1);
    CHECK(by_id["3.6"]["denominator"] == 3);
    CHECK(by_id["3.6"]["rate_percent"] == doctest::Approx(33.33));
    CHECK(by_id["3.6"]["points"] == doctest::Approx(2.0));  // 33.33 × 6 ÷ 100

    auto before = w.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-02-01&to=2026-02-28");
    CHECK(before.body["total"]["fee_dossiers"] == 0);

    auto index = w.call(Verb::get, "/api/v1/reports/index766?from=2026-03-01&to=2026-03-31");
    REQUIRE(index.status == 200);
    bool has_3_6 = false;
    for (const auto& indicator : index.body["indicators"])
        if (indicator["id"] == "3.6") has_3_6 = indicator["points"] == doctest::Approx(2.0);
    CHECK(has_3_6);
    for (const auto& group : index.body["not_yet_computed"]) CHECK(group != "TTTT");

    // The CSV carries the same columns.
    const auto table = w.call(Verb::get, "/api/v1/reports/index766/counts?from=2026-03-01&to=2026-03-31&format=csv");
    REQUIRE(table.status == 200);
    std::vector<std::vector<std::string>> cells;
    std::istringstream lines(table.raw);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string f; std::getline(fields, f, ',');) cols.push_back(f);
        cells.push_back(cols);
    }
    REQUIRE(cells.size() >= 3);
    const auto column = [&](const std::string& name) {
        const auto at = std::find(cells[0].begin(), cells[0].end(), name);
        REQUIRE(at != cells[0].end());
        return static_cast<std::size_t>(at - cells[0].begin());
    };
    const auto found = std::find_if(cells.begin(), cells.end(), [](const auto& c) { return !c.empty() && c[0] == kWard; });
    REQUIRE(found != cells.end());
    const auto& ward = *found;
    CHECK(ward.at(column("fee_procedures")) == "11");
    CHECK(ward.at(column("fee_dossiers")) == "3");
    CHECK(ward.at(column("paid_online_amount")) == "100000");
    CHECK(ward.at(column("rate_3.6")) == "33.33");
}
