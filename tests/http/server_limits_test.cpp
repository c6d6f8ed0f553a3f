// The server's limits on what one client may send or hold open (issue #7, "Bad input").
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "http/json_response.hpp"
#include "http/server.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using namespace std::chrono_literals;
using motcua::http::test::json_of;
using motcua::http::test::make_request;
using motcua::http::test::ServerThread;
using motcua::http::test::TestClient;
using motcua::http::test::test_options;

namespace {

/// POST /api/echo and POST /public/echo answer the body's size; GET /api/ping answers 200.
Router echo_router() {
    Router router;
    const auto echo = [](const Request& req, const RouteParams&) {
        return json_response(beast_http::status::ok, {{"size", req.body().size()}}, req);
    };
    router.add(Verb::post, "/api/echo", Access::anyone(), echo);
    router.add(Verb::get, "/api/ping", Access::anyone(), [](const Request& req, const RouteParams&) {
        return json_response(beast_http::status::ok, {{"pong", true}}, req);
    });
    return router;
}

Request with_content_type(Request req, std::string_view type) {
    if (type.empty()) {
        req.erase(beast_http::field::content_type);
    } else {
        req.set(beast_http::field::content_type, type);
    }
    return req;
}

}  // namespace

TEST_CASE("A body sent to the API with a content type other than JSON answers 400 unsupported_media_type" *
          doctest::test_suite("http")) {
    const Router router = echo_router();
    ServerThread server(router);
    for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"}) {
        CAPTURE(type);
        TestClient client(server.port());
        const auto res = client.request(with_content_type(make_request(Verb::post, "/api/echo", "{}"), type));
        CHECK(res.result() == beast_http::status::bad_request);
        CHECK(json_of(res)["error"]["code"] == "unsupported_media_type");
        CHECK(res["X-Content-Type-Options"] == "nosniff");
    }
    TestClient client(server.port());
    const auto ok = client.request(make_request(Verb::post, "/api/echo", "{\"a\":1}"));
    CHECK(ok.result() == beast_http::status::ok);
    CHECK(json_of(ok)["size"] == 7);
}

TEST_CASE("Headers above the header limit answer 431 and close" * doctest::test_suite("http")) {
    const Router router = echo_router();
    auto options = test_options();
    options.header_limit = 2048;
    ServerThread server(router, options);
    TestClient client(server.port());
    auto req = make_request(Verb::get, "/api/ping");
    req.set("X-Padding", std::string(4096, 'x'));
    const auto res = client.request(std::move(req));
    CHECK(res.result() == beast_http::status::request_header_fields_too_large);
    CHECK(json_of(res)["error"]["code"] == "header_too_large");
    CHECK(client.closed_by_server());
    // A request within the limit is served.
    TestClient again(server.port());
    CHECK(again.request(make_request(Verb::get, "/api/ping")).result() == beast_http::status::ok);
}

TEST_CASE("A client holding more connections than allowed gets 503 on the extra ones, and service resumes" *
          doctest::test_suite("http")) {
    const Router router = echo_router();
    auto options = test_options();
    options.max_connections_per_client = 3;
    ServerThread server(router, options);
    {
        // Three slow clients that sent half a request line each hold their connections...
        std::vector<std::unique_ptr<TestClient>> slow;
        for (int i = 0; i < 3; ++i) {
            slow.push_back(std::make_unique<TestClient>(server.port()));
            slow.back()->send_raw("GET /api/pi");
        }
        // ...so a fourth is refused at once instead of waiting for a socket.
        TestClient extra(server.port());
        const auto refused = extra.receive();
        CHECK(refused.result() == beast_http::status::service_unavailable);
        CHECK(json_of(refused)["error"]["code"] == "too_many_connections");
        CHECK(refused["Retry-After"] == "1");
        // The slow ones are still served when they finish their requests.
        slow.front()->send_raw("ng HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(slow.front()->receive().result() == beast_http::status::ok);
    }
    // Once they are gone, new connections are served again.
    TestClient later(server.port());
    CHECK(later.request(make_request(Verb::get, "/api/ping")).result() == beast_http::status::ok);
}

TEST_CASE("A slow client that never finishes its headers is cut off at the read timeout" * doctest::test_suite("http")) {
    const Router router = echo_router();
    auto options = test_options();
    options.read_timeout = 1s;
    ServerThread server(router, options);
    TestClient client(server.port(), 4s);
    const auto start = std::chrono::steady_clock::now();
    client.send_raw("GET /api/ping HTTP/1.1\r\nHost: x\r\nX-A: ");
    std::this_thread::sleep_for(300ms);
    client.send_raw("b");  // a trickle of bytes does not extend the budget
    CHECK(client.closed_by_server());
    CHECK(std::chrono::steady_clock::now() - start < 3s);
}
