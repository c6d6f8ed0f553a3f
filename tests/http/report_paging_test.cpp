// The supervisor dashboard's calls at scale (issue #5, decision 0040), end to end on random demo databases: the
// monthly trend in one call equals twelve single-month reports, and the overdue, near-due and apology lists page
// (limit, offset) with totals, the pages adding up to the unpaged list.
#include <algorithm>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "core/time.hpp"
#include "tests/http/http_test_support.hpp"
#include "tests/support/fixed_clock.hpp"
#include "tests/support/test_database.hpp"

using namespace motcua;
using namespace motcua::http;
namespace ht = motcua::http::test;
namespace st = motcua::test;
using nlohmann::json;

namespace {

struct Reply {
    unsigned status = 0;
    json body;
    std::string raw;
};

// A browser-like client: keeps the session cookie (every call here is a GET).
class Api {
public:
    explicit Api(unsigned short port) : port_(port) {}

    Reply call(Verb verb, const std::string& target, const json& body = nullptr) {
        Request req = ht::make_request(verb, target, body.is_null() ? std::string() : body.dump());
        if (!body.is_null()) req.set(beast_http::field::content_type, "application/json");
        if (!cookie_.empty()) req.set(beast_http::field::cookie, cookie_);
        req.prepare_payload();
        ht::TestClient client(port_, std::chrono::seconds(30));
        Response res = client.request(std::move(req));
        if (auto c = res.find(beast_http::field::set_cookie); c != res.end()) {
            const std::string v(c->value());
            cookie_ = v.substr(0, v.find(';'));
        }
        Reply r{res.result_int(), json(), res.body()};
        if (!res.body().empty()) r.body = json::parse(res.body(), nullptr, false);
        return r;
    }
    Reply get(const std::string& target) { return call(Verb::get, target); }

private:
    unsigned short port_;
    std::string cookie_;
};

// A demo database of `dossiers` random dossiers (seed `seed`) served by the production composition; the clock is
// the real now, the instant the demo's dossiers run up to.
struct World {
    ht::TempDir dir;
    std::string db = motcua::test::database_in(dir.path());
    st::FixedClock clock{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
    std::unique_ptr<app::Application> application;
    std::unique_ptr<ht::ServerThread> server;

    World(const char* dossiers, const char* seed) {
        std::ostringstream out, err;
        std::istringstream in;
        std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", dossiers, "--seed", seed};
        REQUIRE(app::run_cli(args, {out, err, in}) == 0);
        application = std::make_unique<app::Application>(db, dir.path(), clock);
        server = std::make_unique<ht::ServerThread>(application->router(), application->writes());
    }
    Api supervisor() {
        Api a(server->port());
        auto r = a.call(Verb::post, "/api/v1/auth/login",
                        json{{"username", "demo.supervisor"}, {"password", "Demo-Supervisor-2026!"}});
        REQUIRE(r.status == 200);
        return a;
    }
};

const char* const kCounts[] = {"carried_over",    "received_online",  "received_direct", "received_postal",
                               "received_total",  "resolved_early",   "resolved_on_time", "resolved_late",
                               "resolved_total",  "pending_within",   "pending_overdue",  "pending_total",
                               "closed_other"};

std::string pad2(unsigned m) { return (m < 10 ? "0" : "") + std::to_string(m); }

std::string last_day(int year, unsigned month) {
    const date::year_month_day_last last{date::year{year}, date::month_day_last{date::month{month}}};
    return std::to_string(static_cast<unsigned>(last.day()));
}

void check_identities(const json& c) {
    auto n = [&c](const char* k) { return c.at(k).get<std::int64_t>(); };
    CHECK(n("received_total") == n("carried_over") + n("received_online") + n("received_direct") + n("received_postal"));
    CHECK(n("resolved_total") == n("resolved_early") + n("resolved_on_time") + n("resolved_late"));
    CHECK(n("pending_total") == n("pending_within") + n("pending_overdue"));
    CHECK(n("received_total") == n("resolved_total") + n("pending_total") + n("closed_other"));
}

// Every page of `path` (which has a query already) of `size` items, concatenated, from the list `key`; the total
// under `total_key` is checked on each page.
json concatenated_pages(Api& api, const std::string& path, const char* key, const char* total_key,
                        std::int64_t total, int size) {
    json all = json::array();
    for (std::int64_t offset = 0; offset < total; offset += size) {
        auto r = api.get(path + "&limit=" + std::to_string(size) + "&offset=" + std::to_string(offset));
        REQUIRE(r.status == 200);
        CHECK(r.body[total_key] == total);
        const auto& page = r.body[key];
        CHECK(static_cast<std::int64_t>(page.size()) == std::min<std::int64_t>(size, total - offset));
        for (const auto& item : page) all.push_back(item);
    }
    return all;
}

void check_bad_pages(Api& api, const std::string& path) {
    for (const char* bad : {"limit=0", "limit=-1", "limit=x", "limit=10001", "limit=2.5", "limit=", "offset=-1",
                            "offset=abc", "offset=1e3", "limit=5&offset=+3"}) {
        CAPTURE(bad);
        auto r = api.get(path + "&" + bad);
        CHECK(r.status == 400);
        CHECK(r.body["error"]["code"] == "invalid_number");
        const std::string field = std::string(bad).find("offset") != std::string::npos ? "offset" : "limit";
        CHECK(r.body["error"]["field"] == field);
    }
}

}  // namespace

TEST_CASE("the monthly trend answers every month of a year in one call, each month equal to that month's own report") {
    for (const char* seed : {"5", "20261126"}) {
        CAPTURE(seed);
        World w("1000", seed);
        Api s = w.supervisor();
        const int this_year = static_cast<int>(
            date::year_month_day{date::floor<date::days>(std::chrono::system_clock::now())}.year());
        for (int year : {this_year - 1, this_year}) {
            CAPTURE(year);
            const std::string y = std::to_string(year);
            for (const char* window : {"calendar", "official"}) {
                CAPTURE(window);
                const std::string suffix = std::string("&window=") + window;
                auto trend = s.get("/api/v1/reports/timeliness?from=" + y + "-01-01&to=" + y + "-12-31&group_by=month" +
                                   suffix);
                REQUIRE(trend.status == 200);
                CHECK(trend.body["group_by"] == "month");
                const json& rows = trend.body["rows"];
                REQUIRE(rows.size() == 12);
                std::int64_t received_in_months = 0;
                for (unsigned m = 1; m <= 12; ++m) {
                    const json& row = rows[m - 1];
                    CHECK(row["key"] == y + "-" + pad2(m));
                    auto own = s.get("/api/v1/reports/timeliness?from=" + y + "-" + pad2(m) + "-01&to=" + y + "-" +
                                     pad2(m) + "-" + last_day(year, m) + suffix);
                    REQUIRE(own.status == 200);
                    for (const char* c : kCounts) {
                        CAPTURE(c);
                        CHECK(row[c] == own.body["total"][c]);
                    }
                    check_identities(row);
                    received_in_months += row["received_total"].get<std::int64_t>() -
                                          row["carried_over"].get<std::int64_t>();
                }
                // The total is the year's own report, whose receipts are the months' receipts.
                auto whole = s.get("/api/v1/reports/timeliness?from=" + y + "-01-01&to=" + y + "-12-31" + suffix);
                REQUIRE(whole.status == 200);
                CHECK(trend.body["total"] == whole.body["total"]);
                CHECK(trend.body["period"] == whole.body["period"]);
                CHECK(whole.body["total"]["received_total"].get<std::int64_t>() -
                          whole.body["total"]["carried_over"].get<std::int64_t>() ==
                      received_in_months);
            }
        }
        // Any run of whole months: a quarter across a year's end; the CSV has a row per month and the total.
        const std::string q = std::to_string(this_year - 1) + "-11-01&to=" + std::to_string(this_year) + "-01-31";
        auto quarter = s.get("/api/v1/reports/timeliness?from=" + q + "&group_by=month");
        REQUIRE(quarter.status == 200);
        REQUIRE(quarter.body["rows"].size() == 3);
        CHECK(quarter.body["rows"][2]["key"] == std::to_string(this_year) + "-01");
        auto csv = s.get("/api/v1/reports/timeliness?from=" + q + "&group_by=month&format=csv");
        REQUIRE(csv.status == 200);
        CHECK(std::count(csv.raw.begin(), csv.raw.end(), '\n') == 5);  // header, three months, total
    }
}

TEST_CASE("a monthly trend needs whole months and the other groupings are unchanged") {
    World w("50", "9");
    Api s = w.supervisor();
    auto not_first = s.get("/api/v1/reports/timeliness?from=2025-01-02&to=2025-12-31&group_by=month");
    CHECK(not_first.status == 400);
    CHECK(not_first.body["error"]["field"] == "from");
    auto not_last = s.get("/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-30&group_by=month");
    CHECK(not_last.status == 400);
    CHECK(not_last.body["error"]["field"] == "to");
    auto backwards = s.get("/api/v1/reports/timeliness?from=2025-02-01&to=2025-01-31&group_by=month");
    CHECK(backwards.status == 400);
    CHECK(s.get("/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=months").status == 400);
    // The drill-down has no monthly grouping.
    CHECK(s.get("/api/v1/reports/timeliness/dossiers?from=2025-01-01&to=2025-01-31&group_by=month&column=received_total")
              .status == 400);
    auto by_agency = s.get("/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&group_by=agency");
    REQUIRE(by_agency.status == 200);
    CHECK(by_agency.body["group_by"] == "agency");
}

TEST_CASE("the overdue and near-due lists page with a total, the pages adding up to the unpaged list") {
    World w("2000", "11");
    Api s = w.supervisor();
    for (const char* list : {"/api/v1/reports/overdue?near_due=false", "/api/v1/reports/overdue?near_due=true"}) {
        const std::string path = list;
        CAPTURE(path);
        auto whole = s.get(path);
        REQUIRE(whole.status == 200);
        const json& items = whole.body["items"];
        const auto total = static_cast<std::int64_t>(items.size());
        CHECK(whole.body["total"] == total);
        // The demo has overdue dossiers to page. How many depends on the hour (it is generated relative to now, and
        // its open dossiers fall due through the day): 12 at 10:30 office time, so pages of 3 for at least three.
        if (path.find("false") != std::string::npos) REQUIRE(total > 6);
        // The list is written as text item by item: the very bytes the JSON library writes for the same value
        // (keys sorted, its number and string encoding).
        CHECK(whole.raw == whole.body.dump());
        CHECK(concatenated_pages(s, path, "items", "total", total, 3) == items);
        // The first page is the head of the list (most overdue first); the last one its tail.
        auto first = s.get(path + "&limit=3");
        REQUIRE(first.status == 200);
        for (std::size_t i = 0; i < first.body["items"].size(); ++i) CHECK(first.body["items"][i] == items[i]);
        if (total > 0) {
            auto last = s.get(path + "&limit=5&offset=" + std::to_string(total - 1));
            REQUIRE(last.status == 200);
            REQUIRE(last.body["items"].size() == 1);
            CHECK(last.body["items"][0] == items.back());
        }
        auto past = s.get(path + "&limit=5&offset=" + std::to_string(total + 3));
        REQUIRE(past.status == 200);
        CHECK(past.body["items"].empty());
        CHECK(past.body["total"] == total);
        // An offset alone skips; the downloads are always the whole list.
        auto rest = s.get(path + "&offset=2");
        REQUIRE(rest.status == 200);
        CHECK(static_cast<std::int64_t>(rest.body["items"].size()) == std::max<std::int64_t>(0, total - 2));
        auto csv = s.get(path + "&limit=2&format=csv");
        REQUIRE(csv.status == 200);
        CHECK(std::count(csv.raw.begin(), csv.raw.end(), '\n') == total + 1);
        check_bad_pages(s, path);
    }
}

TEST_CASE("the apology report pages its apologies and violations alike, with totals and whole-period counts") {
    World w("2000", "13");
    Api s = w.supervisor();
    const int this_year =
        static_cast<int>(date::year_month_day{date::floor<date::days>(std::chrono::system_clock::now())}.year());
    const std::string path = "/api/v1/reports/apologies?from=" + std::to_string(this_year - 1) + "-01-01&to=" +
                             std::to_string(this_year - 1) + "-12-31";
    auto whole = s.get(path);
    REQUIRE(whole.status == 200);
    const auto items = static_cast<std::int64_t>(whole.body["items"].size());
    const auto violations = static_cast<std::int64_t>(whole.body["violations"].size());
    CHECK(whole.body["items_total"] == items);
    CHECK(whole.body["violations_total"] == violations);
    CHECK(whole.body["counts"]["issued"] == items);
    CHECK(whole.body["counts"]["violations"] == violations);
    REQUIRE(items > 4);
    REQUIRE(violations > 4);
    // The report is written as text item by item (decision 0046): the very bytes the JSON library writes for the
    // same value (keys sorted, its number and string encoding), whole and paged.
    CHECK(whole.raw == whole.body.dump());
    auto second = s.get(path + "&limit=3&offset=2");
    REQUIRE(second.status == 200);
    CHECK(second.raw == second.body.dump());
    CHECK(concatenated_pages(s, path, "items", "items_total", items, 4) == whole.body["items"]);
    CHECK(concatenated_pages(s, path, "violations", "violations_total", violations, 4) == whole.body["violations"]);
    // A page changes neither the counts nor the totals.
    auto first = s.get(path + "&limit=1");
    REQUIRE(first.status == 200);
    CHECK(first.body["counts"] == whole.body["counts"]);
    CHECK(first.body["items"].size() == 1);
    CHECK(first.body["violations"].size() == 1);
    CHECK(first.body["items"][0] == whole.body["items"][0]);
    CHECK(first.body["violations"][0] == whole.body["violations"][0]);
    auto past = s.get(path + "&limit=10&offset=" + std::to_string(std::max(items, violations)));
    REQUIRE(past.status == 200);
    CHECK(past.body["items"].empty());
    CHECK(past.body["violations"].empty());
    CHECK(past.body["counts"] == whole.body["counts"]);
    auto csv = s.get(path + "&limit=1&format=csv");
    REQUIRE(csv.status == 200);
    CHECK(std::count(csv.raw.begin(), csv.raw.end(), '\n') == items + violations + 1);
    check_bad_pages(s, path);
}
