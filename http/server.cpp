#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <cstdint>
#include <exception>
#include <iomanip>
#include <list>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"
#include "http/log.hpp"
#include "http/response_head.hpp"
#include "http/standard_headers.hpp"
#include "http/url.hpp"
#include "core/time.hpp"

namespace motcua::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

// Asynchronous operations report expected failures (end of stream, timeouts, cancellation) as values.
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// How long a connection we are closing after an error may keep sending before we stop reading it (see
// lingering_close).
constexpr std::chrono::seconds kLingerTime{2};

/// Appends text from the request line to `out`, made safe for a log line: control bytes become '?', and it is cut
/// at 200 bytes ("..." marks the cut); "-" when it is empty.
void append_loggable(std::string& out, std::string_view text) {
    if (text.empty()) {
        out += '-';
        return;
    }
    const std::size_t from = out.size();
    out.append(text.substr(0, 200));
    std::replace_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, '?');
    if (text.size() > 200) out += "...";
}

std::string loggable(std::string_view text) {
    std::string out;
    append_loggable(out, text);
    return out;
}

void log_uncaught(std::string_view where, std::exception_ptr error) {
    if (!error) return;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        log_line("error", std::string(where) + " ended by an exception: " + e.what());
    } catch (...) {
        log_line("error", std::string(where) + " ended by an unknown exception");
    }
}

/// True for the errors Beast reports when the bytes received are not a valid HTTP request.
bool is_parse_error(const error_code& ec) {
    return ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category() &&
           ec != beast_http::error::end_of_stream && ec != beast_http::error::partial_message;
}

/// An error answer made by the server itself, complete with the standard headers.
Response server_error(beast_http::status status, std::string_view code, std::string_view message,
                      unsigned version, bool keep_alive) {
    Response res = json_response(status, error_body(code, message), version, keep_alive);
    res.set(beast_http::field::cache_control, "no-store");
    apply_standard_headers(res);
    return res;
}

}  // namespace

class Server::Impl {
public:
    Impl(ServerOptions options, const Router& router, Offload writes);
    ~Impl() { destroying_ = true; }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    [[nodiscard]] unsigned short port() const noexcept { return port_; }
    void run();
    void stop() {
        net::post(ioc_, [this] { begin_shutdown(); });
    }

private:
    // What a connection is doing, which decides what shutdown does to it.
    enum class SessionState {
        idle,     // waiting for the next request: closed at once on shutdown
        busy,     // reading a request, running it or writing its answer: given the grace period
        closing,  // draining a connection we are closing: closed at once on shutdown
    };
    struct SessionEntry {
        beast::tcp_stream* stream;
        SessionState state;
    };
    using Sessions = std::list<SessionEntry>;

    net::awaitable<void> accept_loop();
    net::awaitable<void> session(tcp::socket socket);
    net::awaitable<void> reject(beast::tcp_stream& stream, SessionEntry& entry, const error_code& ec, std::size_t limit,
                                const beast_http::request_parser<beast_http::string_body>& parser,
                                const std::string& request_id, std::chrono::steady_clock::time_point started);
    net::awaitable<void> lingering_close(beast::tcp_stream& stream, SessionEntry& entry);
    Response answer(const Request& req, const std::string& peer, const std::string& request_id) const;
    net::awaitable<Response> answer_offloaded(Request req, const std::string& peer, const std::string& request_id);
    Response internal_error(const std::string& request_id, std::string_view method, std::string_view target,
                            const std::string& what, unsigned version, bool keep_alive, bool head) const;

    void arm_signals();
    void begin_shutdown();
    void force_close();
    void end_session(Sessions::iterator entry);
    void finish_if_drained();

    std::string next_request_id();
    /// The upload route `target` (its path) is for, or nullptr.
    [[nodiscard]] const UploadRoute* upload_route(Verb verb, std::string_view target) const;
    [[nodiscard]] std::size_t body_limit_for(Verb verb, std::string_view target) const;
    /// Posts Router::end_batch once for the requests answered on this thread since the last one ran: the reads they
    /// share end when the handlers that were ready have run (decision 0041). Its exceptions are logged.
    void schedule_batch_end();
    void log_request(const std::string& request_id, std::string_view method, std::string_view target,
                     unsigned status, std::chrono::steady_clock::time_point started);
    void flush_log();

    // Declared first so that it is destroyed last: the io_context may destroy suspended coroutines, whose
    // clean-up checks this flag before touching the members below.
    bool destroying_ = false;
    net::io_context ioc_{1};
    ServerOptions options_;
    const Router& router_;
    Offload writes_;
    tcp::acceptor acceptor_{ioc_};
    net::steady_timer grace_timer_{ioc_};
    std::optional<net::signal_set> signals_;
    unsigned short port_ = 0;
    bool shutting_down_ = false;
    Sessions sessions_;
    std::map<net::ip::address, std::size_t> per_client_;  // open connections by peer address
    std::uint32_t request_id_prefix_ = 0;
    std::uint64_t request_count_ = 0;
    std::size_t largest_body_limit_ = 0;  // the largest of body_limit and the upload routes' limits
    std::string pending_log_;  // request lines not yet written (log_request)
    bool log_flush_posted_ = false;
    bool batch_end_posted_ = false;
    std::chrono::sys_seconds log_second_{};
    std::string log_stamp_;
};

namespace {

// Whether `path` matches a route pattern whose "{…}" segments match any one non-empty segment.
bool matches_pattern(std::string_view pattern, std::string_view path) {
    while (!pattern.empty() && !path.empty()) {
        const auto p_end = pattern.find('/', 1);
        const auto s_end = path.find('/', 1);
        const auto p_seg = pattern.substr(0, p_end);
        const auto s_seg = path.substr(0, s_end);
        const bool param = p_seg.size() > 2 && p_seg[1] == '{' && p_seg.back() == '}';
        if (param ? s_seg.size() < 2 : p_seg != s_seg) return false;
        pattern = p_end == std::string_view::npos ? std::string_view() : pattern.substr(p_end);
        path = s_end == std::string_view::npos ? std::string_view() : path.substr(s_end);
    }
    return pattern.empty() && path.empty();
}

}  // namespace

const UploadRoute* Server::Impl::upload_route(Verb verb, std::string_view target) const {
    const std::string_view path = path_of(target);
    for (const UploadRoute& route : options_.upload_routes)
        if (route.verb == verb && matches_pattern(route.pattern, path)) return &route;
    return nullptr;
}

std::size_t Server::Impl::body_limit_for(Verb verb, std::string_view target) const {
    const UploadRoute* route = upload_route(verb, target);
    return route ? route->body_limit : options_.body_limit;
}

Server::Impl::Impl(ServerOptions options, const Router& router, Offload writes)
    : options_(std::move(options)), router_(router), writes_(std::move(writes)) {
    largest_body_limit_ = options_.body_limit;
    for (const UploadRoute& route : options_.upload_routes)
        largest_body_limit_ = std::max(largest_body_limit_, route.body_limit);
    const std::string where = options_.host + ":" + std::to_string(options_.port);

    // Find the address: an IP literal, or a name the resolver knows.
    error_code ec;
    tcp::endpoint endpoint;
    const auto address = net::ip::make_address(options_.host, ec);
    if (!ec) {
        endpoint = tcp::endpoint(address, options_.port);
    } else {
        tcp::resolver resolver(ioc_);
        const auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
        if (ec || results.empty()) {
            throw std::system_error(ec ? std::error_code(ec) : std::make_error_code(std::errc::address_not_available),
                                    "cannot resolve listen address " + where);
        }
        endpoint = results.begin()->endpoint();
    }

    // Bind now, so that a port in use is reported by the constructor and port() is known before run().
    const auto check = [&](const char* step) {
        if (ec) throw std::system_error(std::error_code(ec), std::string(step) + " " + where);
    };
    acceptor_.open(endpoint.protocol(), ec);
    check("cannot open a socket for");
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);  // restart without waiting for TIME_WAIT
    check("cannot set SO_REUSEADDR for");
    acceptor_.bind(endpoint, ec);
    check("cannot listen on");
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    check("cannot listen on");
    port_ = acceptor_.local_endpoint().port();

    std::random_device random;
    request_id_prefix_ = random();
}

void Server::Impl::run() {
    signals_.emplace(ioc_, SIGINT, SIGTERM);
    arm_signals();
    net::co_spawn(ioc_, accept_loop(), [](std::exception_ptr e) { log_uncaught("listener", e); });
    std::ostringstream where;
    where << acceptor_.local_endpoint();
    log_line("info", "listening on http://" + where.str());
    ioc_.run();
    flush_log();
    signals_.reset();  // back to the default disposition of SIGINT and SIGTERM
    log_line("info", "server stopped");
}

void Server::Impl::arm_signals() {
    signals_->async_wait([this](const error_code& ec, int signal_number) {
        if (ec) return;  // cancelled: the server has drained
        if (!shutting_down_) {
            log_line("info", "signal " + std::to_string(signal_number) + ": shutting down");
            arm_signals();  // before begin_shutdown, which cancels the wait if nothing is left to drain
            begin_shutdown();
        } else {
            log_line("warn", "second signal " + std::to_string(signal_number) + ": closing connections now");
            force_close();
        }
    });
}

net::awaitable<void> Server::Impl::accept_loop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
        if (shutting_down_ || ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (ec) {
            // Out of file descriptors and the like: pause rather than spin, then try again.
            log_line("warn", "accept failed: " + ec.message());
            net::steady_timer pause(ioc_, std::chrono::milliseconds(100));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        net::co_spawn(ioc_, session(std::move(socket)), [](std::exception_ptr e) { log_uncaught("session", e); });
    }
}

// GCC 12 reports -Wmismatched-new-delete inside Asio's coroutine frame allocator when it inlines the frame's
// operator delete here: Asio allocates with aligned_new (malloc or aligned_alloc) and frees with std::free, which
// match; the warning is a known false positive (chriskohlhoff/asio#1391, erigontech/silkworm#2046). Silenced for
// this function only, so that any other mismatch in this file is still reported.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
net::awaitable<void> Server::Impl::session(tcp::socket socket) {
    error_code peer_ec;
    const auto remote = socket.remote_endpoint(peer_ec);
    const std::string peer = peer_ec ? std::string() : remote.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    const auto entry = sessions_.insert(sessions_.end(), SessionEntry{&stream, SessionState::idle});
    // Leave the registry on every way out of this coroutine, exceptions included.
    struct Unregister {
        Impl& impl;
        Sessions::iterator entry;
        Unregister(Impl& i, Sessions::iterator e) : impl(i), entry(e) {}
        Unregister(const Unregister&) = delete;
        Unregister& operator=(const Unregister&) = delete;
        ~Unregister() { impl.end_session(entry); }
    } unregister{*this, entry};

    // Connection limits: a client holding many slow connections must not take every socket.
    struct CountPeer {
        std::map<net::ip::address, std::size_t>& counts;
        net::ip::address address;
        std::size_t now;
        CountPeer(std::map<net::ip::address, std::size_t>& c, net::ip::address a)
            : counts(c), address(std::move(a)), now(++counts[address]) {}
        CountPeer(const CountPeer&) = delete;
        CountPeer& operator=(const CountPeer&) = delete;
        ~CountPeer() {
            if (--counts[address] == 0) counts.erase(address);
        }
    } count_peer{per_client_, peer_ec ? net::ip::address() : remote.address()};
    if (sessions_.size() > options_.max_connections || count_peer.now > options_.max_connections_per_client) {
        entry->state = SessionState::busy;
        Response res = server_error(beast_http::status::service_unavailable, "too_many_connections",
                                    "too many open connections; try again shortly", 11, false);
        res.set(beast_http::field::retry_after, "1");
        stream.expires_after(std::min<std::chrono::seconds>(kLingerTime, options_.read_timeout));
        co_await beast_http::async_write(stream, res, use_tuple);
        co_await lingering_close(stream, *entry);
        co_return;
    }

    beast::flat_buffer buffer;
    std::string head;  // the head of each answer (write_response_head), its capacity kept for the connection's life
    while (!shutting_down_) {
        // Read the header of the next request, within the read timeout (which also limits idle keep-alive).
        entry->state = SessionState::idle;
        beast_http::request_parser<beast_http::string_body> parser;
        // The header is checked against the largest limit (Beast compares Content-Length with it when the header
        // ends); the request's own limit is applied once its route is known.
        parser.body_limit(largest_body_limit_);
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options_.header_limit, UINT32_MAX)));
        stream.expires_after(options_.read_timeout);
        auto [header_ec, header_bytes] = co_await beast_http::async_read_header(stream, buffer, parser, use_tuple);
        // The client closed between requests, the connection timed out or broke, or shutdown closed it.
        if (header_ec && !is_parse_error(header_ec)) break;
        entry->state = SessionState::busy;
        const auto started = std::chrono::steady_clock::now();
        const std::string request_id = next_request_id();
        if (header_ec) {
            co_await reject(stream, *entry, header_ec, options_.body_limit, parser, request_id, started);
            break;
        }
        const std::size_t body_limit = body_limit_for(parser.get().method(), parser.get().target());
        parser.body_limit(body_limit);
        if (const auto length = parser.content_length(); length && *length > body_limit) {
            co_await reject(stream, *entry, beast_http::error::body_limit, body_limit, parser, request_id, started);
            break;
        }

        // Read the body. A client that asked may send it only now; the header already passed the size check.
        if (!parser.is_done()) {
            const auto& header = parser.get();
            if (header.version() >= 11 && beast::iequals(header[beast_http::field::expect], "100-continue")) {
                beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, 11};
                auto [continue_ec, continue_bytes] = co_await beast_http::async_write(stream, go_on, use_tuple);
                if (continue_ec) break;
            }
            auto [body_ec, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, use_tuple);
            if (body_ec) {
                if (!is_parse_error(body_ec)) break;
                co_await reject(stream, *entry, body_ec, body_limit, parser, request_id, started);
                break;
            }
        }

        // Answer it. During shutdown the answer closes the connection.
        Request req = parser.release();
        const bool offload = writes_ && req.method() != Verb::get && req.method() != Verb::head &&
                             req.method() != Verb::options;
        const std::string method(req.method_string());
        const std::string target(req.target());
        // Not a conditional expression: GCC 12 miscompiles co_await inside ?: (the result is destroyed twice).
        Response res;
        if (offload) {
            res = co_await answer_offloaded(std::move(req), peer, request_id);
        } else {
            res = answer(req, peer, request_id);
            schedule_batch_end();
        }
        const bool keep_alive = res.keep_alive() && !shutting_down_;
        res.keep_alive(keep_alive);
        res.set("X-Request-Id", request_id);
        stream.expires_after(options_.read_timeout);
        error_code write_ec;
        if (res.chunked()) {  // no route answers chunked today; Beast's serializer would know how
            auto [ec, bytes] = co_await beast_http::async_write(stream, res, use_tuple);
            write_ec = ec;
        } else {
            write_response_head(res, head);
            const std::array<net::const_buffer, 2> answer_bytes{net::buffer(head), net::buffer(res.body())};
            auto [ec, bytes] = co_await net::async_write(stream, answer_bytes, use_tuple);
            write_ec = ec;
        }
        log_request(request_id, method, target, res.result_int(), started);
        if (write_ec) break;
        if (!keep_alive) break;
    }

    // Say goodbye: the client sees the end of the stream after our last answer.
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

net::awaitable<void> Server::Impl::reject(beast::tcp_stream& stream, SessionEntry& entry, const error_code& ec,
                                          std::size_t limit,
                                          const beast_http::request_parser<beast_http::string_body>& parser,
                                          const std::string& request_id,
                                          std::chrono::steady_clock::time_point started) {
    Response res;
    if (ec == beast_http::error::body_limit) {
        res = server_error(beast_http::status::payload_too_large, "payload_too_large",
                           "the request body is larger than " + std::to_string(limit) + " bytes", 11,
                           false);
    } else if (ec == beast_http::error::header_limit) {
        res = server_error(beast_http::status::request_header_fields_too_large, "header_too_large",
                           "the request headers are too large", 11, false);
    } else {
        res = server_error(beast_http::status::bad_request, "bad_request", "the request is not valid HTTP/1.1", 11,
                           false);
    }
    res.set("X-Request-Id", request_id);
    stream.expires_after(options_.read_timeout);
    auto [write_ec, write_bytes] = co_await beast_http::async_write(stream, res, use_tuple);
    // The request line may be incomplete: log what was parsed, and no more.
    const auto& header = parser.get();
    log_request(request_id, header.method_string(), header.target(), res.result_int(), started);
    if (!write_ec) co_await lingering_close(stream, entry);
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy our answer before the
// client reads it (a client still sending a body it was refused is the usual case). So: stop sending, then read
// and discard for a short while, until the client closes.
net::awaitable<void> Server::Impl::lingering_close(beast::tcp_stream& stream, SessionEntry& entry) {
    entry.state = SessionState::closing;
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (shutting_down_) co_return;
    stream.expires_after(std::min<std::chrono::seconds>(kLingerTime, options_.read_timeout));
    std::array<char, 4096> sink;
    for (;;) {
        auto [ec, bytes] = co_await stream.async_read_some(net::buffer(sink), use_tuple);
        if (ec) break;
    }
}

Response Server::Impl::answer(const Request& req, const std::string& peer, const std::string& request_id) const {
    // The catch-all (style 7.3 step 7): what escapes a handler is an infrastructure failure. Log it with the
    // request id, answer 500 with nothing from the exception.
    std::string what;
    try {
        // A body sent to the API must be declared JSON (json_reader.hpp), whatever route it is for.
        if (!req.body().empty() && path_of(req.target()).starts_with("/api/") &&
            upload_route(req.method(), req.target()) == nullptr) {
            if (auto refused = check_json_content_type(req[beast_http::field::content_type])) {
                Response res = error_response(*refused, req);
                res.set(beast_http::field::cache_control, "no-store");
                apply_standard_headers(res);
                return res;
            }
        }
        return router_.route_in_batch(req, peer);  // end_batch: schedule_batch_end
    } catch (const std::exception& e) {
        what = std::string("threw: ") + e.what();
    } catch (...) {
        what = "threw an unknown exception";
    }
    return internal_error(request_id, req.method_string(), req.target(), what, req.version(), req.keep_alive(),
                          req.method() == Verb::head);
}

// Hands the request to the Offload and suspends this connection (not the thread) until its completion arrives;
// the completion is posted back to this thread. A work guard keeps run() from returning meanwhile.
net::awaitable<Response> Server::Impl::answer_offloaded(Request req, const std::string& peer,
                                                       const std::string& request_id) {
    const std::string method(req.method_string());
    const std::string target(req.target());
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    auto executor = co_await net::this_coro::executor;
    std::string what;
    try {
        Answer answer = co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr, Answer)>(
            [this, executor, &peer](auto handler, Request request) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                auto guard = std::make_shared<net::executor_work_guard<decltype(executor)>>(executor);
                writes_(std::move(request), peer, [shared, guard, executor](std::exception_ptr error, Answer res) {
                    net::post(executor, [shared, guard, error, res = std::move(res)]() mutable {
                        (*shared)(error, std::move(res));
                        guard->reset();
                    });
                });
            },
            net::use_awaitable, std::move(req));
        if (auto* make = std::get_if<std::function<Response()>>(&answer)) co_return (*make)();
        co_return std::move(std::get<Response>(answer));
    } catch (const std::exception& e) {
        what = std::string("threw: ") + e.what();
    } catch (...) {
        what = "threw an unknown exception";
    }
    co_return internal_error(request_id, method, target, what, version, keep_alive, false);
}

Response Server::Impl::internal_error(const std::string& request_id, std::string_view method, std::string_view target,
                                      const std::string& what, unsigned version, bool keep_alive, bool head) const {
    log_line("error", request_id + " " + loggable(method) + " " + loggable(path_of(target)) + " " + what);
    Response res = server_error(beast_http::status::internal_server_error, "internal",
                                "internal error (request id " + request_id + ")", version, keep_alive);
    if (head) res.body().clear();
    return res;
}

void Server::Impl::begin_shutdown() {
    if (shutting_down_) return;
    shutting_down_ = true;
    log_line("info", "shutting down: " + std::to_string(sessions_.size()) + " connection(s) open, grace " +
                         std::to_string(options_.shutdown_grace.count()) + "s");
    error_code ignored;
    acceptor_.close(ignored);
    for (auto& session : sessions_) {
        if (session.state == SessionState::idle) session.stream->cancel();  // a request may be complete: let it run
        if (session.state == SessionState::closing) session.stream->close();
    }
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](const error_code& ec) {
        if (ec) return;  // everything finished in time
        log_line("warn", "grace period over: closing " + std::to_string(sessions_.size()) + " connection(s)");
        force_close();
    });
    finish_if_drained();
}

void Server::Impl::force_close() {
    for (auto& session : sessions_) session.stream->close();
}

void Server::Impl::end_session(Sessions::iterator entry) {
    if (destroying_) return;
    sessions_.erase(entry);
    finish_if_drained();
}

void Server::Impl::finish_if_drained() {
    if (!shutting_down_ || !sessions_.empty()) return;
    // Nothing left to wait for: let io_context::run() run out of work and return.
    grace_timer_.cancel();
    if (signals_) {
        error_code ignored;
        signals_->cancel(ignored);
    }
}

std::string Server::Impl::next_request_id() {
    // "%08x-%llu" without printf
    char id[40];
    char hex[8];
    const auto hex_end = std::to_chars(hex, hex + sizeof hex, request_id_prefix_, 16).ptr;
    const auto hex_size = static_cast<std::size_t>(hex_end - hex);
    std::fill(id, id + 8 - hex_size, '0');
    std::copy(hex, hex_end, id + 8 - hex_size);
    id[8] = '-';
    const auto end = std::to_chars(id + 9, id + sizeof id, ++request_count_).ptr;
    return std::string(id, static_cast<std::size_t>(end - id));
}

void Server::Impl::schedule_batch_end() {
    if (batch_end_posted_) return;
    batch_end_posted_ = true;
    net::post(ioc_, [this] {
        batch_end_posted_ = false;
        try {
            router_.end_batch();
        } catch (const std::exception& e) {
            log_line("error", std::string("ending the shared reads failed: ") + e.what());
        }
    });
}

// One line per request, as log_line writes it; the lines of the requests answered in one turn of the event loop
// are written together (one write instead of one per request: the public lookup's rate depended on it), at the
// latest when the loop has run the handlers that were ready (a posted flush).
void Server::Impl::log_request(const std::string& request_id, std::string_view method, std::string_view target,
                               unsigned status, std::chrono::steady_clock::time_point started) {
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    const char* level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (now != log_second_) {
        log_second_ = now;
        log_stamp_ = core::format_instant_utc(now);
    }
    // " %u %.1fms\n" without printf (to_chars with a precision writes what printf does)
    char tail[48];
    char* end = tail;
    *end++ = ' ';
    end = std::to_chars(end, tail + sizeof tail, status).ptr;
    *end++ = ' ';
    end = std::to_chars(end, tail + sizeof tail - 3, elapsed.count(), std::chars_format::fixed, 1).ptr;
    *end++ = 'm';
    *end++ = 's';
    *end++ = '\n';
    pending_log_ += log_stamp_;
    pending_log_ += ' ';
    pending_log_ += level;
    pending_log_ += ' ';
    pending_log_ += request_id;
    pending_log_ += ' ';
    append_loggable(pending_log_, method);
    pending_log_ += ' ';
    append_loggable(pending_log_, path_of(target));
    pending_log_.append(tail, static_cast<std::size_t>(end - tail));
    if (log_flush_posted_) return;
    log_flush_posted_ = true;
    net::post(ioc_, [this] { flush_log(); });
}

void Server::Impl::flush_log() {
    log_flush_posted_ = false;
    if (pending_log_.empty()) return;
    std::cerr.write(pending_log_.data(), static_cast<std::streamsize>(pending_log_.size()));
    std::cerr.flush();
    pending_log_.clear();
}

// ---- Server: the public face of Impl -------------------------------------------------------------------------

Server::Server(ServerOptions options, const Router& router, Offload writes)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(writes))) {}

Server::~Server() = default;

unsigned short Server::port() const noexcept { return impl_->port(); }

void Server::run() { impl_->run(); }

void Server::stop() { impl_->stop(); }

}  // namespace motcua::http
