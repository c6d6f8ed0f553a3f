#include "core/error.hpp"

namespace motcua::core {

const char* to_string(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::invalid_argument: return "invalid_argument";
        case ErrorKind::unprocessable: return "unprocessable";
        case ErrorKind::not_found: return "not_found";
        case ErrorKind::already_exists: return "already_exists";
        case ErrorKind::failed_precondition: return "failed_precondition";
        case ErrorKind::conflict: return "conflict";
        case ErrorKind::permission_denied: return "permission_denied";
        case ErrorKind::resource_exhausted: return "resource_exhausted";
        case ErrorKind::unauthenticated: return "unauthenticated";
        case ErrorKind::internal: return "internal";
    }
    return "internal";
}

tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string field, std::string code) {
    if (code.empty()) code = to_string(kind);
    return tl::unexpected<Error>(Error{kind, std::move(code), std::move(message), std::move(field)});
}

}  // namespace motcua::core
