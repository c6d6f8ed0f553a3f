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

Response json_text_response(beast_http::status status, std::string body, const Request& req) {
    Response res{status, req.version()};
    res.set(beast_http::field::content_type, kJsonContentType);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace motcua::http
