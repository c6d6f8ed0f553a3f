#include <doctest/doctest.h>

#include "core/office_hours.hpp"

using namespace motcua;
using core::hm;

TEST_CASE("standard office hours are 07:30-11:30 and 13:00-17:00, eight hours") {
    const auto h = core::OfficeHours::standard();
    CHECK(h.day_length() == std::chrono::hours{8});
    CHECK(h.to_string() == "07:30-11:30,13:00-17:00");
    CHECK(h.is_open(hm(7, 30)));
    CHECK_FALSE(h.is_open(hm(11, 30)));
    CHECK_FALSE(h.is_open(hm(12, 0)));
    CHECK_FALSE(h.is_open(hm(17, 0)));
}

TEST_CASE("elapsed working time stands still over the lunch break") {
    const auto h = core::OfficeHours::standard();
    CHECK(h.elapsed_at(hm(6, 0)).count() == 0);
    CHECK(h.elapsed_at(hm(11, 30)).count() == 240);
    CHECK(h.elapsed_at(hm(12, 15)).count() == 240);
    CHECK(h.elapsed_at(hm(13, 0)).count() == 240);
    CHECK(h.elapsed_at(hm(13, 1)).count() == 241);
    CHECK(h.elapsed_at(hm(20, 0)).count() == 480);
}

TEST_CASE("time_at ends a budget at a window's close, never at the next opening") {
    const auto h = core::OfficeHours::standard();
    CHECK(h.time_at(std::chrono::minutes{240}) == hm(11, 30));
    CHECK(h.time_at(std::chrono::minutes{241}) == hm(13, 1));
    CHECK(h.time_at(std::chrono::minutes{480}) == hm(17, 0));
    CHECK(h.time_at(std::chrono::minutes{0}) == hm(7, 30));
}

TEST_CASE("office hours are parsed and checked") {
    auto h = core::OfficeHours::parse("08:00-12:00,13:30-17:30");
    REQUIRE(h.has_value());
    CHECK(h->day_length() == std::chrono::hours{8});
    for (const char* bad : {"", "08:00-12:00,", "12:00-08:00", "08:00-12:00,11:00-13:00", "8:00-12:00", "08:00-25:00"}) {
        CAPTURE(bad);
        CHECK(core::OfficeHours::parse(bad).error().code == "invalid_office_hours");
    }
}
