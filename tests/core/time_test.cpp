#include <doctest/doctest.h>

#include "core/time.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using motcua::test::d;
using motcua::test::t;

TEST_CASE("parse_date accepts real calendar dates and refuses impossible ones") {
    CHECK(core::parse_date("2024-02-29").has_value());
    for (const char* bad : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-1-05", "20260105", "", "2026-01-05x"}) {
        CAPTURE(bad);
        auto r = core::parse_date(bad, "day");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == "invalid_date");
        CHECK(r.error().field == "day");
    }
}

TEST_CASE("parse_local_datetime reads office time to the minute or second") {
    CHECK(core::format_local_minute(t("2026-03-10T07:30")) == "2026-03-10T07:30");
    CHECK(core::parse_local_datetime("2026-03-10T07:30:45").has_value());
    CHECK_FALSE(core::parse_local_datetime("2026-03-10T24:00").has_value());
    CHECK_FALSE(core::parse_local_datetime("2026-03-10").has_value());
    CHECK(core::parse_local_datetime("2026-03-10 7:30").error().code == "invalid_datetime");
}

TEST_CASE("parse_instant honours the offset and treats a bare reading as office time") {
    const auto utc = core::parse_instant("2026-03-10T02:15:00Z");
    const auto hcm = core::parse_instant("2026-03-10T09:15:00+07:00");
    const auto bare = core::parse_instant("2026-03-10T09:15:00");
    const auto frac = core::parse_instant("2026-03-10T09:15:00.123+07:00");
    const auto paris = core::parse_instant("2026-03-10T03:15:00+01:00");
    REQUIRE((utc && hcm && bare && frac && paris));
    CHECK(*utc == *hcm);
    CHECK(*bare == *hcm);
    CHECK(*frac == *hcm);
    CHECK(*paris == *hcm);
    CHECK_FALSE(core::parse_instant("2026-03-10T09:15:00+7").has_value());
    CHECK_FALSE(core::parse_instant("2026-03-10T09:15:00+07:00junk").has_value());
}

TEST_CASE("instants are shown in office time with +07:00 and stored in UTC with Z") {
    const auto i = *core::parse_instant("2026-12-31T20:05:09Z");
    CHECK(core::format_instant(i) == "2027-01-01T03:05:09+07:00");
    CHECK(core::format_instant_utc(i) == "2026-12-31T20:05:09Z");
    CHECK(core::date_of(core::to_local(i)) == d("2027-01-01"));
}

TEST_CASE("a civil date never shifts with the time zone of the process") {
    // The OpenCRVS bug: a date-only value read as midnight UTC shows one day early west of Greenwich.
    const core::Date day = d("2026-02-17");
    CHECK(core::format_date(day) == "2026-02-17");
    CHECK(core::date_of(core::at(day, core::hm(0, 0))) == day);
    CHECK(core::date_of(core::at(day, core::hm(23, 59))) == day);
}

TEST_CASE("parse errors quote a long or hostile value only in part, never splitting a character") {
    const std::string huge = "2026-02-3" + std::string(100000, '0');
    auto r = core::parse_date(huge, "from");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.size() < 120);
    CHECK(r.error().message.find("(100009 bytes)") != std::string::npos);
    // "xy" and three-byte characters: byte 40 falls inside the 13th character, so the quote stops after the 12th.
    std::string vietnamese = "xy";
    for (int i = 0; i < 20; ++i) vietnamese += "ệ";
    auto v = core::parse_instant(vietnamese, "at");
    REQUIRE_FALSE(v.has_value());
    const auto open = v.error().message.find('"');
    const auto close = v.error().message.find('"', open + 1);
    CHECK(close - open - 1 == 2 + 12 * 3);
    CHECK(v.error().field == "at");
}

TEST_CASE("an impossible day is refused in every format that carries a date") {
    CHECK(core::parse_date("2025-02-30").error().code == "invalid_date");
    CHECK(core::parse_local_datetime("2025-02-30T09:00").error().code == "invalid_datetime");
    CHECK(core::parse_instant("2025-02-30T09:00:00+07:00").error().code == "invalid_datetime");
    CHECK(core::parse_instant("2025-04-31T09:00:00Z").error().code == "invalid_datetime");
    CHECK(core::parse_instant("2024-02-29T23:59:59Z").has_value());
}
