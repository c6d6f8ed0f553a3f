#include <cstdlib>
#include <fstream>

#include <doctest/doctest.h>

#include "http/xlsx.hpp"
#include "tests/http/http_test_support.hpp"

using namespace motcua::http;

TEST_CASE("an XLSX report is a real workbook: text columns stay text, numeric columns are numbers") {
    const std::string bytes = to_xlsx("ii06a", {"key", "name", "resolved_total"},
                                      {{"1.004220", "Phường Hạc Thành", "42"}, {"total", "Tổng cộng", "inf"}},
                                      {false, false, true});
    REQUIRE(bytes.size() > 100);
    CHECK(bytes.rfind("PK", 0) == 0);
    test::TempDir dir;
    const auto file = dir.path() / "r.xlsx";
    std::ofstream(file, std::ios::binary) << bytes;
    // Read it back with an independent reader (Python's zipfile) and check the sheet's XML.
    const std::string check = "python3 - '" + file.string() + "' <<'PY'\n"
                              "import sys, zipfile, re\n"
                              "z = zipfile.ZipFile(sys.argv[1])\n"
                              "sheet = z.read('xl/worksheets/sheet1.xml').decode()\n"
                              "strings = z.read('xl/sharedStrings.xml').decode()\n"
                              "assert 'Tổng cộng' in strings and 'Phường Hạc Thành' in strings and 'resolved_total' in strings\n"
                              "assert re.search(r'<c r=\"C2\"[^>]*><v>42</v>', sheet), sheet\n"
                              "assert '1.004220' in strings, 'a code in a text column keeps its digits'\n"
                              "assert 'inf' in strings, 'a non-number in a numeric column stays text'\n"
                              "PY";
    CHECK(std::system(check.c_str()) == 0);
}
