#include <doctest/doctest.h>

#include <string>

#include "http/json_response.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::http::test::make_request;

TEST_CASE("json_response serialises compact UTF-8 JSON with its content type and length" *
          doctest::test_suite("http")) {
    const auto res = json_response(beast_http::status::created, {{"ten", "Bộ phận Một cửa"}, {"so", 1}},
                                   make_request(Verb::post, "/api/x", "{}"));
    CHECK(res.result() == beast_http::status::created);
    CHECK(res.body() == R"({"so":1,"ten":"Bộ phận Một cửa"})");
    CHECK(res[beast_http::field::content_type] == "application/json; charset=utf-8");
    CHECK(res[beast_http::field::content_length] == std::to_string(res.body().size()));
}

TEST_CASE("json_response replaces invalid UTF-8 instead of throwing" * doctest::test_suite("http")) {
    const auto res = json_response(beast_http::status::ok, {{"name", std::string("a\xFF" "b")}}, 11, true);
    CHECK(res.body() == "{\"name\":\"a\xEF\xBF\xBD" "b\"}");
}
