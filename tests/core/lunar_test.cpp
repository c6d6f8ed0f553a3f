#include "core/lunar.hpp"

#include <string>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

// Expected dates were checked against the npm package amlich (Hồ Ngọc Đức's algorithm at UTC+7) and published
// Vietnamese calendars; tests/oracle/ compares every day 1970-2100 with amlich.

namespace motcua::core {
namespace {

Date ymd(int y, unsigned m, unsigned d) { return Date{date::year{y}, date::month{m}, date::day{d}}; }

// Results are compared as text ("2007-01-01", "2023-02-01 leap", "error invalid_lunar_date") so a failure shows both
// sides without a doctest::StringMaker for our types.
std::string text(const LunarDate& l) {
    return std::to_string(l.year) + "-" + (l.month < 10 ? "0" : "") + std::to_string(l.month) + "-" +
           (l.day < 10 ? "0" : "") + std::to_string(l.day) + (l.leap ? " leap" : "");
}

template <typename T>
std::string text(const Result<T>& r) {
    if (!r) return "error " + r.error().code;
    if constexpr (std::is_same_v<T, LunarDate>) {
        return text(*r);
    } else if constexpr (std::is_same_v<T, Date>) {
        return format_date(*r);
    } else {
        return std::to_string(*r);
    }
}

std::string lunar_of(int y, unsigned m, unsigned d) { return text(to_lunar(ymd(y, m, d))); }
std::string solar_of(int y, unsigned m, unsigned d, bool leap = false) {
    return text(to_solar(LunarDate{y, m, d, leap}));
}

// The months of a lunar year in order: 1, 2, ..., the leap month right after the month it repeats, ..., 12.
std::vector<LunarDate> months_of(int year) {
    std::vector<LunarDate> months;
    const unsigned leap = leap_month_of(year).value();
    for (unsigned m = 1; m <= 12; ++m) {
        months.push_back(LunarDate{year, m, 1, false});
        if (m == leap) months.push_back(LunarDate{year, m, 1, true});
    }
    return months;
}

const Date kFirst = ymd(kLunarFirstYear, 1, 1);
const Date kLast = ymd(kLunarLastYear, 12, 31);

}  // namespace

TEST_CASE("to_lunar puts Tết 2007 on 17 February, not the Chinese 18 February") {
    CHECK(lunar_of(2007, 2, 16) == "2006-12-29");
    CHECK(lunar_of(2007, 2, 17) == "2007-01-01");
    CHECK(lunar_of(2007, 2, 18) == "2007-01-02");
    CHECK(solar_of(2007, 1, 1) == "2007-02-17");
}

TEST_CASE("to_lunar puts Tết 1985 on 21 January, a month before the Chinese new year") {
    CHECK(lunar_of(1985, 1, 20) == "1984-12-30");
    CHECK(lunar_of(1985, 1, 21) == "1985-01-01");
    CHECK(lunar_of(1985, 2, 20) == "1985-02-01");  // the Chinese calendar's 1/1
    CHECK(solar_of(1985, 1, 1) == "1985-01-21");
}

TEST_CASE("Tết falls on the known days in both directions") {
    struct Case {
        int year;
        Date tet;
    };
    const Case cases[] = {{1985, ymd(1985, 1, 21)}, {2007, ymd(2007, 2, 17)}, {2024, ymd(2024, 2, 10)},
                          {2025, ymd(2025, 1, 29)}, {2026, ymd(2026, 2, 17)}};
    for (const auto& c : cases) {
        CAPTURE(c.year);
        CHECK(text(to_lunar(c.tet)) == std::to_string(c.year) + "-01-01");
        CHECK(text(to_solar(LunarDate{c.year, 1, 1, false})) == format_date(c.tet));
    }
}

TEST_CASE("Hùng Kings' day, lunar 10/3, falls on the known days") {
    CHECK(solar_of(2024, 3, 10) == "2024-04-18");
    CHECK(solar_of(2025, 3, 10) == "2025-04-07");
    CHECK(solar_of(2026, 3, 10) == "2026-04-26");
    CHECK(lunar_of(2025, 4, 7) == "2025-03-10");
}

TEST_CASE("days in January and February before Tết belong to the previous lunar year") {
    CHECK(lunar_of(2025, 1, 28) == "2024-12-29");
    CHECK(lunar_of(2024, 12, 31) == "2024-12-01");
    CHECK(lunar_of(2026, 2, 16) == "2025-12-29");
    CHECK(lunar_of(2024, 2, 9) == "2023-12-30");
}

TEST_CASE("leap_month_of names the known leap months and 0 for common years") {
    CHECK(text(leap_month_of(2020)) == "4");
    CHECK(text(leap_month_of(2023)) == "2");
    CHECK(text(leap_month_of(2025)) == "6");
    CHECK(text(leap_month_of(2033)) == "11");  // the rare leap 11, after the December solstice
    CHECK(text(leap_month_of(2024)) == "0");
    CHECK(text(leap_month_of(2026)) == "0");
}

TEST_CASE("a leap month follows the month it repeats, in both directions") {
    // 2023: month 2 from 20 February, leap month 2 from 22 March, month 3 from 20 April.
    CHECK(solar_of(2023, 2, 1) == "2023-02-20");
    CHECK(solar_of(2023, 2, 1, true) == "2023-03-22");
    CHECK(solar_of(2023, 3, 1) == "2023-04-20");
    CHECK(lunar_of(2023, 3, 21) == "2023-02-30");
    CHECK(lunar_of(2023, 3, 22) == "2023-02-01 leap");
    CHECK(lunar_of(2023, 4, 20) == "2023-03-01");
    CHECK(solar_of(2020, 4, 1, true) == "2020-05-23");
    CHECK(solar_of(2025, 6, 1, true) == "2025-07-25");
}

TEST_CASE("the leap month 11 of 2033 comes after month 11 and before month 12 of the same lunar year") {
    CHECK(lunar_of(2033, 12, 21) == "2033-11-30");
    CHECK(lunar_of(2033, 12, 22) == "2033-11-01 leap");
    CHECK(lunar_of(2034, 1, 19) == "2033-11-29 leap");
    CHECK(lunar_of(2034, 1, 20) == "2033-12-01");
    CHECK(lunar_of(2034, 2, 19) == "2034-01-01");
    CHECK(solar_of(2033, 11, 1, true) == "2033-12-22");
}

TEST_CASE("the supported range starts in month 12 of lunar 1899 and ends in month 11 of lunar 2199") {
    CHECK(lunar_of(1900, 1, 1) == "1899-12-01");
    CHECK(lunar_of(1900, 1, 31) == "1900-01-01");
    CHECK(lunar_of(2199, 12, 31) == "2199-11-14");
    CHECK(solar_of(1899, 12, 1) == "1900-01-01");
    CHECK(solar_of(2199, 11, 14) == "2199-12-31");
}

TEST_CASE("to_solar(to_lunar(d)) == d for every day 1900-01-01..2199-12-31") {
    int days = 0;
    int failures = 0;
    std::string first_failure;
    for (auto n = day_number(kFirst); n <= day_number(kLast); n += date::days{1}) {
        const Date d = to_date(n);
        ++days;
        const auto lunar = to_lunar(d);
        const auto back = lunar ? to_solar(*lunar) : Result<Date>(tl::unexpected<Error>(lunar.error()));
        if (!back || *back != d) {
            if (failures++ == 0) first_failure = format_date(d) + " -> " + text(lunar) + " -> " + text(back);
        }
    }
    CAPTURE(first_failure);
    CHECK(days == 109573);
    CHECK(failures == 0);
}

TEST_CASE("consecutive solar days are consecutive lunar days, and a new month starts on day 1") {
    int failures = 0;
    std::string first_failure;
    LunarDate previous = to_lunar(kFirst).value();
    for (auto n = day_number(kFirst) + date::days{1}; n <= day_number(kLast); n += date::days{1}) {
        const LunarDate current = to_lunar(to_date(n)).value();
        bool ok = false;
        if (current.day > 1) {
            ok = current.year == previous.year && current.month == previous.month && current.leap == previous.leap &&
                 current.day == previous.day + 1;
        } else {
            // A month ends on day 29 or 30; the next is the leap repeat of the same number, or the next number.
            const bool into_leap = current.leap && current.month == previous.month && !previous.leap;
            const bool next_month = !current.leap && ((current.month == previous.month + 1 &&
                                                       current.year == previous.year) ||
                                                      (current.month == 1 && previous.month == 12 &&
                                                       current.year == previous.year + 1));
            ok = (previous.day == 29 || previous.day == 30) && (into_leap || next_month);
        }
        if (!ok && failures++ == 0) first_failure = text(previous) + " then " + text(current);
        previous = current;
    }
    CAPTURE(first_failure);
    CHECK(failures == 0);
}

TEST_CASE("every month of lunar 1900..2198 has 29 or 30 days and the next month starts right after it") {
    int failures = 0;
    std::string first_failure;
    for (int year = kLunarFirstYear; year < kLunarLastYear; ++year) {
        auto months = months_of(year);
        months.push_back(LunarDate{year + 1, 1, 1, false});
        for (std::size_t i = 0; i + 1 < months.size(); ++i) {
            const LunarDate& m = months[i];
            const auto length = lunar_month_length(m.year, m.month, m.leap);
            const auto start = to_solar(m);
            const auto next = to_solar(months[i + 1]);
            const bool ok = length && (*length == 29 || *length == 30) && start && next &&
                            day_number(*next) - day_number(*start) == date::days{*length} &&
                            to_solar(LunarDate{m.year, m.month, static_cast<unsigned>(*length), m.leap});
            if (!ok && failures++ == 0) first_failure = text(m) + " length " + text(length);
        }
    }
    CAPTURE(first_failure);
    CHECK(failures == 0);
}

TEST_CASE("a lunar year has 353..355 days, or 383..385 when it has a leap month") {
    for (int year = kLunarFirstYear; year < kLunarLastYear; ++year) {
        CAPTURE(year);
        const auto days = day_number(to_solar(LunarDate{year + 1, 1, 1, false}).value()) -
                          day_number(to_solar(LunarDate{year, 1, 1, false}).value());
        if (leap_month_of(year).value() == 0) {
            CHECK((days.count() >= 353 && days.count() <= 355));
        } else {
            CHECK((days.count() >= 383 && days.count() <= 385));
        }
    }
}

TEST_CASE("Tết always falls between 21 January and 20 February") {
    for (int year = kLunarFirstYear; year <= kLunarLastYear; ++year) {
        CAPTURE(year);
        const Date tet = to_solar(LunarDate{year, 1, 1, false}).value();
        CHECK(tet >= ymd(year, 1, 21));
        CHECK(tet <= ymd(year, 2, 20));
    }
}

TEST_CASE("to_solar refuses a day past the end of a 29-day month") {
    CHECK(text(lunar_month_length(2024, 12, false)) == "29");
    CHECK(solar_of(2024, 12, 29) == "2025-01-28");
    CHECK(solar_of(2024, 12, 30) == "error invalid_lunar_date");
    CHECK(text(lunar_month_length(2023, 12, false)) == "30");
    CHECK(solar_of(2023, 12, 30) == "2024-02-09");
}

TEST_CASE("to_solar refuses the leap flag on a month that is not the year's leap month") {
    CHECK(solar_of(2024, 2, 1, true) == "error invalid_lunar_date");  // 2024 has no leap month
    CHECK(solar_of(2023, 3, 1, true) == "error invalid_lunar_date");  // 2023's leap month is 2
    CHECK(solar_of(2023, 1, 1, true) == "error invalid_lunar_date");
    CHECK(solar_of(2033, 12, 1, true) == "error invalid_lunar_date");  // 2033's leap month is 11
    CHECK(text(lunar_month_length(2024, 2, true)) == "error invalid_lunar_date");
    const auto error = to_solar(LunarDate{2024, 2, 1, true}).error();
    CHECK(error.kind == ErrorKind::invalid_argument);
}

TEST_CASE("to_solar refuses months outside 1..12 and days outside 1..30") {
    CHECK(solar_of(2024, 13, 1) == "error invalid_lunar_date");
    CHECK(solar_of(2024, 0, 1) == "error invalid_lunar_date");
    CHECK(solar_of(2024, 1, 0) == "error invalid_lunar_date");
    CHECK(solar_of(2024, 1, 31) == "error invalid_lunar_date");
    CHECK(text(lunar_month_length(2024, 13, false)) == "error invalid_lunar_date");
}

TEST_CASE("dates outside 1900-01-01..2199-12-31 are refused as date_out_of_range in both directions") {
    CHECK(lunar_of(1899, 12, 31) == "error date_out_of_range");
    CHECK(lunar_of(2200, 1, 1) == "error date_out_of_range");
    CHECK(lunar_of(1, 1, 1) == "error date_out_of_range");
    CHECK(to_lunar(ymd(2200, 1, 1)).error().kind == ErrorKind::invalid_argument);

    CHECK(solar_of(1800, 1, 1) == "error date_out_of_range");
    CHECK(solar_of(2300, 1, 1) == "error date_out_of_range");
    CHECK(solar_of(1899, 11, 29) == "error date_out_of_range");  // 1899-12-31, the day before the range
    CHECK(solar_of(2199, 11, 15) == "error date_out_of_range");  // 2200-01-01, the day after it
    CHECK(solar_of(2200, 1, 1) == "error date_out_of_range");

    CHECK(text(lunar_month_length(2199, 12, false)) == "error date_out_of_range");  // starts 2200-01-16
    CHECK(text(lunar_month_length(1899, 10, false)) == "error date_out_of_range");
    CHECK(text(leap_month_of(1800)) == "error date_out_of_range");
    CHECK(text(leap_month_of(2200)) == "error date_out_of_range");
}

TEST_CASE("to_lunar refuses a date that is not a calendar day") {
    CHECK(text(to_lunar(ymd(2025, 2, 29))) == "error invalid_date");
}

}  // namespace motcua::core
