#pragma once
// The HTTP/1.1 server: accepts connections and feeds requests to a Router. All transport concerns (sockets,
// timeouts, size limits, keep-alive, shutdown) live here and nowhere else.
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/router.hpp"

namespace motcua::http {

/// A route that takes a file as its raw request body (an upload): its own body limit, and no JSON content-type rule.
/// `pattern` is a route pattern ("/api/v1/dossiers/{code}/components/{component_id}/files"): a "{…}" segment matches
/// any one non-empty segment.
struct UploadRoute {
    Verb verb = Verb::post;
    std::string pattern;
    std::size_t body_limit = 0;
};

struct ServerOptions {
    std::string host = "127.0.0.1";           ///< an IP address, or a name that resolves to one ("localhost")
    unsigned short port = 8080;               ///< 0 picks a free port; Server::port() tells which
    std::size_t body_limit = 1 << 20;         ///< largest request body in bytes; larger ones get 413
    std::chrono::seconds read_timeout{30};    ///< budget for reading one request (headers and body), for writing
                                              ///< one response, and for an idle keep-alive connection
    std::chrono::seconds shutdown_grace{10};  ///< how long requests in flight may take to finish after stop()
    std::size_t header_limit = 8 * 1024;      ///< largest request line + headers in bytes; larger ones get 431
    std::size_t max_connections = 1024;       ///< open connections in all; more are answered 503 and closed
    std::size_t max_connections_per_client = 128;  ///< open connections from one peer address (slowloris); more
                                                   ///< are answered 503 and closed
    std::vector<UploadRoute> upload_routes;  ///< the only routes whose body may exceed `body_limit` or be non-JSON
};

/// The answer to an offloaded request: ready, or made on the server thread when the request resumes there (a staged
/// write's answer stage, decision 0044: the writer thread does not encode answers). Exceptions it throws are the
/// handler's (500).
using Answer = std::variant<Response, std::function<Response()>>;
/// Called (from any thread) with the answer to an offloaded request, or with the exception that ended its handler.
using Completion = std::function<void(std::exception_ptr, Answer)>;
/// Answers a request elsewhere (the group-commit writer, decision 0010): called on the server thread with the request
/// and the client's socket address (for Router::route); must call the completion exactly once, from any thread,
/// when the answer may be sent.
using Offload = std::function<void(Request, std::string peer, Completion)>;

/// An HTTP/1.1 server on one thread: the thread that calls run().
///
/// Each connection is a coroutine that reads a request (at most `read_timeout` for headers and body together),
/// answers it with `router.route(req)`, writes the answer, and repeats while both sides keep the connection
/// alive. Every request is logged to stderr as one line: level, request id, method, path (without the query
/// string, which may carry lookup keys), status, duration. The request id is also sent as X-Request-Id.
///
/// Answers the server makes itself, as JSON errors (error_response.hpp):
///  - 400 bad_request for a request that does not parse, 431 for headers above `header_limit`;
///  - 400 unsupported_media_type for a body sent to /api/ that is not declared application/json (UTF-8), except on
///    the `upload_routes`, whose body is a file;
///  - 503 too_many_connections, then close, for a connection beyond `max_connections` or beyond
///    `max_connections_per_client` from one peer address (a slow client cannot hold every socket);
///  - 413 payload_too_large for a body above `body_limit` (announced by Content-Length, or found while reading
///    a chunked body);
///  - 500 internal, "internal error (request id …)", when the router throws. The exception's text goes to the
///    log, never to the client.
/// After a 400, 413 or 431 the connection is closed.
///
/// "Expect: 100-continue" is honoured: the client is told to go on only when its body fits `body_limit`.
///
/// Shutdown (stop(), SIGINT or SIGTERM): stop accepting; close idle connections at once; let requests in
/// flight finish and answer them with "Connection: close"; after `shutdown_grace`, close whatever is left.
/// A second SIGINT/SIGTERM closes everything at once. Then run() returns.
///
/// @par Thread Safety
/// stop() may be called from any thread, at any time. Everything else belongs to the thread that owns the
/// Server. Handlers run on the run() thread, one at a time (offloaded ones wherever the Offload runs them).
class Server final {
public:
    /// Binds and listens on `options.host:options.port`, so port() is valid and clients may connect (their
    /// requests wait until run()). `router` must outlive the Server. Throws std::system_error when the address
    /// cannot be resolved or bound, e.g. "cannot listen on 127.0.0.1:8080: Address already in use".
    Server(ServerOptions options, const Router& router, Offload writes = {});
    /// Destroy the Server only when run() is not running (it returned, or was never called).
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port the server is bound to: options.port, or the one the system chose for port 0.
    [[nodiscard]] unsigned short port() const noexcept;

    /// Serves until stop() is called or SIGINT/SIGTERM arrives, then shuts down as described above and returns.
    /// SIGINT and SIGTERM are handled only while run() is running. Call it once.
    void run();

    /// Asks run() to shut down and return. Safe from any thread; calling it more than once, or before run(),
    /// is harmless (before run(), run() then returns at once).
    void stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::http
