#include <doctest/doctest.h>

#include <string>

#include "http/url.hpp"

using namespace motcua::http;

TEST_CASE("path_of and query_of split a target at the first question mark" * doctest::test_suite("http")) {
    CHECK(path_of("/api/v1/dossiers?page=2&q=a?b") == "/api/v1/dossiers");
    CHECK(query_of("/api/v1/dossiers?page=2&q=a?b") == "page=2&q=a?b");
    CHECK(path_of("/plain") == "/plain");
    CHECK(query_of("/plain").empty());
    CHECK(query_of("/x?").empty());
    CHECK(path_of("/x#frag") == "/x");
    CHECK(query_of("/x?a=1#frag") == "a=1");
}

TEST_CASE("percent_decode decodes escapes and treats plus as a space only when asked" * doctest::test_suite("http")) {
    CHECK(percent_decode("H%E1%BB%93%20s%C6%A1", false) == std::string("Hồ sơ"));
    CHECK(percent_decode("a+b", false) == std::string("a+b"));
    CHECK(percent_decode("a+b", true) == std::string("a b"));
    CHECK(percent_decode("%2B", true) == std::string("+"));
    CHECK(percent_decode("%2e%2E", false) == std::string(".."));
    CHECK(percent_decode("%00", false) == std::string(1, '\0'));
    CHECK(percent_decode("", false) == std::string());
}

TEST_CASE("percent_decode refuses malformed escapes" * doctest::test_suite("http")) {
    CHECK_FALSE(percent_decode("%", false));
    CHECK_FALSE(percent_decode("abc%4", false));
    CHECK_FALSE(percent_decode("%zz", false));
    CHECK_FALSE(percent_decode("%%41", false));
}

TEST_CASE("is_valid_utf8 accepts Vietnamese text and refuses malformed sequences" * doctest::test_suite("http")) {
    CHECK(is_valid_utf8("Bộ phận Một cửa"));
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));          // U+1F600, four bytes
    CHECK_FALSE(is_valid_utf8("\xC3"));                // truncated
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));            // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));        // overlong, three bytes
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));        // a UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));    // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\x80"));                // a lone continuation byte
}

TEST_CASE("parse_query decodes names and values in order and skips empty items" * doctest::test_suite("http")) {
    const auto items = parse_query("page=2&q=Nguy%E1%BB%85n+V%C4%83n&&flag&tag=a&tag=b&empty=");
    REQUIRE(items);
    REQUIRE(items->size() == 6);
    CHECK((*items)[0] == QueryItem{"page", "2"});
    CHECK((*items)[1] == QueryItem{"q", "Nguyễn Văn"});
    CHECK((*items)[2] == QueryItem{"flag", ""});
    CHECK((*items)[3] == QueryItem{"tag", "a"});
    CHECK((*items)[4] == QueryItem{"tag", "b"});
    CHECK((*items)[5] == QueryItem{"empty", ""});
    CHECK(parse_query("")->empty());
}

TEST_CASE("parse_query refuses bad escapes, NUL bytes and invalid UTF-8" * doctest::test_suite("http")) {
    CHECK_FALSE(parse_query("a=%zz"));
    CHECK_FALSE(parse_query("a=%00"));
    CHECK_FALSE(parse_query("%00=1"));
    CHECK_FALSE(parse_query("a=%C3"));
}
