#pragma once
// The explicit route table: verb + path pattern -> handler. Router::route is a pure function of the request
// (plus the files under the web root), so tests call it without a socket.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

private:
    std::vector<std::pair<std::string, std::string>> path_;
    std::vector<QueryItem> query_;
};

/// A handler decodes the request, calls one service function and encodes the result. Exceptions it throws are
/// infrastructure failures: the server logs them and answers 500.
using Handler = std::function<Response(const Request&, const RouteParams&)>;

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
    /// Registers `handler` for `verb` on `pattern`. Throws std::invalid_argument for a malformed pattern (not
    /// absolute, an empty segment other than the root "/", unbalanced or repeated braces, a parameter name that
    /// is not [a-z0-9_]+, a name used twice) or when the same verb and pattern shape is already registered.
    void add(Verb verb, std::string_view pattern, Handler handler);

    /// Serves `files` for GET/HEAD requests that match no route and are not under /api/.
    void set_static_files(StaticFiles files);

    /// Answers `req`. Exceptions thrown by handlers propagate to the caller.
    [[nodiscard]] Response route(const Request& req) const;

    /// The registered routes as (method, pattern), in registration order (for docs checks and `motcua routes`).
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> table() const;

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
        Handler handler;
    };

    [[nodiscard]] Response dispatch(const Request& req, bool& from_static_files) const;

    std::vector<Route> routes_;
    std::optional<StaticFiles> static_files_;
};

}  // namespace motcua::http
