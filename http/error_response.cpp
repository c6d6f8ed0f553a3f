#include "http/error_response.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "http/json_response.hpp"
#include "http/log.hpp"

namespace motcua::http {

beast_http::status http_status(const core::Error& error) noexcept {
    using core::ErrorKind;
    using beast_http::status;
    // No default: -Wswitch-enum makes a new ErrorKind a compile warning here until it is mapped.
    switch (error.kind) {
        case ErrorKind::invalid_argument: return status::bad_request;
        case ErrorKind::unprocessable: return status::unprocessable_entity;
        case ErrorKind::not_found: return status::not_found;
        case ErrorKind::already_exists: return status::conflict;
        case ErrorKind::failed_precondition: return status::conflict;
        case ErrorKind::conflict: return status::conflict;
        case ErrorKind::permission_denied: return status::forbidden;
        case ErrorKind::resource_exhausted: return status::too_many_requests;
        case ErrorKind::unauthenticated: return status::unauthorized;
        case ErrorKind::internal: return status::internal_server_error;
    }
    return status::internal_server_error;  // not reached: every enumerator returns above
}

nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field) {
    nlohmann::json error = {{"code", code}, {"message", message}};
    if (!field.empty()) error["field"] = field;
    return {{"error", std::move(error)}};
}

Response error_response(const core::Error& error, unsigned version, bool keep_alive) {
    const std::string code = error.code.empty() ? core::to_string(error.kind) : error.code;
    std::string_view message = error.message;
    if (error.kind == core::ErrorKind::internal) {
        log_line("error", "internal error returned as a value: code=" + code + " message=" + error.message);
        message = "internal error";
    }
    return json_response(http_status(error), error_body(code, message, error.field), version, keep_alive);
}

Response error_response(const core::Error& error, const Request& req) {
    return error_response(error, req.version(), req.keep_alive());
}

}  // namespace motcua::http
