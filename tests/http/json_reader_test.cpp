// Strict reading of request bodies: what a client may send, and the field-level 400s for everything else.
#include <doctest/doctest.h>

#include <string>

#include "http/json_reader.hpp"

using namespace motcua;
using namespace motcua::http;

namespace {

/// The error parse_object gives for `body`; fails the test when it parses.
core::Error refusal(std::string_view body, const JsonLimits& limits = {}) {
    auto r = parse_object(body, limits);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == core::ErrorKind::invalid_argument);
    return r.error();
}

std::string nested_arrays(std::size_t depth) { return "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}"; }

}  // namespace

TEST_CASE("parse_object reads an ordinary object with nested objects, arrays and Vietnamese text") {
    auto doc = parse_object(R"({"applicant":{"name":"Trần Thị Bích Ngọc"},"components":[{"id":"c1","n":2}],"ok":true})");
    REQUIRE(doc.has_value());
    CHECK(doc->at("applicant").at("name") == "Trần Thị Bích Ngọc");
    CHECK(doc->at("components")[0].at("n") == 2);
    CHECK(doc->at("ok") == true);
}

TEST_CASE("parse_object refuses text that is not JSON, or JSON that is not an object, as invalid_json") {
    for (const char* body : {"", "{", "{\"a\":1,}", "{\"a\":1} trailing", "nul", "[1,2]", "\"text\"", "42"}) {
        CAPTURE(body);
        CHECK(refusal(body).code == "invalid_json");
    }
}

TEST_CASE("parse_object names the field whose string is not valid UTF-8") {
    const auto e = refusal("{\"applicant\":{\"name\":\"Tr\xff\xfe\"}}");
    CHECK(e.code == "invalid_utf8");
    CHECK(e.field == "applicant.name");
    // An overlong encoding and a lone surrogate escape are refused the same way.
    CHECK(refusal("{\"a\":\"\xc0\xaf\"}").code == "invalid_utf8");
    const auto surrogate = refusal(R"({"items":["ok","\ud800"]})");
    CHECK(surrogate.code == "invalid_utf8");
    CHECK(surrogate.field == "items[1]");
}

TEST_CASE("parse_object refuses a key given twice in one object, naming it, but allows it in sibling objects") {
    const auto e = refusal(R"({"applicant":{"name":"A","phone":"1","name":"B"}})");
    CHECK(e.code == "duplicate_key");
    CHECK(e.field == "applicant.name");
    CHECK(refusal(R"({"a":1,"a":1})").field == "a");
    CHECK(parse_object(R"({"x":[{"a":1},{"a":2}],"a":{"a":3}})").has_value());
}

TEST_CASE("parse_object refuses a number no double can hold, naming its field") {
    const auto e = refusal(R"({"components":[{"originals":1e400}]})");
    CHECK(e.code == "number_out_of_range");
    CHECK(e.field == "components[0].originals");
    // Large integers still parse (range checks belong to the field's reader), so do ordinary floats.
    CHECK(parse_object(R"({"n":123456789012345678901234567890,"f":1.5e10})").has_value());
}

TEST_CASE("parse_object bounds nesting depth, string length and key length") {
    JsonLimits limits;
    limits.max_depth = 8;
    limits.max_string_bytes = 10;
    limits.max_key_bytes = 4;
    CHECK(parse_object(nested_arrays(7), limits).has_value());  // the body's object plus 7 arrays = 8 levels
    const auto deep = refusal(nested_arrays(8), limits);
    CHECK(deep.code == "too_deep");
    CHECK(deep.field == "a[0][0][0][0][0][0][0]");
    CHECK(parse_object(R"({"s":"0123456789"})", limits).has_value());
    const auto long_string = refusal(R"({"s":"01234567890"})", limits);
    CHECK(long_string.code == "too_long");
    CHECK(long_string.field == "s");
    CHECK(refusal(R"({"abcde":1})", limits).code == "too_long");
}

TEST_CASE("parse_object survives a body nested a hundred thousand levels deep with a plain 400") {
    const std::string body(100000, '[');
    CHECK(refusal(body).code == "too_deep");
    CHECK(refusal("{\"a\":" + body).code == "too_deep");
}

TEST_CASE("JsonObject.integer refuses numbers out of range and fractions with the field name") {
    auto doc = parse_object(R"({"a":99999999999999999999,"b":-5,"c":1.5,"d":7})");
    REQUIRE(doc.has_value());
    const JsonObject o(*doc, "x");
    const auto a = o.integer("a", 0, 0, 100);
    REQUIRE_FALSE(a.has_value());
    CHECK(a.error().field == "x.a");
    CHECK(a.error().code == "invalid_type");  // beyond 64 bits: no longer a whole number to JSON
    CHECK(o.integer("b", 0, 0, 100).error().code == "out_of_range");
    CHECK(o.integer("c", 0, 0, 100).error().code == "invalid_type");
    CHECK(*o.integer("d", 0, 0, 100) == 7);
}

TEST_CASE("JsonObject.instant refuses an impossible date such as 2025-02-30 with the field name") {
    auto doc = parse_object(R"({"at":"2025-02-30T09:00:00+07:00","ok":"2024-02-29T09:00:00+07:00"})");
    REQUIRE(doc.has_value());
    const JsonObject o(*doc, "");
    const auto bad = o.instant("at");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().field == "at");
    CHECK(bad.error().code == "invalid_datetime");
    CHECK(o.instant("ok").has_value());
}

TEST_CASE("check_json_content_type accepts application/json in UTF-8 only") {
    for (const char* ok : {"application/json", "Application/JSON", "application/json; charset=utf-8",
                           "application/json;charset=\"UTF-8\"", " application/json "}) {
        CAPTURE(ok);
        CHECK_FALSE(check_json_content_type(ok).has_value());
    }
    for (const char* bad : {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                            "application/json; charset=latin1", "application/jsonp", "text/json"}) {
        CAPTURE(bad);
        const auto e = check_json_content_type(bad);
        REQUIRE(e.has_value());
        CHECK(e->code == "unsupported_media_type");
        CHECK(e->kind == core::ErrorKind::invalid_argument);
    }
}
