#include "http/health.hpp"

#include <nlohmann/json.hpp>

#include "http/json_response.hpp"

namespace motcua::http {

void add_health_routes(Router& router) {
    router.add(Verb::get, "/healthz", Access::anyone(), [](const Request& req, const RouteParams&) {
        return json_response(beast_http::status::ok, {{"status", "ok"}}, req);
    });
}

}  // namespace motcua::http
