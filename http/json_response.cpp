#include "http/json_response.hpp"

#include <nlohmann/json.hpp>

#include <boost/beast/http/field.hpp>

namespace motcua::http {

Response json_response(beast_http::status status, const nlohmann::json& body, unsigned version, bool keep_alive) {
    Response res{status, version};
    res.set(beast_http::field::content_type, kJsonContentType);
    res.keep_alive(keep_alive);
    res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    res.prepare_payload();
    return res;
}

Response json_response(beast_http::status status, const nlohmann::json& body, const Request& req) {
    return json_response(status, body, req.version(), req.keep_alive());
}

}  // namespace motcua::http
