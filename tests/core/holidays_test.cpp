#include <algorithm>

#include <doctest/doctest.h>

#include "core/holidays.hpp"
#include "core/lunar.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using motcua::test::d;

namespace {

const core::CalendarEntry* find(const std::vector<core::CalendarEntry>& v, core::Date day) {
    auto it = std::find_if(v.begin(), v.end(), [&](const core::CalendarEntry& e) { return e.date == day; });
    return it == v.end() ? nullptr : &*it;
}

std::vector<core::RecurringDay> culture_day() { return {{11, 24, "Ngày Văn hóa Việt Nam", 2026, 9999, false}}; }

}  // namespace

TEST_CASE("the statutory rules reproduce the 2026 notice except for its swapped days") {
    const auto computed = *core::statutory_year(2026, culture_day());
    const core::CalendarBook book = test::shipped_book();
    const core::YearNotice* notice = book.notice(2026, "");
    REQUIRE(notice != nullptr);
    for (const core::CalendarEntry& e : notice->entries) {
        if (e.kind == core::DayKind::swap_off || e.kind == core::DayKind::working_saturday) continue;
        CAPTURE(core::format_date(e.date));
        const auto* c = find(computed, e.date);
        REQUIRE(c != nullptr);
        CHECK(c->kind == e.kind);
        CHECK(c->provisional);
    }
    // 17 entries in the notice, less the two swapped pairs: nothing more, nothing less.
    CHECK(computed.size() == 13);
}

TEST_CASE("a holiday on a weekly rest day gives the next weekday off in lieu") {
    // 2 September 2023 was a Saturday: 1/9 (Friday) is the adjacent day and Monday 4/9 the day in lieu.
    const auto y2023 = *core::statutory_year(2023, {});
    REQUIRE(find(y2023, d("2023-09-01")) != nullptr);
    REQUIRE(find(y2023, d("2023-09-04")) != nullptr);
    CHECK(find(y2023, d("2023-09-04"))->kind == core::DayKind::compensatory_off);
    // 1 January 2028 is a Saturday: Monday 3 January is off in lieu.
    const auto y2028 = *core::statutory_year(2028, {});
    REQUIRE(find(y2028, d("2028-01-03")) != nullptr);
    CHECK(find(y2028, d("2028-01-03"))->kind == core::DayKind::compensatory_off);
}

TEST_CASE("provisional Tết is the eve and the first four days of the lunar year, pushed days in lieu after it") {
    for (int year = 2027; year <= 2040; ++year) {
        CAPTURE(year);
        const auto entries = *core::statutory_year(year, {});
        const core::Date tet = *core::to_solar(core::LunarDate{year, 1, 1, false});
        int tet_days = 0;
        for (int i = -1; i <= 3; ++i) {
            const auto* e = find(entries, core::to_date(core::day_number(tet) + date::days{i}));
            REQUIRE(e != nullptr);
            CHECK(e->name == "Tết Nguyên đán");
            ++tet_days;
        }
        CHECK(tet_days == 5);
        for (const auto& e : entries) CHECK(e.provisional);
        // Days in lieu never land on a weekend or on another day off.
        for (const auto& e : entries) {
            if (e.kind != core::DayKind::compensatory_off) continue;
            const date::weekday wd{core::day_number(e.date)};
            CHECK(wd != date::Saturday);
            CHECK(wd != date::Sunday);
            CHECK(std::count_if(entries.begin(), entries.end(), [&](const auto& x) { return x.date == e.date; }) == 1);
        }
    }
}

TEST_CASE("Culture Day 24/11 is data: present from 2026 when the recurring entry is given, absent otherwise") {
    CHECK(find(*core::statutory_year(2027, culture_day()), d("2027-11-24")) != nullptr);
    CHECK(find(*core::statutory_year(2025, culture_day()), d("2025-11-24")) == nullptr);
    CHECK(find(*core::statutory_year(2027, {}), d("2027-11-24")) == nullptr);
    // No day in lieu: 24/11/2029 is a Saturday.
    const auto y2029 = *core::statutory_year(2029, culture_day());
    CHECK(find(y2029, d("2029-11-26")) == nullptr);
}

TEST_CASE("the second National Day holiday joins the nearer weekend") {
    auto extra = [](int year) {
        const auto entries = *core::statutory_year(year, {});
        if (find(entries, core::Date{date::year{year}, date::September, date::day{1}})) return 1;
        if (find(entries, core::Date{date::year{year}, date::September, date::day{3}})) return 3;
        return 0;
    };
    CHECK(extra(2024) == 3);  // 2/9 Monday -> Tuesday 3/9 (as the 2024 notice did)
    CHECK(extra(2025) == 1);  // Tuesday -> Monday 1/9
    CHECK(extra(2026) == 1);  // Wednesday -> Tuesday 1/9
    CHECK(extra(2021) == 3);  // Thursday -> Friday 3/9
    CHECK(extra(2022) == 1);  // Friday -> Thursday 1/9
}

TEST_CASE("a notice is refused when an entry is outside its year, doubled, or of the wrong weekday") {
    core::YearNotice n{2026, "", "test", "", {}};
    n.entries = {{d("2026-01-01"), core::DayKind::holiday, "A", false, ""},
                 {d("2025-12-31"), core::DayKind::holiday, "B", false, ""}};
    CHECK(core::validate(n).error().code == "date_outside_year");
    CHECK(core::validate(n).error().field == "entries[1].date");
    n.entries = {{d("2026-01-01"), core::DayKind::holiday, "A", false, ""},
                 {d("2026-01-01"), core::DayKind::swap_off, "B", false, ""}};
    CHECK(core::validate(n).error().code == "duplicate_date");
    n.entries = {{d("2026-01-09"), core::DayKind::working_saturday, "Friday", false, ""}};
    CHECK(core::validate(n).error().code == "not_a_saturday");
    n.entries = {{d("2026-01-10"), core::DayKind::swap_off, "Saturday", false, ""}};
    CHECK(core::validate(n).error().code == "not_a_weekday");
    n.entries = {{d("2026-01-12"), core::DayKind::swap_off, "", false, ""}};
    CHECK(core::validate(n).error().code == "missing_name");
    n.entries = {{d("2026-04-26"), core::DayKind::holiday, "Sunday holiday is fine", false, ""}};
    CHECK(core::validate(n).has_value());
}

TEST_CASE("a year with a national notice uses it, and a year without one is provisional") {
    const core::CalendarBook book = test::shipped_book();
    const auto y2026 = *book.entries_for(2026, "");
    CHECK(std::none_of(y2026.begin(), y2026.end(), [](const auto& e) { return e.provisional; }));
    REQUIRE(find(y2026, d("2026-01-10")) != nullptr);
    CHECK(find(y2026, d("2026-01-10"))->kind == core::DayKind::working_saturday);
    const auto y2027 = *book.entries_for(2027, "");
    CHECK(std::all_of(y2027.begin(), y2027.end(), [](const auto& e) { return e.provisional; }));
    CHECK(find(y2027, d("2027-11-24")) != nullptr);  // the shipped recurring Culture Day
}

TEST_CASE("an agency notice adds to the national list and overrides it on the same date") {
    core::CalendarBook book = test::shipped_book();
    core::YearNotice local{2026, "000.00.12.H56", "QĐ 12/UBND", "", {}};
    local.entries = {{d("2026-03-16"), core::DayKind::swap_off, "Nghỉ địa phương", false, ""},
                     {d("2026-01-02"), core::DayKind::holiday, "Renamed locally", false, ""}};
    REQUIRE(book.put(local).has_value());
    const auto scoped = *book.entries_for(2026, "000.00.12.H56");
    const auto national = *book.entries_for(2026, "");
    REQUIRE(find(scoped, d("2026-03-16")) != nullptr);
    CHECK(find(scoped, d("2026-03-16"))->agency == "000.00.12.H56");
    CHECK(find(national, d("2026-03-16")) == nullptr);
    CHECK(find(scoped, d("2026-01-02"))->name == "Renamed locally");
    CHECK(scoped.size() == national.size() + 1);
}

TEST_CASE("putting a notice again for the same year and agency replaces it") {
    core::CalendarBook book;
    core::YearNotice n{2030, "", "first", "", {{d("2030-01-01"), core::DayKind::holiday, "A", false, ""}}};
    REQUIRE(book.put(n).has_value());
    n.reference = "second";
    n.entries.push_back({d("2030-01-02"), core::DayKind::swap_off, "B", false, ""});
    REQUIRE(book.put(n).has_value());
    CHECK(book.notices().size() == 1);
    CHECK(book.notice(2030, "")->reference == "second");
    CHECK(book.entries_for(2030, "")->size() == 2);
}
