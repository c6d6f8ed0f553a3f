#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include <boost/beast/http/write.hpp>

#include "http/response_head.hpp"
#include "http/router.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::http::test::make_request;

namespace {

// What Beast's serializer writes for `res`: the reference the server's own head must equal byte for byte.
std::string beast_bytes(const Response& res) {
    std::ostringstream out;
    out << res;
    return out.str();
}

std::string our_bytes(const Response& res) {
    std::string head = "left over from the previous answer";
    write_response_head(res, head);
    return head + res.body();
}

}  // namespace

TEST_CASE("the response head is the bytes Beast's serializer writes, for every answer the router gives" *
          doctest::test_suite("http")) {
    Router router;
    router.add(Verb::get, "/api/v1/things/{id}", Access::anyone(), [](const Request& req, const RouteParams& params) {
        Response res{beast_http::status::ok, req.version()};
        res.set(beast_http::field::content_type, "application/json; charset=utf-8");
        res.body() = "{\"id\":\"" + params.path("id") + "\"}";
        return res;
    });
    SUBCASE("a JSON answer with the standard headers") {
        auto res = router.route(make_request(Verb::get, "/api/v1/things/7"));
        res.set("X-Request-Id", "0badf00d-1");
        CHECK(our_bytes(res) == beast_bytes(res));
        CHECK(our_bytes(res).starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"));
    }
    SUBCASE("an HTTP/1.0 request kept alive") {
        auto req = make_request(Verb::get, "/api/v1/things/8");
        req.version(10);
        auto res = router.route(req);
        res.keep_alive(true);  // as the server keeps it: HTTP/1.0 then says so in a field
        CHECK(res[beast_http::field::connection] == "keep-alive");
        CHECK(our_bytes(res) == beast_bytes(res));
    }
    SUBCASE("an error, a 405 with Allow, and a HEAD answer whose Content-Length names a body not sent") {
        for (const auto& [verb, target] : {std::pair{Verb::get, "/api/v1/nothing"}, std::pair{Verb::post, "/api/v1/things/9"},
                                           std::pair{Verb::head, "/api/v1/things/10"}}) {
            const auto res = router.route(make_request(verb, target));
            CAPTURE(target);
            CHECK(our_bytes(res) == beast_bytes(res));
        }
    }
    SUBCASE("a reason phrase of its own and a status Beast has no name for") {
        Response res{beast_http::status::ok, 11};
        res.reason("Fine");
        res.body() = "x";
        res.prepare_payload();
        CHECK(our_bytes(res) == beast_bytes(res));
        CHECK(our_bytes(res).starts_with("HTTP/1.1 200 Fine\r\n"));
        Response odd;
        odd.result(599);
        odd.version(11);
        odd.prepare_payload();
        CHECK(our_bytes(odd) == beast_bytes(odd));
    }
}
