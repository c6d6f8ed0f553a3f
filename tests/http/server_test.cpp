#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "http/health.hpp"
#include "http/json_response.hpp"
#include "http/server.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using namespace std::chrono_literals;
using motcua::http::test::json_of;
using motcua::http::test::make_request;
using motcua::http::test::ServerThread;
using motcua::http::test::TempDir;
using motcua::http::test::TestClient;
using motcua::http::test::test_options;

namespace {

/// /healthz, POST /api/echo (answers the body's size), GET /api/boom (throws).
Router test_router() {
    Router router;
    add_health_routes(router);
    router.add(Verb::post, "/api/echo", Access::anyone(), [](const Request& req, const RouteParams&) {
        return json_response(beast_http::status::ok, {{"size", req.body().size()}}, req);
    });
    router.add(Verb::get, "/api/boom", Access::anyone(), [](const Request&, const RouteParams&) -> Response {
        throw std::runtime_error("secret detail: /var/lib/motcua.db is locked");
    });
    return router;
}

ServerOptions small_body_limit() {
    auto options = test_options();
    options.body_limit = 1024;
    return options;
}

}  // namespace

TEST_CASE("Server answers /healthz over TCP with the security headers and a request id" *
          doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    CHECK(server.port() != 0);
    TestClient client(server.port());
    const auto res = client.request(make_request(Verb::get, "/healthz"));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(json_of(res) == nlohmann::json{{"status", "ok"}});
    CHECK(res["Content-Security-Policy"] ==
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
          "base-uri 'none'; form-action 'self'");
    CHECK(res["X-Content-Type-Options"] == "nosniff");
    CHECK(res["X-Frame-Options"] == "DENY");
    CHECK(res["Referrer-Policy"] == "no-referrer");
    CHECK(res[beast_http::field::server] == "motcua");
    CHECK_FALSE(res["X-Request-Id"].empty());
}

TEST_CASE("Server keeps a connection alive for a second request" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    TestClient client(server.port());
    const auto first = client.request(make_request(Verb::get, "/healthz"));
    CHECK(first.result() == beast_http::status::ok);
    CHECK(first.keep_alive());
    const auto second = client.request(make_request(Verb::post, "/api/echo", R"({"a":1})"));
    CHECK(second.result() == beast_http::status::ok);
    CHECK(json_of(second)["size"] == 7);
    CHECK(first["X-Request-Id"] != second["X-Request-Id"]);
}

TEST_CASE("Server closes the connection after answering an HTTP/1.0 request" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    TestClient client(server.port());
    const auto res = client.request(make_request(Verb::get, "/healthz", {}, 10));
    CHECK(res.result() == beast_http::status::ok);
    CHECK_FALSE(res.keep_alive());
    CHECK(client.closed_by_server());
}

TEST_CASE("Server answers 413 when Content-Length exceeds the body limit, and closes" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router, small_body_limit());
    TestClient client(server.port());
    client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" +
                    std::string(4096, 'x'));
    const auto res = client.receive();
    CHECK(res.result() == beast_http::status::payload_too_large);
    CHECK(json_of(res)["error"]["code"] == "payload_too_large");
    CHECK(res["X-Content-Type-Options"] == "nosniff");
    CHECK_FALSE(res.keep_alive());
    CHECK(client.closed_by_server());
}

TEST_CASE("Server answers 413 when a chunked body grows past the limit" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router, small_body_limit());
    TestClient client(server.port());
    client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
                    std::string(0x800, 'x') + "\r\n0\r\n\r\n");
    const auto res = client.receive();
    CHECK(res.result() == beast_http::status::payload_too_large);
    CHECK(json_of(res)["error"]["code"] == "payload_too_large");
}

TEST_CASE("Server accepts a body exactly at the limit" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router, small_body_limit());
    TestClient client(server.port());
    const auto res = client.request(make_request(Verb::post, "/api/echo", std::string(1024, 'x')));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(json_of(res)["size"] == 1024);
}

TEST_CASE("Server says 100 Continue only to a body that fits" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router, small_body_limit());
    {
        TestClient client(server.port());
        client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\n"
                        "Content-Length: 5\r\n\r\n");
        CHECK(client.receive().result() == beast_http::status::continue_);
        client.send_raw("hello");
        const auto res = client.receive();
        CHECK(res.result() == beast_http::status::ok);
        CHECK(json_of(res)["size"] == 5);
    }
    {
        TestClient client(server.port());
        client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
        CHECK(client.receive().result() == beast_http::status::payload_too_large);
    }
}

TEST_CASE("Server answers 400 to a request that is not HTTP, and closes" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    for (const char* garbage : {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                                "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                                "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"}) {
        CAPTURE(garbage);
        TestClient client(server.port());
        client.send_raw(garbage);
        const auto res = client.receive();
        CHECK(res.result() == beast_http::status::bad_request);
        CHECK(json_of(res)["error"]["code"] == "bad_request");
        CHECK(res["Referrer-Policy"] == "no-referrer");
        CHECK(client.closed_by_server());
    }
}

TEST_CASE("Server answers 500 with a request id and no exception text when a handler throws" *
          doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    TestClient client(server.port());
    const auto res = client.request(make_request(Verb::get, "/api/boom"));
    CHECK(res.result() == beast_http::status::internal_server_error);
    const auto body = json_of(res);
    CHECK(body["error"]["code"] == "internal");
    const std::string id(res["X-Request-Id"]);
    REQUIRE_FALSE(id.empty());
    CHECK(body["error"]["message"] == "internal error (request id " + id + ")");
    CHECK(res.body().find("secret") == std::string::npos);
    CHECK(res["Content-Security-Policy"].starts_with("default-src"));
    // The connection survives for the next request.
    CHECK(client.request(make_request(Verb::get, "/healthz")).result() == beast_http::status::ok);
}

TEST_CASE("Server answers HEAD for a static file without a body, keeping the connection in step" *
          doctest::test_suite("http")) {
    TempDir web;
    web.write("index.html", "<!doctype html><title>motcua</title>");
    Router router = test_router();
    router.set_static_files(StaticFiles(web.path()));
    ServerThread server(router);
    TestClient client(server.port());
    const auto head = client.request(make_request(Verb::head, "/"));
    CHECK(head.result() == beast_http::status::ok);
    CHECK(head[beast_http::field::content_length] == "36");
    CHECK(head.body().empty());
    const auto get = client.request(make_request(Verb::get, "/"));
    CHECK(get.body() == "<!doctype html><title>motcua</title>");
}

TEST_CASE("Server.stop returns promptly while an idle keep-alive connection is open" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread server(router);
    TestClient client(server.port());
    CHECK(client.request(make_request(Verb::get, "/healthz")).result() == beast_http::status::ok);
    CHECK(server.stop_and_join() < 1000ms);
    CHECK(client.closed_by_server());
}

TEST_CASE("Server.stop before run makes run return at once" * doctest::test_suite("http")) {
    const Router router = test_router();
    Server server(test_options(), router);
    server.stop();
    const auto start = std::chrono::steady_clock::now();
    server.run();
    CHECK(std::chrono::steady_clock::now() - start < 1000ms);
}

TEST_CASE("Server lets a request in flight finish when stopped" * doctest::test_suite("http")) {
    std::promise<void> entered;
    Router router;
    router.add(Verb::get, "/api/slow", Access::anyone(), [&entered](const Request& req, const RouteParams&) {
        entered.set_value();
        std::this_thread::sleep_for(300ms);
        return json_response(beast_http::status::ok, {{"done", true}}, req);
    });
    ServerThread server(router);
    auto answer = std::async(std::launch::async, [port = server.port()] {
        TestClient client(port);
        return client.request(make_request(Verb::get, "/api/slow"));
    });
    entered.get_future().wait();
    CHECK(server.stop_and_join() < 2000ms);
    const auto res = answer.get();
    CHECK(res.result() == beast_http::status::ok);
    CHECK(json_of(res)["done"] == true);
}

TEST_CASE("Server cuts off a stalled request when the grace period ends" * doctest::test_suite("http")) {
    const Router router = test_router();
    auto options = test_options();
    options.shutdown_grace = 1s;
    ServerThread server(router, options);
    TestClient client(server.port());
    client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    std::this_thread::sleep_for(300ms);  // let the server read the header: the request is now in flight
    const auto took = server.stop_and_join();
    CHECK(took >= 800ms);
    CHECK(took < 3000ms);
}

TEST_CASE("Server closes a connection that sends nothing within the read timeout" * doctest::test_suite("http")) {
    const Router router = test_router();
    auto options = test_options();
    options.read_timeout = 1s;
    ServerThread server(router, options);
    TestClient client(server.port(), 4s);
    const auto start = std::chrono::steady_clock::now();
    CHECK(client.closed_by_server());
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= 800ms);
    CHECK(waited < 3000ms);
}

TEST_CASE("Server reports a port in use with a clear system_error" * doctest::test_suite("http")) {
    const Router router = test_router();
    ServerThread first(router);
    auto options = test_options();
    options.port = first.port();
    try {
        Server second(options, router);
        FAIL("a second server bound the same port");
    } catch (const std::system_error& e) {
        CHECK(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) !=
              std::string::npos);
        CHECK(e.code() == std::errc::address_in_use);
    }
}

TEST_CASE("Server resolves a host name" * doctest::test_suite("http")) {
    const Router router = test_router();
    auto options = test_options();
    options.host = "localhost";
    ServerThread server(router, options);
    TestClient client(server.port());
    CHECK(client.request(make_request(Verb::get, "/healthz")).result() == beast_http::status::ok);
}

TEST_CASE("Server keeps answering reads while an offloaded write waits, then sends the write's answer" *
          doctest::test_suite("http")) {
    const Router router = test_router();
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::thread writer;
    // The offload answers on its own thread, once released (as a group-commit batch answers after its COMMIT).
    Offload offload = [&](Request req, std::string peer, Completion done) {
        writer = std::thread([&router, released, req = std::move(req), peer, done = std::move(done)]() mutable {
            released.wait();
            done(nullptr, router.route(req, peer));
        });
    };
    {
        ServerThread server(router, offload);
        TestClient writing(server.port());
        auto post = make_request(Verb::post, "/api/echo", R"({"abc":1})");
        writing.send(post);
        TestClient reading(server.port());
        CHECK(reading.request(make_request(Verb::get, "/healthz")).result() == beast_http::status::ok);
        release.set_value();
        const auto res = writing.receive();
        CHECK(res.result() == beast_http::status::ok);
        CHECK(json_of(res)["size"] == 9);
        writer.join();
    }
}

TEST_CASE("Server answers 500 with a request id when an offloaded write fails" * doctest::test_suite("http")) {
    const Router router = test_router();
    Offload offload = [](Request, std::string, Completion done) {
        done(std::make_exception_ptr(std::runtime_error("secret: the batch could not commit")), Response{});
    };
    ServerThread server(router, offload);
    TestClient client(server.port());
    const auto res = client.request(make_request(Verb::post, "/api/echo", "{}"));
    CHECK(res.result() == beast_http::status::internal_server_error);
    CHECK(json_of(res)["error"]["code"] == "internal");
    CHECK(res.body().find("secret") == std::string::npos);
    CHECK(client.request(make_request(Verb::get, "/healthz")).result() == beast_http::status::ok);
}
