// The QR picture of the receipt: drawn where a scanner expects it (finder patterns in three corners, a quiet zone),
// and the link it carries.
#include <regex>
#include <set>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "http/qr_svg.hpp"

using motcua::http::lookup_url;
using motcua::http::qr_svg;

namespace {

struct Picture {
    int side = 0;                       // modules, quiet zone included
    std::set<std::pair<int, int>> dark;  // (x, y) of every dark module
};

// Reads back the SVG as drawn: the viewBox size and the unit squares of the path.
Picture read(const std::string& svg) {
    Picture p;
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, std::regex(R"re(viewBox="0 0 (\d+) (\d+)")re")));
    p.side = std::stoi(m[1]);
    CHECK(m[1] == m[2]);
    const std::regex square(R"re(M(\d+) (\d+)h1v1h-1z)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), square); it != std::sregex_iterator(); ++it)
        p.dark.insert({std::stoi((*it)[1]), std::stoi((*it)[2])});
    return p;
}

// A finder pattern: 7×7, dark outer ring, light ring, dark 3×3 centre.
bool finder_at(const Picture& p, int x0, int y0) {
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (p.dark.count({x0 + x, y0 + y}) != ((ring || centre) ? 1U : 0U)) return false;
        }
    return true;
}

}  // namespace

TEST_CASE("qr_svg draws finder patterns in three corners inside a four-module quiet zone") {
    const Picture p =
        read(qr_svg("https://motcua.example.vn/lookup.html?code=000.21.40.H56-261126-0001&key=7K3QH9M2XD"));
    const int width = p.side - 8;
    CHECK((width - 17) % 4 == 0);  // a QR symbol is 17 + 4 × version modules wide
    CHECK(width >= 21);
    CHECK(finder_at(p, 4, 4));
    CHECK(finder_at(p, 4 + width - 7, 4));
    CHECK(finder_at(p, 4, 4 + width - 7));
    CHECK_FALSE(finder_at(p, 4 + width - 7, 4 + width - 7));
    for (const auto& [x, y] : p.dark) {
        CHECK(x >= 4);
        CHECK(y >= 4);
        CHECK(x < p.side - 4);
        CHECK(y < p.side - 4);
    }
}

TEST_CASE("qr_svg grows with the text and differs for different texts") {
    const Picture small = read(qr_svg("short"));
    const Picture large = read(qr_svg(std::string(300, 'x')));
    CHECK(large.side > small.side);
    CHECK(read(qr_svg("code A")).dark != read(qr_svg("code B")).dark);
}

TEST_CASE("qr_svg is a standalone SVG that scales without blurring") {
    const std::string svg = qr_svg("x", 5);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(svg.find("shape-rendering=\"crispEdges\"") != std::string::npos);
    const Picture p = read(svg);
    CHECK(svg.find("width=\"" + std::to_string(p.side * 5) + "\"") != std::string::npos);
}

TEST_CASE("lookup_url puts the code and key of the receipt behind the configured address, percent-encoded") {
    CHECK(lookup_url("https://motcua.example.vn", "000.21.40.H56-261126-0001", "7K3QH9M2XD") ==
          "https://motcua.example.vn/lookup.html?code=000.21.40.H56-261126-0001&key=7K3QH9M2XD");
    CHECK(lookup_url("http://10.0.0.5:8080", "a&b c", "k=1") ==
          "http://10.0.0.5:8080/lookup.html?code=a%26b%20c&key=k%3D1");
}
