#pragma once
// The explicit route table: verb + path pattern -> handler. Router::route is a pure function of the request
// (plus the files under the web root), so tests call it without a socket.
#include <any>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/auth_service.hpp"
#include "core/rate_limit.hpp"
#include "http/message.hpp"
#include "http/static_files.hpp"
#include "http/url.hpp"

namespace motcua::http {

/// What a handler learns from the request line: the decoded path parameters of its pattern and the decoded
/// query string.
class RouteParams final {
public:
    RouteParams() = default;
    RouteParams(std::vector<std::pair<std::string, std::string>> path_params, std::vector<QueryItem> query_items)
        : path_(std::move(path_params)), query_(std::move(query_items)) {}

    /// The percent-decoded value of the path parameter `name` ("{code}" in the pattern). Never empty.
    /// Throws std::out_of_range when the pattern has no such parameter: that is a bug in the handler.
    [[nodiscard]] const std::string& path(std::string_view name) const;

    /// The first value of query parameter `name`, percent-decoded with '+' as a space; nullopt when absent.
    /// "?page=" gives an empty string, not nullopt.
    [[nodiscard]] std::optional<std::string> query(std::string_view name) const;

    /// Every value of query parameter `name`, in order ("?tag=a&tag=b").
    [[nodiscard]] std::vector<std::string> query_all(std::string_view name) const;

    /// All decoded query items in request order.
    [[nodiscard]] const std::vector<QueryItem>& query_items() const noexcept { return query_; }

    /// The logged-in caller. Set by the router on routes declared Access::staff(...), which it answers itself
    /// (401/403) when the session, CSRF header or role is wrong. Throws std::logic_error on a public route: that
    /// is a bug in the route table.
    [[nodiscard]] const core::Principal& principal() const;

    /// The client's address as the router judged it (see Router::route): used for audit and rate limits.
    [[nodiscard]] const std::string& client() const noexcept { return client_; }

    void set_principal(core::Principal who) { principal_ = std::move(who); }
    void set_client(std::string client) { client_ = std::move(client); }

private:
    std::vector<std::pair<std::string, std::string>> path_;
    std::vector<QueryItem> query_;
    std::optional<core::Principal> principal_;
    std::string client_;
};

/// Who may call a route: the one access table of motcua (docs/security.md "Access control"). Every route declares
/// one when it is added; the router enforces it before the handler runs, so no handler can forget a check.
///
///     Access::anyone()                                   public (citizens, integrations)
///     Access::anyone().limited(limiter)                  public, rate-limited per client address (429)
///     Access::staff()                                    any logged-in staff user (not a volunteer)
///     Access::staff({Role::clerk, Role::admin})          logged-in users with one of these roles
///
/// Staff routes also need the X-CSRF-Token header on every method other than GET and HEAD. Which agencies' data
/// a permitted caller sees is decided by core (core/access.hpp Scope), not here.
class Access final {
public:
    [[nodiscard]] static Access anyone() { return Access(false, {}); }
    [[nodiscard]] static Access staff(std::initializer_list<core::Role> roles = {}) { return Access(true, roles); }
    /// Any logged-in account, volunteers included (the session routes: logout, me).
    [[nodiscard]] static Access signed_in() {
        Access a(true, {});
        a.volunteers_ = true;
        return a;
    }
    /// The same access, rate-limited per client address by `limiter` (which must outlive the router).
    [[nodiscard]] Access limited(core::RateLimiter& limiter) const {
        Access a = *this;
        a.limiter_ = &limiter;
        return a;
    }

    [[nodiscard]] bool needs_session() const noexcept { return staff_; }
    /// The roles allowed; empty with needs_session() means every staff role (every role but volunteer).
    [[nodiscard]] const std::vector<core::Role>& roles() const noexcept { return roles_; }
    [[nodiscard]] bool allows(core::Role role) const;
    [[nodiscard]] core::RateLimiter* limiter() const noexcept { return limiter_; }
    /// "public", "signed-in", "staff" or "staff:clerk,admin" (for `motcua routes` and the access test).
    [[nodiscard]] std::string describe() const;

private:
    Access(bool staff, std::initializer_list<core::Role> roles) : staff_(staff), roles_(roles) {}
    bool staff_ = false;
    bool volunteers_ = false;  ///< signed_in(): an empty role list includes volunteers
    std::vector<core::Role> roles_;
    core::RateLimiter* limiter_ = nullptr;
};

/// Authenticates a request for a staff route: the session cookie, the CSRF header on non-GET requests and the
/// role against `access`. Errors: unauthenticated (401) or permission_denied (403).
using Gate = std::function<core::Result<core::Principal>(const Request&, const Access&)>;

/// How the router tells the client's address: the socket peer, unless the peer is a trusted reverse proxy
/// (by default any loopback address; in a multi-node deployment also the load balancers' addresses, docs/
/// deployment.md), in which case the last entry of X-Forwarded-For that the proxy appended.
struct ClientAddressPolicy {
    bool trust_loopback_proxy = true;
    std::vector<std::string> trusted_proxies;  ///< exact peer addresses (`serve --trusted-proxy`)
};

/// A handler decodes the request, calls one service function and encodes the result. Exceptions it throws are
/// infrastructure failures: the server logs them and answers 500. Access has been checked before it runs.
using Handler = std::function<Response(const Request&, const RouteParams&)>;

/// A write route in three stages, so that the group-commit writer thread (decision 0010) runs only the write
/// (decision 0044):
///  - `prepare` decodes and checks the request without touching storage, and either answers it (an error) or gives
///    the write's input. Offloaded, it runs on the server thread, after the router checked the limits and the
///    session there (on the server's own connection).
///  - `write` calls the domain with that input: on the writer thread, inside the batch's transaction, with the
///    services of the router it was added to (the writer's). An exception fails this write alone (500).
///  - `answer` encodes the write's result: back on the server thread, once the batch committed.
/// Router::route runs the three in a row, as one handler (`serve --group-commit off`, the router-level tests).
/// make_staged() builds one from typed stages.
struct Staged {
    std::function<std::variant<Response, std::any>(const Request&, const RouteParams&)> prepare;
    std::function<std::any(std::any& input, const RouteParams&)> write;
    std::function<Response(std::any& output, const Request&)> answer;
};

/// A Staged from typed stages: `prepare(req, params)` returns std::variant<Response, Input>, `write(Input&,
/// params)` returns an Output, `answer(Output&, req)` returns the Response. Input and Output must be copyable.
template <typename Input, typename Output, typename Prepare, typename Write, typename Answer>
[[nodiscard]] Staged make_staged(Prepare prepare, Write write, Answer answer) {
    Staged s;
    s.prepare = [prepare = std::move(prepare)](const Request& req,
                                               const RouteParams& params) -> std::variant<Response, std::any> {
        std::variant<Response, Input> r = prepare(req, params);
        if (auto* answered = std::get_if<Response>(&r)) return std::move(*answered);
        return std::any(std::move(std::get<Input>(r)));
    };
    s.write = [write = std::move(write)](std::any& input, const RouteParams& params) {
        return std::any(Output(write(std::any_cast<Input&>(input), params)));
    };
    s.answer = [answer = std::move(answer)](std::any& output, const Request& req) {
        return answer(std::any_cast<Output&>(output), req);
    };
    return s;
}

/// An offloaded request as the server thread leaves it for the writer (Router::prepare_write).
struct PreparedWrite {
    enum class Next {
        route,   ///< not a staged route: route the whole request on the writer (Router::route)
        answer,  ///< answered already (a limit, the session, the route's own checks): `answered` is finished
        write,   ///< run Router::write_prepared on the writer, then Router::answer_prepared here
    };
    Next next = Next::route;
    Response answered;
    std::size_t route = 0;  ///< the staged route's index (the writer's router has the same table)
    std::string pattern;    ///< its pattern, to check that
    RouteParams params;     ///< with the principal the session check found
    std::any input;         ///< what its prepare stage gave
};

/// The route table.
///
/// Patterns are absolute paths split on '/'. A segment is either literal ("dossiers") or holds one parameter,
/// optionally with a literal prefix and suffix ("{code}", "{code}.json"). A parameter matches one non-empty
/// path segment, after percent-decoding ('+' stays '+'); trailing slashes are significant.
///
/// Routing a request:
///  1. The path (target without query) is matched against every pattern. When several match, the most specific
///     wins: segment by segment from the left, a literal beats a parameter with a prefix or suffix, which beats a
///     bare parameter; ties go to the route added first.
///  2. A matching pattern registered for the request's verb answers it. HEAD is answered by the GET handler
///     when no HEAD handler is registered, with the body removed and Content-Length kept.
///  3. A path that matches patterns, but none for this verb, gets 405 with an Allow header listing the verbs.
///  4. Unmatched paths under /api/ (and /api itself) get 404 JSON; other unmatched paths go to the static files
///     when set_static_files was called, else 404 JSON.
///  5. A matched path whose segments or query string do not decode (bad %-escape, NUL, invalid UTF-8) gets 400.
///
/// Every response leaves route() complete: security headers (apply_standard_headers), the request's HTTP version,
/// keep-alive, and Content-Length. Responses that do not come from the static files get "Cache-Control: no-store"
/// unless the handler set a Cache-Control itself: API answers may carry personal data.
///
/// @par Thread Safety
/// add and set_static_files are for setup; route is const and may be called from any number of threads.
class Router final {
public:
    /// Registers `handler` for `verb` on `pattern`, callable as `access` says. Throws std::invalid_argument for a
    /// malformed pattern (not absolute, an empty segment other than the root "/", unbalanced or repeated braces, a
    /// parameter name that is not [a-z0-9_]+, a name used twice) or when the same verb and pattern shape is already
    /// registered.
    void add(Verb verb, std::string_view pattern, Access access, Handler handler);
    /// Registers a write route in stages (see Staged); Router::route answers it as one handler.
    void add(Verb verb, std::string_view pattern, Access access, Staged stages);

    /// The session check for staff routes. Without one, every staff route answers 401 (fail closed).
    void set_gate(Gate gate) { gate_ = std::move(gate); }
    void set_client_policy(ClientAddressPolicy policy) { client_policy_ = policy; }
    /// A limit on every route per client address (429 `rate_limited` with Retry-After), on top of any route's own.
    /// Loopback clients (local tools, health checks) are not limited; behind a loopback proxy the forwarded client
    /// is. `limiter` must outlive the router.
    void set_client_limit(core::RateLimiter* limiter) { client_limit_ = limiter; }

    /// Serves `files` for GET/HEAD requests that match no route and are not under /api/.
    void set_static_files(StaticFiles files);

    /// Answers `req`, which came from socket peer `peer` (an IP address; empty when unknown, as in tests that
    /// call the router directly). Exceptions thrown by handlers propagate to the caller. Calls end_batch() after it.
    [[nodiscard]] Response route(const Request& req, std::string_view peer = {}) const;

    /// What ends the reads that the answers given since the last call may share (decision 0041): the app ends its
    /// read connection's shared read transaction (storage::Database::end_read_batch). Set once, at setup.
    void set_batch_end(std::function<void()> end) { batch_end_ = std::move(end); }
    /// route() without end_batch(), for the server: it answers the requests of one turn of its event loop with
    /// route_in_batch() and then calls end_batch() once, from a handler posted when the first of them was answered
    /// (so a request that arrived after a shared read began is answered after it ended).
    [[nodiscard]] Response route_in_batch(const Request& req, std::string_view peer = {}) const;
    /// The server-thread half of an offloaded request (decision 0044). When `req` matches a staged route: the
    /// client limits, the session check and the route's prepare stage, giving the finished answer (Next::answer) or
    /// the write to run (Next::write). Any other request is left whole for the writer (Next::route), as before.
    [[nodiscard]] PreparedWrite prepare_write(const Request& req, std::string_view peer) const;
    /// The writer-thread half: the route's write stage with this router's services. Exceptions propagate. Throws
    /// std::logic_error when this router's table differs from the one that prepared the request.
    [[nodiscard]] std::any write_prepared(PreparedWrite& prepared) const;
    /// Back on the server thread once the write committed: the route's answer stage, finished as route() finishes
    /// every answer (headers, version, keep-alive, Content-Length).
    [[nodiscard]] Response answer_prepared(PreparedWrite& prepared, std::any& output, const Request& req) const;
    /// Calls what set_batch_end set, if anything.
    void end_batch() const {
        if (batch_end_) batch_end_();
    }

    /// The registered routes as (method, pattern), in registration order (for docs checks and `motcua routes`).
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> table() const;

    struct Entry {
        std::string method;
        std::string pattern;
        Access access;
    };
    /// The access table: every route with who may call it, in registration order.
    [[nodiscard]] std::vector<Entry> access_table() const;

    /// The client address `route` would use for `req` from `peer`.
    [[nodiscard]] std::string client_address(const Request& req, std::string_view peer) const;

private:
    struct Segment {
        std::string literal;  // the whole segment when !is_param; else the text before '{'
        std::string suffix;   // the text after '}'
        std::string name;     // parameter name; empty for a literal segment
        [[nodiscard]] bool is_param() const noexcept { return !name.empty(); }
    };
    struct Route {
        Verb verb;
        std::string pattern;
        std::vector<Segment> segments;
        Access access;
        Handler handler;
        std::optional<Staged> staged;  ///< a staged route (handler then runs its stages in a row)
    };

    /// Routes `req`; with `prepare` set, a matched staged route only gets its checks and prepare stage, recorded in
    /// `*prepare` (and any other request is left to the writer: Next::route).
    [[nodiscard]] Response dispatch(const Request& req, std::string_view peer, bool& from_static_files,
                                    PreparedWrite* prepare = nullptr) const;
    /// The limits and the session check of `route`: an answer when they refuse, else nothing (the principal is set).
    [[nodiscard]] std::optional<Response> check(const Route& route, const Request& req, RouteParams& params) const;
    [[nodiscard]] Response call(const Route& route, const Request& req, RouteParams params) const;
    /// What route_in_batch does to every answer.
    static void finish(Response& res, const Request& req, bool from_static_files);

    std::vector<Route> routes_;
    std::optional<StaticFiles> static_files_;
    Gate gate_;
    ClientAddressPolicy client_policy_;
    core::RateLimiter* client_limit_ = nullptr;
    std::function<void()> batch_end_;
};

}  // namespace motcua::http
