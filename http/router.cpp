#include "http/router.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <boost/beast/http/field.hpp>

#include "http/error_response.hpp"
#include "http/json_response.hpp"
#include "http/standard_headers.hpp"

namespace motcua::http {

// ---- RouteParams -------------------------------------------------------------------------------------------------

const std::string& RouteParams::path(std::string_view name) const {
    for (const auto& [key, value] : path_) {
        if (key == name) return value;
    }
    throw std::out_of_range("route has no path parameter named '" + std::string(name) + "'");
}

std::optional<std::string> RouteParams::query(std::string_view name) const {
    for (const auto& [key, value] : query_) {
        if (key == name) return value;
    }
    return std::nullopt;
}

const core::Principal& RouteParams::principal() const {
    if (!principal_) throw std::logic_error("principal() called on a route that is not Access::staff");
    return *principal_;
}

std::vector<std::string> RouteParams::query_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : query_) {
        if (key == name) values.push_back(value);
    }
    return values;
}

// ---- Access ------------------------------------------------------------------------------------------------------

bool Access::allows(core::Role role) const {
    // "Any staff role" leaves volunteers out: they are not staff and are named where they may act.
    if (roles_.empty()) return volunteers_ || role != core::Role::volunteer;
    return std::find(roles_.begin(), roles_.end(), role) != roles_.end();
}

std::string Access::describe() const {
    std::string out = volunteers_ ? "signed-in" : (staff_ ? "staff" : "public");
    for (std::size_t i = 0; i < roles_.size(); ++i) {
        out += i == 0 ? ":" : ",";
        out += core::to_string(roles_[i]);
    }
    if (limiter_ != nullptr) out += " (rate-limited)";
    return out;
}

// ---- Router ------------------------------------------------------------------------------------------------------

namespace {

/// Splits "/a/b/c" into {"a","b","c"}; "/" gives no segments; "/a/" gives {"a",""}.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    path.remove_prefix(1);  // the leading '/', checked by the caller
    if (path.empty()) return segments;
    for (;;) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool is_param_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

/// The percent-decoded segments of a request path, or nullopt when one has a bad escape, a NUL or invalid UTF-8.
std::optional<std::vector<std::string>> decode_segments(const std::vector<std::string_view>& raw) {
    std::vector<std::string> decoded;
    decoded.reserve(raw.size());
    for (const auto segment : raw) {
        auto text = percent_decode(segment, false);
        if (!text || text->find('\0') != std::string::npos || !is_valid_utf8(*text)) return std::nullopt;
        decoded.push_back(std::move(*text));
    }
    return decoded;
}

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

/// The order verbs are listed in an Allow header: the common ones first, any other after them.
int verb_rank(Verb verb) {
    static constexpr Verb kOrder[] = {Verb::get, Verb::head, Verb::post, Verb::put, Verb::patch, Verb::delete_,
                                      Verb::options};
    const auto* found = std::find(std::begin(kOrder), std::end(kOrder), verb);
    if (found != std::end(kOrder)) return static_cast<int>(found - std::begin(kOrder));
    return 100 + static_cast<int>(verb);
}

}  // namespace

void Router::add(Verb verb, std::string_view pattern, Access access, Handler handler) {
    const auto bad = [&](std::string_view why) {
        return std::invalid_argument("route pattern '" + std::string(pattern) + "': " + std::string(why));
    };
    if (pattern.empty() || pattern.front() != '/') throw bad("must start with '/'");
    if (!handler) throw bad("has no handler");

    std::vector<Segment> segments;
    for (const auto raw : split_path(pattern)) {
        if (raw.empty()) throw bad("has an empty segment");
        const auto open = raw.find('{');
        const auto close = raw.find('}');
        if (open == std::string_view::npos && close == std::string_view::npos) {
            segments.push_back(Segment{std::string(raw), {}, {}});
            continue;
        }
        if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
            raw.find('{', open + 1) != std::string_view::npos || raw.find('}', close + 1) != std::string_view::npos) {
            throw bad("a segment holds at most one {parameter}");
        }
        const auto name = raw.substr(open + 1, close - open - 1);
        if (!is_param_name(name)) throw bad("parameter names are [a-z0-9_]+");
        for (const auto& earlier : segments) {
            if (earlier.name == name) throw bad("parameter named twice");
        }
        segments.push_back(Segment{std::string(raw.substr(0, open)), std::string(raw.substr(close + 1)),
                                   std::string(name)});
    }

    const auto same_shape = [&](const Route& route) {
        return route.verb == verb && route.segments.size() == segments.size() &&
               std::equal(segments.begin(), segments.end(), route.segments.begin(), [](const auto& a, const auto& b) {
                   return a.is_param() == b.is_param() && a.literal == b.literal && a.suffix == b.suffix;
               });
    };
    if (std::any_of(routes_.begin(), routes_.end(), same_shape)) throw bad("already registered for this verb");

    routes_.push_back(
        Route{verb, std::string(pattern), std::move(segments), std::move(access), std::move(handler), std::nullopt});
}

void Router::add(Verb verb, std::string_view pattern, Access access, Staged stages) {
    if (!stages.prepare || !stages.write || !stages.answer)
        throw std::invalid_argument("route pattern '" + std::string(pattern) +
                                    "': a staged route needs its three stages");
    Handler whole = [stages](const Request& req, const RouteParams& params) {
        auto prepared = stages.prepare(req, params);
        if (auto* answered = std::get_if<Response>(&prepared)) return std::move(*answered);
        std::any output = stages.write(std::get<std::any>(prepared), params);
        return stages.answer(output, req);
    };
    add(verb, pattern, std::move(access), std::move(whole));
    routes_.back().staged = std::move(stages);
}

void Router::set_static_files(StaticFiles files) { static_files_.emplace(std::move(files)); }

std::string Router::client_address(const Request& req, std::string_view peer) const {
    const bool loopback = peer == "127.0.0.1" || peer == "::1" || peer.starts_with("127.") ||
                          peer.starts_with("::ffff:127.");
    const bool listed = std::find(client_policy_.trusted_proxies.begin(), client_policy_.trusted_proxies.end(),
                                  peer) != client_policy_.trusted_proxies.end();
    if (!(client_policy_.trust_loopback_proxy && loopback) && !listed && !peer.empty()) return std::string(peer);
    // A trusted proxy (or a test calling the router directly) names the client: nginx's
    // $proxy_add_x_forwarded_for appends the address it saw, so the last entry is the one the proxy vouches for.
    const auto header = req.find("X-Forwarded-For");
    if (header != req.end()) {
        std::string_view list = header->value();
        const auto comma = list.rfind(',');
        std::string_view last = comma == std::string_view::npos ? list : list.substr(comma + 1);
        while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
        while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
        const bool plausible = !last.empty() && last.size() <= 64 &&
                               std::all_of(last.begin(), last.end(), [](char c) {
                                   return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                                          c == '.' || c == ':' || c == '[' || c == ']';
                               });
        if (plausible) return std::string(last);
    }
    return peer.empty() ? std::string("unknown") : std::string(peer);
}

namespace {

// Local tools and health checks, and in-process calls that know no peer ("unknown"), are not rate-limited.
bool exempt_from_client_limit(std::string_view address) {
    return address == "::1" || address.starts_with("127.") || address.starts_with("::ffff:127.") ||
           address == "unknown";
}

Response too_many(const Request& req, core::RateLimiter& limiter, const std::string& client, core::Timestamp now) {
    Response res = error_response(core::Error{core::ErrorKind::resource_exhausted, "rate_limited",
                                              "too many requests from this address; please wait a moment", {}},
                                  req);
    res.set(beast_http::field::retry_after,
            std::to_string(std::max<long long>(1, limiter.retry_after(client, now).count())));
    return res;
}

}  // namespace

std::optional<Response> Router::check(const Route& route, const Request& req, RouteParams& params) const {
    const Access& access = route.access;
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (client_limit_ != nullptr && !exempt_from_client_limit(params.client()) && !client_limit_->try_acquire(params.client(), now))
        return too_many(req, *client_limit_, params.client(), now);
    if (access.limiter() != nullptr) {
        if (!access.limiter()->try_acquire(params.client(), now)) {
            return too_many(req, *access.limiter(), params.client(), now);
        }
    }
    if (access.needs_session()) {
        if (!gate_)
            return error_response(core::Error{core::ErrorKind::unauthenticated, "login_required", "please log in", {}},
                                  req);
        auto who = gate_(req, access);
        if (!who) return error_response(who.error(), req);
        params.set_principal(std::move(*who));
    }
    return std::nullopt;
}

Response Router::call(const Route& route, const Request& req, RouteParams params) const {
    if (auto refused = check(route, req, params)) return std::move(*refused);
    return route.handler(req, params);
}

PreparedWrite Router::prepare_write(const Request& req, std::string_view peer) const {
    PreparedWrite prepared;
    bool from_static_files = false;
    Response res = dispatch(req, peer, from_static_files, &prepared);
    if (prepared.next == PreparedWrite::Next::answer) {
        finish(res, req, from_static_files);
        prepared.answered = std::move(res);
    }
    return prepared;
}

std::any Router::write_prepared(PreparedWrite& prepared) const {
    if (prepared.next != PreparedWrite::Next::write || prepared.route >= routes_.size() ||
        routes_[prepared.route].pattern != prepared.pattern || !routes_[prepared.route].staged)
        throw std::logic_error("a prepared write for a route this router does not have: " + prepared.pattern);
    std::any output = routes_[prepared.route].staged->write(prepared.input, prepared.params);
    end_batch();  // as route() does: the writer's reads end with its request
    return output;
}

Response Router::answer_prepared(PreparedWrite& prepared, std::any& output, const Request& req) const {
    if (prepared.next != PreparedWrite::Next::write || prepared.route >= routes_.size() ||
        !routes_[prepared.route].staged)
        throw std::logic_error("an answer for a route this router does not have: " + prepared.pattern);
    Response res = routes_[prepared.route].staged->answer(output, req);
    finish(res, req, false);
    return res;
}

Response Router::route(const Request& req, std::string_view peer) const {
    Response res;
    try {
        res = route_in_batch(req, peer);
    } catch (...) {
        try {
            end_batch();
        } catch (...) {  // the handler's exception is the one to report
        }
        throw;
    }
    end_batch();
    return res;
}

Response Router::route_in_batch(const Request& req, std::string_view peer) const {
    bool from_static_files = false;
    Response res = dispatch(req, peer, from_static_files);
    finish(res, req, from_static_files);
    return res;
}

void Router::finish(Response& res, const Request& req, bool from_static_files) {
    // API answers may carry personal data: no cache keeps them unless a handler says otherwise.
    if (!from_static_files && res.find(beast_http::field::cache_control) == res.end()) {
        res.set(beast_http::field::cache_control, "no-store");
    }
    // The response answers this request: same version; keep-alive only if both sides want it.
    const bool keep_alive = req.keep_alive() && res.keep_alive();
    res.version(req.version());
    res.keep_alive(keep_alive);
    apply_standard_headers(res);
    if (req.method() == Verb::head) {
        // A HEAD response announces the length of the body it does not carry. A handler that already answered
        // with an empty body and its own Content-Length (StaticFiles) is left alone.
        if (!res.body().empty()) {
            res.prepare_payload();
            res.body().clear();
        }
    } else {
        res.prepare_payload();
    }
}

Response Router::dispatch(const Request& req, std::string_view peer, bool& from_static_files,
                          PreparedWrite* prepare) const {
    const std::string_view target = req.target();
    const std::string_view raw_path = path_of(target);
    if (raw_path.empty() || raw_path.front() != '/') {
        return error_response(core::Error{core::ErrorKind::invalid_argument, "invalid_target",
                                          "the request target must be an absolute path", {}},
                              req);
    }

    const auto segments = decode_segments(split_path(raw_path));
    if (segments) {
        // Find the most specific matching route for the verb, and every verb the path accepts. Matching allocates
        // nothing; the score and the parameters are taken only from the routes that match (the public lookup
        // passes here on every request, docs/performance.md).
        const Verb wanted = req.method();
        const auto segment_matches = [](const Segment& pattern, std::string_view value) {
            if (!pattern.is_param()) return value == pattern.literal;
            return value.size() > pattern.literal.size() + pattern.suffix.size() &&
                   value.starts_with(pattern.literal) && value.ends_with(pattern.suffix);
        };
        // Specificity, segment by segment from the left: a literal (2) beats a parameter with a prefix or suffix
        // (1), which beats a bare parameter (0). Compared in place: two matching routes have as many segments.
        const auto segment_score = [](const Segment& pattern) {
            return !pattern.is_param() ? 2 : (pattern.literal.empty() && pattern.suffix.empty() ? 0 : 1);
        };
        const auto more_specific = [&segment_score](const Route& a, const Route* b) {
            if (b == nullptr) return true;
            for (std::size_t i = 0; i < a.segments.size(); ++i) {
                const int sa = segment_score(a.segments[i]);
                const int sb = segment_score(b->segments[i]);
                if (sa != sb) return sa > sb;
            }
            return false;  // a tie goes to the route added first
        };
        std::vector<Verb> allowed;
        const Route* best = nullptr;
        const Route* best_get = nullptr;  // answers HEAD when no HEAD route matches

        for (const auto& route : routes_) {
            if (route.segments.size() != segments->size()) continue;
            bool matches = true;
            for (std::size_t i = 0; i < segments->size() && matches; ++i)
                matches = segment_matches(route.segments[i], (*segments)[i]);
            if (!matches) continue;

            if (std::find(allowed.begin(), allowed.end(), route.verb) == allowed.end()) allowed.push_back(route.verb);
            if (route.verb == wanted) {
                if (more_specific(route, best)) best = &route;
            } else if (route.verb == Verb::get) {
                if (more_specific(route, best_get)) best_get = &route;
            }
        }

        if (best == nullptr && wanted == Verb::head && best_get != nullptr) best = best_get;
        if (prepare != nullptr && (best == nullptr || !best->staged)) return Response{};  // Next::route: the writer's
        if (best != nullptr) {
            auto query = parse_query(query_of(target));
            if (!query) {
                return error_response(core::Error{core::ErrorKind::invalid_argument, "invalid_query",
                                                  "the query string is not valid percent-encoded UTF-8", {}},
                                      req);
            }
            std::vector<std::pair<std::string, std::string>> best_params;
            for (std::size_t i = 0; i < segments->size(); ++i) {
                const auto& pattern = best->segments[i];
                if (!pattern.is_param()) continue;
                const std::string_view value = (*segments)[i];
                best_params.emplace_back(pattern.name,
                                         std::string(value.substr(pattern.literal.size(), value.size() -
                                                                                              pattern.literal.size() -
                                                                                              pattern.suffix.size())));
            }
            RouteParams params{std::move(best_params), std::move(*query)};
            params.set_client(client_address(req, peer));
            if (prepare == nullptr) return call(*best, req, std::move(params));
            // The server-thread half of a staged write (decision 0044): checks and prepare stage only.
            prepare->next = PreparedWrite::Next::answer;
            if (auto refused = check(*best, req, params)) return std::move(*refused);
            auto prepared = best->staged->prepare(req, params);
            if (auto* answered = std::get_if<Response>(&prepared)) return std::move(*answered);
            prepare->next = PreparedWrite::Next::write;
            prepare->route = static_cast<std::size_t>(best - routes_.data());
            prepare->pattern = best->pattern;
            prepare->params = std::move(params);
            prepare->input = std::move(std::get<std::any>(prepared));
            return Response{};
        }
        if (!allowed.empty()) {
            if (std::find(allowed.begin(), allowed.end(), Verb::get) != allowed.end() &&
                std::find(allowed.begin(), allowed.end(), Verb::head) == allowed.end()) {
                allowed.push_back(Verb::head);
            }
            std::sort(allowed.begin(), allowed.end(), [](Verb a, Verb b) { return verb_rank(a) < verb_rank(b); });
            std::string allow;
            for (const auto verb : allowed) {
                if (!allow.empty()) allow += ", ";
                allow += beast_http::to_string(verb);
            }
            Response res = json_response(beast_http::status::method_not_allowed,
                                         error_body("method_not_allowed", "this method is not allowed here; see Allow"),
                                         req);
            res.set(beast_http::field::allow, allow);
            return res;
        }
    }

    if (prepare != nullptr) return Response{};  // Next::route: the writer answers it whole, as before
    if (is_api_path(raw_path)) {
        if (!segments) {
            return error_response(core::Error{core::ErrorKind::invalid_argument, "invalid_path",
                                              "the path is not valid percent-encoded UTF-8", {}},
                                  req);
        }
        return error_response(core::Error{core::ErrorKind::not_found, "not_found", "no such API endpoint", {}}, req);
    }
    if (static_files_) {
        from_static_files = true;
        return static_files_->serve(req);
    }
    return error_response(core::Error{core::ErrorKind::not_found, "not_found", "not found", {}}, req);
}

std::vector<Router::Entry> Router::access_table() const {
    std::vector<Entry> out;
    for (const Route& r : routes_) out.push_back(Entry{std::string(beast_http::to_string(r.verb)), r.pattern, r.access});
    return out;
}

std::vector<std::pair<std::string, std::string>> Router::table() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Route& r : routes_) out.emplace_back(std::string(beast_http::to_string(r.verb)), r.pattern);
    return out;
}

}  // namespace motcua::http
