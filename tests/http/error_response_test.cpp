#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "http/error_response.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::core::Error;
using motcua::core::ErrorKind;
using motcua::http::test::json_of;
using motcua::http::test::make_request;

TEST_CASE("http_status maps every ErrorKind to its status" * doctest::test_suite("http")) {
    struct Case {
        ErrorKind kind;
        beast_http::status status;
    };
    const Case cases[] = {
        {ErrorKind::invalid_argument, beast_http::status::bad_request},
        {ErrorKind::unprocessable, beast_http::status::unprocessable_entity},
        {ErrorKind::not_found, beast_http::status::not_found},
        {ErrorKind::already_exists, beast_http::status::conflict},
        {ErrorKind::failed_precondition, beast_http::status::conflict},
        {ErrorKind::conflict, beast_http::status::conflict},
        {ErrorKind::permission_denied, beast_http::status::forbidden},
        {ErrorKind::unauthenticated, beast_http::status::unauthorized},
        {ErrorKind::internal, beast_http::status::internal_server_error},
    };
    for (const auto& c : cases) {
        CAPTURE(motcua::core::to_string(c.kind));
        CHECK(http_status(Error{c.kind, "x", "m", {}}) == c.status);
    }
}

TEST_CASE("The kind alone decides between 400 and 422, whether or not a field is named" *
          doctest::test_suite("http")) {
    CHECK(http_status(Error{ErrorKind::invalid_argument, "invalid_date", "not a date", "received_at"}) ==
          beast_http::status::bad_request);
    CHECK(http_status(Error{ErrorKind::invalid_argument, "invalid_json", "not JSON", ""}) ==
          beast_http::status::bad_request);
    CHECK(http_status(Error{ErrorKind::unprocessable, "unknown_procedure", "no such procedure", "procedure_code"}) ==
          beast_http::status::unprocessable_entity);
    CHECK(http_status(Error{ErrorKind::unprocessable, "rule", "breaks a rule", ""}) ==
          beast_http::status::unprocessable_entity);
}

TEST_CASE("error_response sends code, message and field as JSON" * doctest::test_suite("http")) {
    const auto req = make_request(motcua::http::Verb::post, "/api/v1/intakes", "{}");
    const auto res = error_response(
        Error{ErrorKind::unprocessable, "missing_component", "Thiếu thành phần hồ sơ bắt buộc", "components"}, req);
    CHECK(res.result() == beast_http::status::unprocessable_entity);
    CHECK(res[beast_http::field::content_type] == "application/json; charset=utf-8");
    CHECK(res[beast_http::field::content_length] == std::to_string(res.body().size()));
    CHECK(json_of(res) == nlohmann::json{{"error",
                                          {{"code", "missing_component"},
                                           {"message", "Thiếu thành phần hồ sơ bắt buộc"},
                                           {"field", "components"}}}});
}

TEST_CASE("error_response leaves out an empty field and falls back to the kind's name for an empty code" *
          doctest::test_suite("http")) {
    const auto res = error_response(Error{ErrorKind::conflict, "", "someone else changed it", ""}, 11, true);
    CHECK(res.result() == beast_http::status::conflict);
    CHECK(json_of(res) == nlohmann::json{{"error", {{"code", "conflict"}, {"message", "someone else changed it"}}}});
}

TEST_CASE("error_response never sends the message of an internal error" * doctest::test_suite("http")) {
    const auto res = error_response(Error{ErrorKind::internal, "storage", "SQLITE_CORRUPT in /var/lib/x.db", ""},
                                    make_request(motcua::http::Verb::get, "/api/x"));
    CHECK(res.result() == beast_http::status::internal_server_error);
    CHECK(json_of(res)["error"]["message"] == "internal error");
    CHECK(json_of(res)["error"]["code"] == "storage");
    CHECK(res.body().find("SQLITE") == std::string::npos);
}

TEST_CASE("error_response answers in the request's HTTP version and keep-alive" * doctest::test_suite("http")) {
    auto req = make_request(motcua::http::Verb::get, "/api/x", {}, 10);
    const auto old = error_response(Error{ErrorKind::not_found, "not_found", "no", ""}, req);
    CHECK(old.version() == 10);
    CHECK_FALSE(old.keep_alive());
    const auto closing = error_response(Error{ErrorKind::not_found, "not_found", "no", ""}, 11, false);
    CHECK_FALSE(closing.keep_alive());
}

TEST_CASE("error_body builds the one error shape" * doctest::test_suite("http")) {
    CHECK(error_body("a", "b") == nlohmann::json{{"error", {{"code", "a"}, {"message", "b"}}}});
    CHECK(error_body("a", "b", "c") == nlohmann::json{{"error", {{"code", "a"}, {"message", "b"}, {"field", "c"}}}});
}
