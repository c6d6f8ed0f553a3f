#include <doctest/doctest.h>

#include "http/csv.hpp"

using namespace motcua::http;

TEST_CASE("CSV quotes fields with commas, quotes and line breaks, and starts with a UTF-8 byte-order mark") {
    const std::string csv = to_csv({"a", "b"}, {{"x,y", "say \"hi\""}, {"line\nbreak", "Tổng cộng"}});
    CHECK(csv == "\xEF\xBB\xBF" "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",Tổng cộng\r\n");
}

TEST_CASE("CSV keeps text that looks like a formula from being evaluated by a spreadsheet") {
    CHECK(to_csv({"f"}, {{"=HYPERLINK(\"x\")"}, {"-12.5"}, {"+84903123456"}}) ==
          "\xEF\xBB\xBF" "f\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n-12.5\r\n'+84903123456\r\n");
}
