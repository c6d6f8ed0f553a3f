#include <doctest/doctest.h>

#include "http/health.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::http::test::json_of;
using motcua::http::test::make_request;

TEST_CASE("GET /healthz answers 200 with status ok" * doctest::test_suite("http")) {
    Router router;
    add_health_routes(router);
    const auto res = router.route(make_request(Verb::get, "/healthz"));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(json_of(res) == nlohmann::json{{"status", "ok"}});
    CHECK(router.route(make_request(Verb::post, "/healthz", "{}")).result() == beast_http::status::method_not_allowed);
}
