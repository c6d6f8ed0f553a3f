#include "http/json_reader.hpp"

namespace motcua::http {
namespace {

using core::ErrorKind;
using core::fail;

}  // namespace

core::Result<nlohmann::json> parse_object(std::string_view body) {
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) return fail(ErrorKind::invalid_argument, "the body is not valid JSON", {}, "invalid_json");
    if (!doc.is_object()) return fail(ErrorKind::invalid_argument, "the body must be a JSON object", {}, "invalid_json");
    return doc;
}

std::string JsonObject::field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool JsonObject::has(std::string_view key) const {
    auto it = value_.find(key);
    return it != value_.end() && !it->is_null();
}

core::Result<std::string> JsonObject::string(std::string_view key, bool required, std::size_t max_bytes) const {
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) {
        if (required) return fail(ErrorKind::invalid_argument, field(key) + " is required", field(key), "missing_field");
        return std::string();
    }
    if (!it->is_string())
        return fail(ErrorKind::invalid_argument, field(key) + " must be a string", field(key), "invalid_type");
    std::string s = it->get<std::string>();
    if (s.size() > max_bytes)
        return fail(ErrorKind::invalid_argument,
                    field(key) + " is longer than " + std::to_string(max_bytes) + " bytes", field(key), "too_long");
    if (required && s.empty())
        return fail(ErrorKind::invalid_argument, field(key) + " must not be empty", field(key), "missing_field");
    return s;
}

core::Result<std::int64_t> JsonObject::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                               std::int64_t max) const {
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) return fallback;
    if (!it->is_number_integer())
        return fail(ErrorKind::invalid_argument, field(key) + " must be a whole number", field(key), "invalid_type");
    const std::int64_t v = it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                               ? max + 1
                               : it->get<std::int64_t>();
    if (v < min || v > max)
        return fail(ErrorKind::invalid_argument,
                    field(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max), field(key),
                    "out_of_range");
    return v;
}

core::Result<bool> JsonObject::boolean(std::string_view key, bool fallback) const {
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) return fallback;
    if (!it->is_boolean())
        return fail(ErrorKind::invalid_argument, field(key) + " must be true or false", field(key), "invalid_type");
    return it->get<bool>();
}

core::Result<std::optional<core::Timestamp>> JsonObject::instant(std::string_view key) const {
    auto text = string(key, false, 64);
    if (!text) return tl::unexpected(text.error());
    if (text->empty()) return std::optional<core::Timestamp>{};
    auto t = core::parse_instant(*text, field(key));
    if (!t) return tl::unexpected(t.error());
    return std::optional<core::Timestamp>{*t};
}

core::Result<std::vector<std::string>> JsonObject::strings(std::string_view key, std::size_t max_items) const {
    std::vector<std::string> out;
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) return out;
    if (!it->is_array())
        return fail(ErrorKind::invalid_argument, field(key) + " must be a list of strings", field(key), "invalid_type");
    if (it->size() > max_items)
        return fail(ErrorKind::invalid_argument, field(key) + " has too many items", field(key), "too_long");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& v = (*it)[i];
        const std::string f = field(key) + "[" + std::to_string(i) + "]";
        if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 2000)
            return fail(ErrorKind::invalid_argument, f + " must be a non-empty string", f, "invalid_type");
        out.push_back(v.get<std::string>());
    }
    return out;
}

core::Result<std::vector<JsonObject>> JsonObject::objects(std::string_view key, bool required,
                                                          std::size_t max_items) const {
    std::vector<JsonObject> out;
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) {
        if (required) return fail(ErrorKind::invalid_argument, field(key) + " is required", field(key), "missing_field");
        return out;
    }
    if (!it->is_array())
        return fail(ErrorKind::invalid_argument, field(key) + " must be a list", field(key), "invalid_type");
    if (it->size() > max_items)
        return fail(ErrorKind::invalid_argument, field(key) + " has too many items", field(key), "too_long");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string f = field(key) + "[" + std::to_string(i) + "]";
        if (!(*it)[i].is_object())
            return fail(ErrorKind::invalid_argument, f + " must be an object", f, "invalid_type");
        out.emplace_back((*it)[i], f);
    }
    return out;
}

core::Result<std::optional<JsonObject>> JsonObject::object(std::string_view key, bool required) const {
    auto it = value_.find(key);
    if (it == value_.end() || it->is_null()) {
        if (required) return fail(ErrorKind::invalid_argument, field(key) + " is required", field(key), "missing_field");
        return std::optional<JsonObject>{};
    }
    if (!it->is_object())
        return fail(ErrorKind::invalid_argument, field(key) + " must be an object", field(key), "invalid_type");
    return std::optional<JsonObject>{JsonObject(*it, field(key))};
}

}  // namespace motcua::http
