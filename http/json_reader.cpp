#include "http/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace motcua::http {
namespace {

using core::ErrorKind;
using core::fail;
using nlohmann::json;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Builds the document like nlohmann's own DOM parser, but refuses duplicate keys, excessive depth and long
/// strings as it goes, and remembers where it is so that an error can name the field.
class StrictBuilder final : public nlohmann::json_sax<json> {
public:
    explicit StrictBuilder(const JsonLimits& limits) : limits_(limits) {}

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return value(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
    bool number_float(number_float_t v, const string_t&) override {
        if (!std::isfinite(v)) return refuse("number_out_of_range", "is a number out of range");
        return value(json(v));
    }
    bool string(string_t& v) override {
        if (v.size() > limits_.max_string_bytes)
            return refuse("too_long", "is longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
        return value(json(std::move(v)));
    }
    bool binary(binary_t&) override { return refuse("invalid_json", "is not JSON"); }  // not reachable from text
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        Frame& top = frames_.back();
        if (k.size() > limits_.max_key_bytes) {
            return refuse("too_long", "has a key longer than " + std::to_string(limits_.max_key_bytes) + " bytes");
        }
        if (top.node->contains(k)) {
            top.key = k;
            top.has_key = true;
            return refuse("duplicate_key", "appears twice in the same object");
        }
        top.key = std::move(k);
        top.has_key = true;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        if (error_) return false;  // our own refusal stopped the parser: keep it
        const std::string what = ex.what();
        if (what.find("UTF-8") != std::string::npos || what.find("UTF-16") != std::string::npos ||
            what.find("surrogate") != std::string::npos) {
            error_ = core::Error{ErrorKind::invalid_argument, "invalid_utf8",
                                 where_text() + "is not valid UTF-8 text (at byte " + std::to_string(position) + ")",
                                 path()};
        } else if (what.find("number overflow") != std::string::npos) {
            error_ = core::Error{ErrorKind::invalid_argument, "number_out_of_range",
                                 where_text() + "holds a number out of range (at byte " + std::to_string(position) +
                                     ")",
                                 path()};
        } else {
            error_ = core::Error{ErrorKind::invalid_argument, "invalid_json",
                                 "the body is not valid JSON (at byte " + std::to_string(position) + ")", {}};
        }
        return false;
    }

    [[nodiscard]] json take() { return std::move(root_); }
    [[nodiscard]] const std::optional<core::Error>& error() const { return error_; }

private:
    struct Frame {
        json* node;
        std::string key;       // objects: the key being read
        bool has_key = false;  // objects: a key was read (before the first one, the path is the object itself)
    };

    // "applicant.phone", "components[2]": the path to the value being read now.
    [[nodiscard]] std::string path() const {
        std::string out;
        for (std::size_t i = 0; i < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            if (f.node->is_array()) {
                // The innermost array is about to receive its next element; an outer one already holds the
                // container being read.
                const std::size_t index = f.node->size() - (i + 1 < frames_.size() ? 1 : 0);
                out += "[" + std::to_string(index) + "]";
            } else if (f.has_key) {
                if (!out.empty()) out += ".";
                out += f.key;
            }
        }
        return out;
    }
    [[nodiscard]] std::string where_text() const {
        const std::string p = path();
        return p.empty() ? "the body " : p + " ";
    }

    bool refuse(const char* code, const std::string& what) {
        const std::string p = path();
        error_ = core::Error{ErrorKind::invalid_argument, code, (p.empty() ? std::string("the body") : p) + " " + what,
                             p};
        return false;
    }

    // Places a value where the parser is: the root, the next array element, or the current key.
    json* place(json&& v) {
        if (frames_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Frame& top = frames_.back();
        if (top.node->is_array()) {
            top.node->push_back(std::move(v));
            return &top.node->back();
        }
        json& slot = (*top.node)[top.key];
        slot = std::move(v);
        return &slot;
    }
    bool value(json&& v) {
        place(std::move(v));
        return true;
    }
    bool open(json&& container) {
        if (frames_.size() >= limits_.max_depth)
            return refuse("too_deep", "nests objects and arrays deeper than " + std::to_string(limits_.max_depth) +
                                          " levels");
        json* node = place(std::move(container));
        frames_.push_back(Frame{node, {}, false});
        return true;
    }
    bool close() {
        frames_.pop_back();
        return true;
    }

    const JsonLimits& limits_;
    json root_;
    std::vector<Frame> frames_;
    std::optional<core::Error> error_;
};

}  // namespace

core::Result<nlohmann::json> parse_object(std::string_view body, const JsonLimits& limits) {
    StrictBuilder builder(limits);
    const bool ok = json::sax_parse(body, &builder, json::input_format_t::json, true, false);
    if (!ok || builder.error()) {
        if (builder.error()) return tl::unexpected(*builder.error());
        return fail(ErrorKind::invalid_argument, "the body is not valid JSON", {}, "invalid_json");
    }
    json doc = builder.take();
    if (!doc.is_object()) return fail(ErrorKind::invalid_argument, "the body must be a JSON object", {}, "invalid_json");
    return doc;
}

std::optional<core::Error> check_json_content_type(std::string_view content_type) {
    const auto refuse = [&] {
        return core::Error{ErrorKind::invalid_argument, "unsupported_media_type",
                           "send the body as Content-Type: application/json (UTF-8)", {}};
    };
    std::string_view rest = content_type;
    const auto semi = rest.find(';');
    if (lower(trim(rest.substr(0, semi))) != "application/json") return refuse();
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!rest.empty()) {
        const auto next = rest.find(';');
        const std::string_view param = trim(rest.substr(0, next));
        rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        const auto eq = param.find('=');
        if (eq == std::string_view::npos) continue;
        if (lower(trim(param.substr(0, eq))) != "charset") continue;
        std::string_view charset = trim(param.substr(eq + 1));
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
            charset = charset.substr(1, charset.size() - 2);
        const std::string c = lower(charset);
        if (c != "utf-8" && c != "utf8") return refuse();
    }
    return std::nullopt;
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
