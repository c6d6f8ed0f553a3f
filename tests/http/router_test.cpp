#include <doctest/doctest.h>

#include <any>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "http/json_response.hpp"
#include "http/router.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::http::test::json_of;
using motcua::http::test::make_request;

namespace {

/// A handler that answers with the route's name, its path parameters and a few query parameters, as JSON.
Handler echo(std::string name) {
    return [name = std::move(name)](const Request& req, const RouteParams& params) {
        nlohmann::json body = {{"route", name}};
        for (const char* key : {"code", "id", "agency"}) {
            try {
                body["path"][key] = params.path(key);
            } catch (const std::out_of_range&) {
            }
        }
        for (const char* key : {"page", "q", "key"}) {
            if (auto value = params.query(key)) body["query"][key] = *value;
        }
        return json_response(beast_http::status::ok, body, req);
    };
}

Router dossier_router() {
    Router router;
    router.add(Verb::get, "/api/v1/dossiers", Access::anyone(), echo("list"));
    router.add(Verb::post, "/api/v1/dossiers", Access::anyone(), echo("create"));
    router.add(Verb::get, "/api/v1/dossiers/{code}", Access::anyone(), echo("one"));
    router.add(Verb::get, "/api/v1/dossiers/search", Access::anyone(), echo("search"));
    router.add(Verb::post, "/api/v1/dossiers/{code}/events", Access::anyone(), echo("event"));
    router.add(Verb::get, "/open311/v2/requests/{code}.json", Access::anyone(), echo("open311"));
    router.add(Verb::get, "/api/v1/agencies/{agency}/dossiers/{id}", Access::anyone(), echo("nested"));
    return router;
}

}  // namespace

TEST_CASE("Router sends a request to the route registered for its verb and path" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto list = router.route(make_request(Verb::get, "/api/v1/dossiers"));
    CHECK(list.result() == beast_http::status::ok);
    CHECK(json_of(list)["route"] == "list");
    CHECK(json_of(router.route(make_request(Verb::post, "/api/v1/dossiers", "{}")))["route"] == "create");
}

TEST_CASE("Router decodes path parameters, keeping '+' literal" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto one = json_of(router.route(make_request(Verb::get, "/api/v1/dossiers/H31.1-250302-0001")));
    CHECK(one["route"] == "one");
    CHECK(one["path"]["code"] == "H31.1-250302-0001");

    const auto encoded = json_of(router.route(make_request(Verb::get, "/api/v1/dossiers/A%2BB%20C")));
    CHECK(encoded["path"]["code"] == "A+B C");
    CHECK(json_of(router.route(make_request(Verb::get, "/api/v1/dossiers/a+b")))["path"]["code"] == "a+b");

    const auto nested = json_of(router.route(make_request(Verb::get, "/api/v1/agencies/H31/dossiers/42")));
    CHECK(nested["path"]["agency"] == "H31");
    CHECK(nested["path"]["id"] == "42");

    const auto event = json_of(router.route(make_request(Verb::post, "/api/v1/dossiers/X-1/events", "{}")));
    CHECK(event["route"] == "event");
    CHECK(event["path"]["code"] == "X-1");
}

TEST_CASE("Router matches a parameter with a literal suffix inside one segment" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto res = router.route(make_request(Verb::get, "/open311/v2/requests/H31-250302-0001.json?key=K1"));
    REQUIRE(res.result() == beast_http::status::ok);
    CHECK(json_of(res)["path"]["code"] == "H31-250302-0001");
    CHECK(json_of(res)["query"]["key"] == "K1");
    // The parameter must not be empty, and the suffix is required.
    CHECK(router.route(make_request(Verb::get, "/open311/v2/requests/.json")).result() ==
          beast_http::status::not_found);
    CHECK(router.route(make_request(Verb::get, "/open311/v2/requests/H31")).result() == beast_http::status::not_found);
}

TEST_CASE("Router prefers a literal segment over a parameter, whatever the order of registration" *
          doctest::test_suite("http")) {
    const Router router = dossier_router();  // {code} was added before "search"
    CHECK(json_of(router.route(make_request(Verb::get, "/api/v1/dossiers/search")))["route"] == "search");
    CHECK(json_of(router.route(make_request(Verb::get, "/api/v1/dossiers/searching")))["route"] == "one");
}

TEST_CASE("Router decodes query parameters with '+' as a space and the first value winning" *
          doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto body =
        json_of(router.route(make_request(Verb::get, "/api/v1/dossiers?page=3&q=Tr%E1%BA%A7n+Th%E1%BB%8B&page=9")));
    CHECK(body["query"]["page"] == "3");
    CHECK(body["query"]["q"] == "Trần Thị");
    CHECK_FALSE(body.contains("path"));
}

TEST_CASE("RouteParams gives every value of a repeated query parameter, and throws for an unknown path parameter" *
          doctest::test_suite("http")) {
    const RouteParams params({{"code", "X"}}, {{"tag", "a"}, {"page", "1"}, {"tag", "b"}});
    CHECK(params.path("code") == "X");
    CHECK_THROWS_AS((void)params.path("id"), std::out_of_range);
    CHECK(params.query_all("tag") == std::vector<std::string>{"a", "b"});
    CHECK(params.query_all("none").empty());
    CHECK_FALSE(params.query("none"));
    CHECK(params.query_items().size() == 3);
}

TEST_CASE("Router answers 400 when a matched route's query string does not decode" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    for (const char* target : {"/api/v1/dossiers?q=%zz", "/api/v1/dossiers?q=%00", "/api/v1/dossiers?q=%C3%28"}) {
        CAPTURE(target);
        const auto res = router.route(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::bad_request);
        CHECK(json_of(res)["error"]["code"] == "invalid_query");
    }
}

TEST_CASE("Router answers 405 with an Allow header when the path exists but the verb does not" *
          doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto res = router.route(make_request(Verb::delete_, "/api/v1/dossiers"));
    CHECK(res.result() == beast_http::status::method_not_allowed);
    CHECK(res[beast_http::field::allow] == "GET, HEAD, POST");
    CHECK(res[beast_http::field::content_type] == "application/json; charset=utf-8");
    CHECK(json_of(res)["error"]["code"] == "method_not_allowed");

    // Verbs of every pattern that matches the path count: POST /{code}/events is not GET /{code}.
    const auto put = router.route(make_request(Verb::put, "/api/v1/dossiers/X-1/events", "{}"));
    CHECK(put.result() == beast_http::status::method_not_allowed);
    CHECK(put[beast_http::field::allow] == "POST");
}

TEST_CASE("Router answers HEAD with the GET handler's headers and no body" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    const auto get = router.route(make_request(Verb::get, "/api/v1/dossiers/X-1"));
    const auto head = router.route(make_request(Verb::head, "/api/v1/dossiers/X-1"));
    CHECK(head.result() == beast_http::status::ok);
    CHECK(head.body().empty());
    CHECK(head[beast_http::field::content_length] == std::to_string(get.body().size()));
    CHECK(head[beast_http::field::content_type] == get[beast_http::field::content_type]);
}

TEST_CASE("Router answers unknown paths under /api with a 404 JSON error" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    for (const char* target : {"/api/v1/nothing", "/api", "/api/", "/api/v1/dossiers/", "/api/v1/dossiers/X/events/1",
                               "/api/v1/nothing?x=%zz"}) {
        CAPTURE(target);
        const auto res = router.route(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::not_found);
        CHECK(res[beast_http::field::content_type] == "application/json; charset=utf-8");
        CHECK(json_of(res)["error"]["code"] == "not_found");
    }
}

TEST_CASE("Router answers 400 for an API path that does not decode" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    for (const char* target : {"/api/v1/dossiers/%zz", "/api/v1/dossiers/%00", "/api/v1/dossiers/%FF"}) {
        CAPTURE(target);
        const auto res = router.route(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::bad_request);
        CHECK(json_of(res)["error"]["code"] == "invalid_path");
    }
}

TEST_CASE("Router answers 400 for a target that is not an absolute path" * doctest::test_suite("http")) {
    const Router router = dossier_router();
    for (const char* target : {"*", "http://example.com/api/v1/dossiers", "api/v1/dossiers"}) {
        CAPTURE(target);
        const auto res = router.route(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::bad_request);
        CHECK(json_of(res)["error"]["code"] == "invalid_target");
    }
}

TEST_CASE("Router sends paths outside /api to the static files, or 404 when there are none" *
          doctest::test_suite("http")) {
    Router router = dossier_router();
    CHECK(router.route(make_request(Verb::get, "/index.html")).result() == beast_http::status::not_found);

    motcua::http::test::TempDir web;
    web.write("index.html", "<!doctype html><title>x</title>");
    router.set_static_files(StaticFiles(web.path()));
    const auto res = router.route(make_request(Verb::get, "/"));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(res.body() == "<!doctype html><title>x</title>");
    // API paths never fall through to the files.
    CHECK(json_of(router.route(make_request(Verb::get, "/api/index.html")))["error"]["code"] == "not_found");
}

TEST_CASE("Router puts the security headers and the request's version and keep-alive on every response" *
          doctest::test_suite("http")) {
    const Router router = dossier_router();
    for (const auto& req : {make_request(Verb::get, "/api/v1/dossiers"), make_request(Verb::get, "/api/none"),
                            make_request(Verb::patch, "/api/v1/dossiers"), make_request(Verb::get, "/nothing")}) {
        CAPTURE(req.target());
        const auto res = router.route(req);
        CHECK(res["Content-Security-Policy"].find("default-src 'self'") != std::string::npos);
        CHECK(res["X-Content-Type-Options"] == "nosniff");
        CHECK(res["X-Frame-Options"] == "DENY");
        CHECK(res["Referrer-Policy"] == "no-referrer");
        CHECK(res[beast_http::field::server] == "motcua");
        CHECK(res[beast_http::field::cache_control] == "no-store");
        CHECK(res.version() == 11);
        CHECK(res.keep_alive());
        CHECK(res[beast_http::field::content_length] == std::to_string(res.body().size()));
    }
    auto closing = make_request(Verb::get, "/api/v1/dossiers");
    closing.keep_alive(false);
    CHECK_FALSE(router.route(closing).keep_alive());
    const auto old = router.route(make_request(Verb::get, "/api/v1/dossiers", {}, 10));
    CHECK(old.version() == 10);
    CHECK_FALSE(old.keep_alive());
}

TEST_CASE("Router keeps a Cache-Control header that a handler set" * doctest::test_suite("http")) {
    Router router;
    router.add(Verb::get, "/api/v1/catalogue", Access::anyone(), [](const Request& req, const RouteParams&) {
        auto res = json_response(beast_http::status::ok, nlohmann::json::array(), req);
        res.set(beast_http::field::cache_control, "max-age=60");
        return res;
    });
    CHECK(router.route(make_request(Verb::get, "/api/v1/catalogue"))[beast_http::field::cache_control] ==
          "max-age=60");
}

TEST_CASE("Router refuses malformed patterns and duplicate routes" * doctest::test_suite("http")) {
    Router router;
    const Handler handler = echo("x");
    for (const char* pattern : {"", "api", "/a//b", "/a/", "/a/{", "/a/}", "/a/{}", "/a/{x}{y}", "/a/{X}",
                                "/a/{x}/{x}", "/a/}x{"}) {
        CAPTURE(pattern);
        CHECK_THROWS_AS(router.add(Verb::get, pattern, Access::anyone(), handler), std::invalid_argument);
    }
    CHECK_THROWS_AS(router.add(Verb::get, "/a", Access::anyone(), Handler{}), std::invalid_argument);
    router.add(Verb::get, "/a/{x}", Access::anyone(), handler);
    CHECK_THROWS_AS(router.add(Verb::get, "/a/{y}", Access::anyone(), handler), std::invalid_argument);
    CHECK_NOTHROW(router.add(Verb::post, "/a/{y}", Access::anyone(), handler));
    CHECK_NOTHROW(router.add(Verb::get, "/a/{y}.json", Access::anyone(), handler));
    CHECK_NOTHROW(router.add(Verb::get, "/", Access::anyone(), handler));
}

TEST_CASE("Router lets a handler's exception reach the caller" * doctest::test_suite("http")) {
    Router router;
    router.add(Verb::get, "/api/boom", Access::anyone(), [](const Request&, const RouteParams&) -> Response {
        throw std::runtime_error("database is locked");
    });
    CHECK_THROWS_AS((void)router.route(make_request(Verb::get, "/api/boom")), std::runtime_error);
}

TEST_CASE("a load balancer named with --trusted-proxy vouches for the client in X-Forwarded-For, any other peer does not") {
    Router router;
    router.set_client_policy(ClientAddressPolicy{true, {"10.0.0.5", "fd00::5"}});
    Request req = make_request(Verb::get, "/x");
    req.set("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
    CHECK(router.client_address(req, "10.0.0.5") == "203.0.113.9");  // the entry the balancer appended
    CHECK(router.client_address(req, "fd00::5") == "203.0.113.9");
    CHECK(router.client_address(req, "10.0.0.6") == "10.0.0.6");  // not listed: the socket peer
    CHECK(router.client_address(req, "127.0.0.1") == "203.0.113.9");  // loopback stays trusted
    router.set_client_policy(ClientAddressPolicy{false, {}});
    CHECK(router.client_address(req, "127.0.0.1") == "127.0.0.1");
}

namespace {

// A staged write route (decision 0044) whose write stage appends to `log` (standing for the writer's services): the
// body must be a JSON object with a string "name"; the write returns the name's length; the answer sends it.
void add_staged_greeting(Router& router, std::vector<std::string>& log) {
    router.set_gate([](const Request& req, const Access&) -> motcua::core::Result<motcua::core::Principal> {
        if (req["Authorization"] != "clerk")
            return motcua::core::fail(motcua::core::ErrorKind::unauthenticated, "please log in", "", "login_required");
        motcua::core::Principal who;
        who.user.username = "clerk1";
        return who;
    });
    router.add(Verb::post, "/api/v1/greetings", Access::staff(),
               make_staged<std::string, std::size_t>(
                   [](const Request& req, const RouteParams&) -> std::variant<Response, std::string> {
                       const auto body = nlohmann::json::parse(req.body(), nullptr, false);
                       if (!body.is_object() || !body.contains("name") || !body["name"].is_string())
                           return json_response(beast_http::status::bad_request, {{"error", "name"}}, req);
                       return body["name"].get<std::string>();
                   },
                   [&log](const std::string& name, const RouteParams& params) {
                       log.push_back(params.principal().user.username + " greets " + name);
                       return name.size();
                   },
                   [](const std::size_t& length, const Request& req) {
                       return json_response(beast_http::status::created, {{"length", length}}, req);
                   }));
    router.add(Verb::post, "/api/v1/other", Access::anyone(), echo("other"));
}

Request greeting(std::string body, bool logged_in = true) {
    Request req = make_request(Verb::post, "/api/v1/greetings", std::move(body));
    if (logged_in) req.set("Authorization", "clerk");
    req.prepare_payload();
    return req;
}

}  // namespace

TEST_CASE("Router answers a staged route by running its prepare, write and answer stages in a row" *
          doctest::test_suite("http")) {
    std::vector<std::string> log;
    Router router;
    add_staged_greeting(router, log);
    const auto res = router.route(greeting(R"({"name":"Lan"})"));
    CHECK(res.result() == beast_http::status::created);
    CHECK(json_of(res)["length"] == 3);
    CHECK(log == std::vector<std::string>{"clerk1 greets Lan"});
    CHECK(router.route(greeting(R"({"nom":"Lan"})")).result() == beast_http::status::bad_request);
    CHECK(router.route(greeting(R"({"name":"Lan"})", false)).result() == beast_http::status::unauthorized);
    CHECK(log.size() == 1);
}

TEST_CASE("an offloaded staged write is checked and decoded on one router, written by another, answered by the first" *
          doctest::test_suite("http")) {
    std::vector<std::string> here_log, writer_log;
    Router here, writer;  // the server thread's side and the writer's, built alike (as the app builds both)
    add_staged_greeting(here, here_log);
    add_staged_greeting(writer, writer_log);

    const Request req = greeting(R"({"name":"Ngọc"})");
    PreparedWrite prepared = here.prepare_write(req, "127.0.0.1");
    REQUIRE(prepared.next == PreparedWrite::Next::write);
    CHECK(prepared.params.principal().user.username == "clerk1");
    CHECK(here_log.empty());  // nothing written while preparing
    std::any output = writer.write_prepared(prepared);
    CHECK(writer_log == std::vector<std::string>{"clerk1 greets Ngọc"});
    CHECK(here_log.empty());
    const Response res = here.answer_prepared(prepared, output, req);
    CHECK(res.result() == beast_http::status::created);
    CHECK(json_of(res)["length"] == std::string("Ngọc").size());
    // Finished as route() finishes every answer.
    CHECK(res[beast_http::field::cache_control] == "no-store");
    CHECK(res[beast_http::field::content_length] == std::to_string(res.body().size()));
    CHECK(res.version() == req.version());

    // Refused or undecodable requests are answered on the first router, finished, and never reach a writer.
    for (const auto& [refused, status] : {std::pair{greeting(R"({"name":"Lan"})", false), 401u},
                                          std::pair{greeting("[1,2]"), 400u}}) {
        PreparedWrite answered = here.prepare_write(refused, "127.0.0.1");
        REQUIRE(answered.next == PreparedWrite::Next::answer);
        CHECK(answered.answered.result_int() == status);
        CHECK(answered.answered[beast_http::field::cache_control] == "no-store");
        CHECK_THROWS_AS((void)writer.write_prepared(answered), std::logic_error);
    }
    CHECK(writer_log.size() == 1);

    // Any other request is left whole to the writer, as before.
    Request other = make_request(Verb::post, "/api/v1/other", "{}");
    CHECK(here.prepare_write(other, "127.0.0.1").next == PreparedWrite::Next::route);
    Request unknown = make_request(Verb::post, "/api/v1/nothing", "{}");
    CHECK(here.prepare_write(unknown, "127.0.0.1").next == PreparedWrite::Next::route);

    // A writer whose table lacks the route refuses the write instead of running another route's.
    Router bare;
    bare.add(Verb::post, "/api/v1/other", Access::anyone(), echo("other"));
    PreparedWrite again = here.prepare_write(req, "127.0.0.1");
    CHECK_THROWS_AS((void)bare.write_prepared(again), std::logic_error);
}
