#pragma once
// Reading request bodies and data files field by field, with errors that name the field ("applicant.phone",
// "components[2].copies"): type mistakes are invalid_argument (400), never exceptions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::http {

/// Bounds on what a request body may hold, checked while it is parsed (before any of it is used).
struct JsonLimits {
    std::size_t max_depth = 32;                 ///< nested objects and arrays
    std::size_t max_string_bytes = 64 * 1024;   ///< one string value
    std::size_t max_key_bytes = 256;            ///< one object key
};

/// Parses a request body that must be a JSON object, strictly. Every error is invalid_argument (HTTP 400) and,
/// where the fault lies inside a value, names its field ("applicant.phone", "components[2]"):
///  - "invalid_json": not JSON (the message gives the byte offset), or not an object at the top;
///  - "invalid_utf8": a string or key that is not valid UTF-8 (JSON text is UTF-8, RFC 8259 section 8.1);
///  - "duplicate_key": an object that names a key twice (RFC 8259 leaves the meaning open; we refuse it rather
///    than silently keep one of the values);
///  - "number_out_of_range": a number no double can hold (1e400);
///  - "too_deep" / "too_long": beyond `limits`.
[[nodiscard]] core::Result<nlohmann::json> parse_object(std::string_view body, const JsonLimits& limits = {});

/// For a request that carries a body (POST, PUT, PATCH with bytes in it) to the API: the body must be declared
/// `Content-Type: application/json`, with no charset other than UTF-8. Error invalid_argument
/// "unsupported_media_type" (400, like login's) otherwise; nullopt when the request is acceptable.
/// `content_type` is the header's value, or empty when absent.
[[nodiscard]] std::optional<core::Error> check_json_content_type(std::string_view content_type);

/// True (and the error copied to `out`) when `r` failed: lets a parser read several fields, then check them at once.
template <typename T>
[[nodiscard]] bool failed(const core::Result<T>& r, core::Error& out) {
    if (r) return false;
    out = r.error();
    return true;
}

/// A JSON object with the path that led to it, for field names in errors.
class JsonObject final {
public:
    JsonObject(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path)) {}

    [[nodiscard]] std::string field(std::string_view key) const;
    [[nodiscard]] bool has(std::string_view key) const;

    /// A string; empty when absent and not required. Longer than `max_bytes` is an error.
    [[nodiscard]] core::Result<std::string> string(std::string_view key, bool required = false,
                                                   std::size_t max_bytes = 2000) const;
    [[nodiscard]] core::Result<std::int64_t> integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                                     std::int64_t max) const;
    [[nodiscard]] core::Result<bool> boolean(std::string_view key, bool fallback) const;
    /// An RFC 3339 instant; nullopt when absent.
    [[nodiscard]] core::Result<std::optional<core::Timestamp>> instant(std::string_view key) const;
    /// A list of strings (absent: empty).
    [[nodiscard]] core::Result<std::vector<std::string>> strings(std::string_view key, std::size_t max_items = 100) const;
    /// The objects of an array (absent: empty, unless required).
    [[nodiscard]] core::Result<std::vector<JsonObject>> objects(std::string_view key, bool required = false,
                                                                std::size_t max_items = 1000) const;
    /// A nested object; nullopt when absent and not required.
    [[nodiscard]] core::Result<std::optional<JsonObject>> object(std::string_view key, bool required = false) const;

private:
    const nlohmann::json& value_;
    std::string path_;
};

}  // namespace motcua::http
