#pragma once
// Shared helpers for the http tests (header-only): requests, a server running on its own thread, a client with a
// timeout on every operation, a browser-like API client, and a temporary directory.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include "http/router.hpp"
#include "http/server.hpp"

namespace motcua::http::test {

/// A request as a client would send it: Host set, Content-Length matching `body`.
inline Request make_request(Verb verb, std::string_view target, std::string body = {}, unsigned version = 11) {
    Request req{verb, target, version};
    req.set(beast_http::field::host, "127.0.0.1");
    if (!body.empty()) req.set(beast_http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
}

/// The JSON body of a response; fails the test (throws) when it is not JSON.
inline nlohmann::json json_of(const Response& res) { return nlohmann::json::parse(res.body()); }

/// Options for a test server: a free port, short timeouts so a failing test fails fast.
inline ServerOptions test_options() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.read_timeout = std::chrono::seconds(5);
    options.shutdown_grace = std::chrono::seconds(2);
    return options;
}

/// A Server running on its own thread for the lifetime of this object. `router` must outlive it.
class ServerThread {
public:
    explicit ServerThread(const Router& router, ServerOptions options = test_options())
        : server_(std::move(options), router), thread_([this] { server_.run(); }) {}
    /// With group commit: write requests go to `writes` (app::Application::writes()).
    ServerThread(const Router& router, Offload writes, ServerOptions options = test_options())
        : server_(std::move(options), router, std::move(writes)), thread_([this] { server_.run(); }) {}
    ~ServerThread() { stop_and_join(); }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    [[nodiscard]] unsigned short port() const noexcept { return server_.port(); }
    [[nodiscard]] Server& server() noexcept { return server_; }

    /// Calls stop() and waits for run() to return; returns how long that took. Later calls return zero.
    std::chrono::milliseconds stop_and_join() {
        if (!thread_.joinable()) return std::chrono::milliseconds(0);
        const auto start = std::chrono::steady_clock::now();
        server_.stop();
        thread_.join();
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    }

    /// Waits for run() to return without asking it to stop (for tests where something else stops it).
    void join() {
        if (thread_.joinable()) thread_.join();
    }

private:
    Server server_;
    std::thread thread_;
};

/// One client connection to 127.0.0.1:`port`. Every operation times out (5 s by default) and then throws, so a
/// broken server fails a test instead of hanging it.
class TestClient {
public:
    explicit TestClient(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : stream_(ioc_), timeout_(timeout) {
        const boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
        check(run([&](auto done) { stream_.async_connect(endpoint, [done](auto ec) { done(ec, 0); }); }), "connect");
    }

    /// Sends `req` and reads the response (a HEAD response is read without a body).
    Response request(Request req) {
        send(req);
        return receive(req.method() == Verb::head);
    }

    void send(Request& req) {
        check(run([&](auto done) { beast_http::async_write(stream_, req, done); }), "write request");
    }

    void send_raw(std::string_view bytes) {
        check(run([&](auto done) { boost::asio::async_write(stream_, boost::asio::buffer(bytes), done); }),
              "write bytes");
    }

    /// Reads one response. `head`: the request was HEAD, so there is no body whatever Content-Length says.
    Response receive(bool head = false) {
        beast_http::response_parser<beast_http::string_body> parser;
        parser.body_limit(boost::none);
        if (head) parser.skip(true);
        check(run([&](auto done) { beast_http::async_read(stream_, buffer_, parser, done); }), "read response");
        return parser.release();
    }

    /// Reads raw bytes until the server closes the connection; throws on timeout.
    std::string receive_until_close() {
        std::string received(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        buffer_.consume(buffer_.size());
        char chunk[4096];
        for (;;) {
            std::size_t got = 0;
            const auto ec = run([&](auto done) {
                stream_.async_read_some(boost::asio::buffer(chunk), [&got, done](auto read_ec, std::size_t n) {
                    got = n;
                    done(read_ec, n);
                });
            });
            received.append(chunk, got);
            if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) return received;
            check(ec, "read until close");
        }
    }

    /// True when the server has closed the connection (the next read ends the stream) within the timeout.
    bool closed_by_server() {
        try {
            return receive_until_close().empty();
        } catch (const std::exception&) {
            return false;
        }
    }

private:
    // Starts one asynchronous operation and runs the io_context until it completes or the timeout closes the
    // stream.
    template <typename Start>
    boost::system::error_code run(Start start) {
        boost::system::error_code result = boost::asio::error::would_block;
        stream_.expires_after(timeout_);
        start([&result](boost::system::error_code ec, std::size_t) { result = ec; });
        ioc_.restart();
        ioc_.run();
        return result;
    }

    static void check(const boost::system::error_code& ec, const char* what) {
        if (ec) throw std::runtime_error(std::string("test client: ") + what + ": " + ec.message());
    }

    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::chrono::milliseconds timeout_;
};

/// What an API call answered: the status, the body as JSON (null when empty, `is_discarded()` when not JSON), the
/// raw body, its Content-Type and the whole response.
struct Reply {
    unsigned status = 0;
    nlohmann::json body;
    std::string raw;
    std::string content_type;
    Response response;
};

/// Header name and value pairs added to a request.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// A browser-like API client: keeps the session cookie and the CSRF token between calls, as the web pages do. Each
/// request goes through `transport`: a new connection to a test server (ApiClient(port)), or the router directly.
class ApiClient {
public:
    using Transport = std::function<Response(Request)>;

    explicit ApiClient(Transport transport) : transport_(std::move(transport)) {}
    explicit ApiClient(unsigned short port)
        : transport_([port](Request req) { return TestClient(port).request(std::move(req)); }) {}

    /// `raw_body` sent as is with `content_type` (when not empty), the session's cookie and CSRF token, `headers`.
    Reply send(Verb verb, const std::string& target, std::string raw_body,
               const std::string& content_type = "application/json", const Headers& headers = {}) {
        Request req = make_request(verb, target, std::move(raw_body));
        if (!req.body().empty()) req.set(beast_http::field::content_type, content_type);
        if (!cookie_.empty()) req.set(beast_http::field::cookie, cookie_);
        if (!csrf_.empty() && verb != Verb::get) req.set("X-CSRF-Token", csrf_);
        for (const auto& [name, value] : headers) req.set(name, value);
        req.prepare_payload();
        Response res = transport_(std::move(req));
        if (auto c = res.find(beast_http::field::set_cookie); c != res.end()) {
            const std::string v(c->value());
            cookie_ = v.substr(0, v.find(';'));
        }
        Reply r{res.result_int(), nlohmann::json(), res.body(), std::string(res[beast_http::field::content_type]), res};
        if (!res.body().empty()) r.body = nlohmann::json::parse(res.body(), nullptr, false);
        return r;
    }

    /// `body` as JSON (no body when null).
    Reply call(Verb verb, const std::string& target, const nlohmann::json& body = nullptr, const Headers& headers = {}) {
        return send(verb, target, body.is_null() ? std::string() : body.dump(), "application/json", headers);
    }

    /// Logs in afresh (the previous session forgotten) and keeps the new session's CSRF token; throws unless the
    /// login is accepted.
    void login(const std::string& user, const std::string& password) {
        forget_session();
        const Reply r = call(Verb::post, "/api/v1/auth/login", {{"username", user}, {"password", password}});
        if (r.status != 200 || !r.body.contains("csrf_token"))
            throw std::runtime_error("test login of " + user + " answered " + std::to_string(r.status) + ": " + r.raw);
        csrf_ = r.body.at("csrf_token").get<std::string>();
    }

    /// Sends no CSRF token from now on (the cookie is kept): what a forged cross-site request looks like.
    void forget_csrf() { csrf_.clear(); }
    /// Sends neither cookie nor CSRF token from now on.
    void forget_session() {
        cookie_.clear();
        csrf_.clear();
    }

private:
    Transport transport_;
    std::string cookie_;
    std::string csrf_;
};

/// A fresh directory under the system's temporary directory, removed with everything in it at the end.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() / ("motcua-http-test-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

    /// Writes `content` to `relative` below the directory, creating parent directories.
    void write(const std::filesystem::path& relative, std::string_view content) const {
        const auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) throw std::runtime_error("cannot write " + file.string());
    }

private:
    std::filesystem::path path_;
};

}  // namespace motcua::http::test
