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

/// Parses a request body that must be a JSON object. Errors: "invalid_json" (400).
[[nodiscard]] core::Result<nlohmann::json> parse_object(std::string_view body);

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
