#include <doctest/doctest.h>

#include "core/working_calendar.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using motcua::test::d;

namespace {

core::WorkingCalendar shipped(int first = 2025, int last = 2027) {
    return *core::WorkingCalendar::build(test::shipped_book(), "", first, last);
}

}  // namespace

TEST_CASE("2025 has 250 working days and 2026 has 249 under the official notices") {
    const auto cal = shipped();
    CHECK(cal.between(d("2025-01-01"), d("2026-01-01")).count == 250);
    CHECK(cal.between(d("2026-01-01"), d("2027-01-01")).count == 249);
}

TEST_CASE("working Saturdays work and swapped weekdays rest") {
    const auto cal = shipped();
    CHECK(cal.is_working_day(d("2026-01-10")));
    CHECK(cal.is_working_day(d("2026-08-22")));
    CHECK(cal.is_working_day(d("2025-04-26")));
    CHECK_FALSE(cal.is_working_day(d("2026-01-17")));  // an ordinary Saturday
    CHECK_FALSE(cal.is_working_day(d("2026-01-02")));
    CHECK_FALSE(cal.is_working_day(d("2026-08-31")));
    CHECK_FALSE(cal.is_working_day(d("2025-05-02")));
    CHECK_FALSE(cal.is_working_day(d("2026-11-24")));
    CHECK_FALSE(cal.is_working_day(d("2026-04-27")));
}

TEST_CASE("add counts working days after the start day, and zero days gives the first working day on or after it") {
    const auto cal = shipped();
    CHECK(*cal.add(d("2026-02-13"), core::WorkingDays{1}) == d("2026-02-23"));  // eve of Tết
    CHECK(*cal.add(d("2026-02-14"), core::WorkingDays{1}) == d("2026-02-23"));  // from a Saturday
    CHECK(*cal.add(d("2026-02-14"), core::WorkingDays{0}) == d("2026-02-23"));
    CHECK(*cal.add(d("2026-02-12"), core::WorkingDays{0}) == d("2026-02-12"));
    CHECK(*cal.add(d("2026-01-09"), core::WorkingDays{1}) == d("2026-01-10"));  // onto the working Saturday
    CHECK(*cal.add(d("2026-08-28"), core::WorkingDays{1}) == d("2026-09-03"));
    CHECK(*cal.add(d("2025-12-31"), core::WorkingDays{1}) == d("2026-01-05"));  // across the year end
}

TEST_CASE("add and between are inverse over every day of the index") {
    const auto cal = shipped();
    for (auto day = core::day_number(d("2025-01-01")); day < core::day_number(d("2027-10-01")); day += date::days{1}) {
        const core::Date from = core::to_date(day);
        for (int n : {1, 2, 5, 15, 30}) {
            const auto to = cal.add(from, core::WorkingDays{n});
            REQUIRE(to.has_value());
            CHECK(cal.is_working_day(*to));
            // [from, to) holds n working days when `from` works (itself and n-1 more), n-1 when it rests.
            CHECK(cal.between(from, *to).count + (cal.is_working_day(from) ? 0 : 1) == n);
        }
    }
}

TEST_CASE("dates outside the indexed years are refused, not guessed") {
    const auto cal = shipped(2026, 2026);
    CHECK_FALSE(cal.covers(d("2025-12-31")));
    CHECK(cal.add(d("2025-12-31"), core::WorkingDays{1}).error().code == "date_out_of_range");
    CHECK(cal.add(d("2026-12-30"), core::WorkingDays{5}).error().code == "date_out_of_range");
    CHECK(core::WorkingCalendar::build(test::shipped_book(), "", 2027, 2026).error().code == "invalid_year");
}

TEST_CASE("an agency's calendar includes its own notice and the national one") {
    core::CalendarBook book = test::shipped_book();
    core::YearNotice local{2026, "H56", "local", "", {{d("2026-03-16"), core::DayKind::swap_off, "Local", false, ""}}};
    REQUIRE(book.put(local).has_value());
    const auto agency = *core::WorkingCalendar::build(book, "H56", 2026, 2026);
    const auto national = *core::WorkingCalendar::build(book, "", 2026, 2026);
    CHECK_FALSE(agency.is_working_day(d("2026-03-16")));
    CHECK(national.is_working_day(d("2026-03-16")));
    CHECK_FALSE(agency.is_working_day(d("2026-02-16")));
    CHECK_FALSE(agency.has_provisional_years());
}

TEST_CASE("a day in lieu that spills past the last indexed year is ignored, not written out of bounds") {
    core::CalendarBook book;
    book.set_recurring({{12, 31, "End of year (test)", 1900, 9999, true}});
    // 31/12/2028 is a Sunday: its day in lieu would be Monday 1/1/2029, after the index.
    auto cal = core::WorkingCalendar::build(book, "", 2028, 2028);
    REQUIRE(cal.has_value());
    CHECK(cal->is_working_day(d("2028-12-29")));
    CHECK_FALSE(cal->is_working_day(d("2028-12-31")));
}
