#pragma once
// Errors that users can cause are values: Result<T>. Infrastructure failures are exceptions, caught once at the edge.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace motcua::core {

/// A small set of canonical error kinds (after Abseil's status codes). The HTTP mapping lives in one switch in
/// http/error_response.cpp; the CLI maps every kind to a non-zero exit.
enum class ErrorKind {
    invalid_argument,     ///< the input is malformed: syntax, type, format or range (HTTP 400)
    unprocessable,        ///< well-formed, but breaks a domain rule: unknown procedure, missing component (422)
    not_found,            ///< the thing named does not exist (404)
    already_exists,       ///< a unique thing would be created twice (409)
    failed_precondition,  ///< the request is well-formed but the current state forbids it (409)
    conflict,             ///< a concurrent edit won (409)
    permission_denied,    ///< authenticated but not allowed (403)
    resource_exhausted,   ///< too many attempts; try again later (429)
    unauthenticated,      ///< no valid credentials (401)
    internal,             ///< a bug or an infrastructure failure reported as a value (500)
};

/// Stable, machine-readable name of an error kind ("invalid_argument", ...).
[[nodiscard]] const char* to_string(ErrorKind kind) noexcept;

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string code;     ///< stable code for clients, e.g. "invalid_date"; defaults to the kind's name
    std::string message;  ///< a sentence for people
    std::string field;    ///< the input field at fault, if any ("received_at", "applicant.id_number")
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

/// Builds an unexpected Error. `code` defaults to the kind's name when empty.
[[nodiscard]] tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string field = {},
                                         std::string code = {});

}  // namespace motcua::core
