#include <algorithm>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include "core/deadline.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using motcua::test::d;
using motcua::test::t;

namespace {

const core::DeadlineEngine& shipped_engine() {
    static const core::DeadlineEngine e = test::engine(2025, 2030);
    return e;
}

std::string due(const char* received, core::Budget budget, core::CutoffRule rule = {}) {
    auto a = shipped_engine().appoint(t(received), budget, rule);
    REQUIRE(a.has_value());
    return core::format_local_minute(a->due);
}

std::string start(const char* received, core::Budget budget, core::CutoffRule rule = {}) {
    auto a = shipped_engine().appoint(t(received), budget, rule);
    REQUIRE(a.has_value());
    return core::format_local_minute(a->start);
}

core::CutoffRule cutoff_at(int h, int m) { return {core::CutoffRule::Mode::at, core::hm(h, m)}; }
const core::CutoffRule kNoCutoff{core::CutoffRule::Mode::none, {}};

}  // namespace

TEST_CASE("a working day later lands at the same office time: Tue 10:00 + 1 day = Wed 10:00") {
    CHECK(due("2026-03-10T10:00", core::WorkingDays{1}) == "2026-03-11T10:00");
    CHECK(due("2026-03-10T10:00", core::WorkingDays{3}) == "2026-03-13T10:00");
    CHECK(due("2026-03-10T14:20", core::WorkingDays{5}) == "2026-03-17T14:20");
}

TEST_CASE("a start at the opening ends at the closing time of the N-th working day counted from the start day") {
    CHECK(due("2026-03-10T07:30", core::WorkingDays{1}) == "2026-03-10T17:00");
    CHECK(due("2026-03-10T06:45", core::WorkingDays{1}) == "2026-03-10T17:00");
    CHECK(due("2026-03-10T07:30", core::WorkingDays{3}) == "2026-03-12T17:00");
}

TEST_CASE("working hours stop over the lunch break") {
    CHECK(due("2026-03-10T11:00", core::WorkingHours{1}) == "2026-03-10T13:30");
    CHECK(due("2026-03-10T10:00", core::WorkingHours{4}) == "2026-03-10T15:30");
    CHECK(start("2026-03-10T12:10", core::WorkingHours{2}) == "2026-03-10T13:00");
    CHECK(due("2026-03-10T12:10", core::WorkingHours{2}) == "2026-03-10T15:00");
}

TEST_CASE("a budget that runs out exactly at closing ends at that closing time, not at the next opening") {
    CHECK(due("2026-03-10T09:30", core::WorkingHours{2}) == "2026-03-10T11:30");
    CHECK(due("2026-03-10T13:00", core::WorkingHours{4}) == "2026-03-10T17:00");
    CHECK(due("2026-03-10T11:00", core::WorkingHours{4}, kNoCutoff) == "2026-03-10T16:30");
    CHECK(due("2026-03-10T11:30", core::WorkingHours{4}, kNoCutoff) == "2026-03-10T17:00");  // lunch: from 13:00
}

TEST_CASE("hours carry over the evening into the next working day") {
    CHECK(due("2026-03-10T16:00", core::WorkingHours{8}, kNoCutoff) == "2026-03-11T16:00");
    CHECK(due("2026-03-13T16:00", core::WorkingHours{2}, kNoCutoff) == "2026-03-16T08:30");  // Friday evening
}

TEST_CASE("a receipt on Friday evening starts on Monday morning") {
    CHECK(start("2026-03-06T17:30", core::WorkingDays{2}) == "2026-03-09T07:30");
    CHECK(due("2026-03-06T17:30", core::WorkingDays{2}) == "2026-03-10T17:00");
}

TEST_CASE("a receipt on a weekend starts at the next opening") {
    CHECK(start("2026-03-08T09:00", core::WorkingDays{1}) == "2026-03-09T07:30");
    CHECK(due("2026-03-08T09:00", core::WorkingDays{1}) == "2026-03-09T17:00");
    CHECK(due("2026-03-07T10:00", core::WorkingHours{3}) == "2026-03-09T10:30");
}

TEST_CASE("the 15:00 cut-off applies by default to budgets of one working day or less") {
    CHECK(due("2026-03-10T14:59", core::WorkingDays{1}) == "2026-03-11T14:59");
    CHECK(start("2026-03-10T15:00", core::WorkingDays{1}) == "2026-03-11T07:30");
    CHECK(due("2026-03-10T15:00", core::WorkingDays{1}) == "2026-03-11T17:00");
    CHECK(due("2026-03-10T15:30", core::WorkingHours{8}) == "2026-03-11T17:00");
    CHECK(due("2026-03-10T15:30", core::WorkingHours{4}) == "2026-03-11T11:30");
    // Longer budgets have no cut-off unless the procedure sets one.
    CHECK(due("2026-03-10T15:30", core::WorkingDays{3}) == "2026-03-13T15:30");
    CHECK(due("2026-03-10T16:10", core::WorkingDays{3}, cutoff_at(16, 0)) == "2026-03-13T17:00");
    CHECK(due("2026-03-10T15:30", core::WorkingDays{1}, kNoCutoff) == "2026-03-11T15:30");
}

TEST_CASE("the eve of Tết 2026 carries work past the nine-day break") {
    CHECK(due("2026-02-13T10:00", core::WorkingDays{1}) == "2026-02-23T10:00");
    CHECK(due("2026-02-13T16:00", core::WorkingDays{1}) == "2026-02-23T17:00");  // after the cut-off
    CHECK(due("2026-02-13T10:00", core::WorkingHours{4}) == "2026-02-13T15:30");
    CHECK(due("2026-02-13T14:00", core::WorkingHours{8}) == "2026-02-23T14:00");
    CHECK(due("2026-02-16T09:00", core::WorkingDays{2}) == "2026-02-24T17:00");  // received during Tết
}

TEST_CASE("swapped Saturdays are worked and swapped weekdays are not") {
    CHECK(due("2026-01-09T10:00", core::WorkingDays{1}) == "2026-01-10T10:00");
    CHECK(due("2025-12-31T10:00", core::WorkingDays{1}) == "2026-01-05T10:00");
    CHECK(due("2026-08-21T10:00", core::WorkingDays{1}) == "2026-08-22T10:00");
    CHECK(due("2026-08-28T10:00", core::WorkingDays{1}) == "2026-09-03T10:00");
    CHECK(start("2026-01-10T08:00", core::WorkingDays{2}) == "2026-01-10T08:00");
}

TEST_CASE("days in lieu and Culture Day are not working days") {
    CHECK(due("2026-04-24T10:00", core::WorkingDays{1}) == "2026-04-28T10:00");
    CHECK(due("2026-04-24T10:00", core::WorkingDays{3}) == "2026-05-04T10:00");
    CHECK(due("2026-11-23T10:00", core::WorkingDays{1}) == "2026-11-25T10:00");
}

TEST_CASE("a day is the office day's length: N days equal N x 8 hours") {
    CHECK(due("2026-03-10T10:00", core::WorkingDays{2}, kNoCutoff) ==
          due("2026-03-10T10:00", core::WorkingHours{16}, kNoCutoff));
}

TEST_CASE("budgets must be positive") {
    CHECK(shipped_engine().appoint(t("2026-03-10T10:00"), core::WorkingDays{0}, {}).error().code == "invalid_duration");
    CHECK(shipped_engine().add(t("2026-03-10T10:00"), core::WorkingHours{-1}).error().code == "invalid_duration");
}

TEST_CASE("dates past the calendar's years are refused with date_out_of_range") {
    CHECK(shipped_engine().appoint(t("2030-12-30T10:00"), core::WorkingDays{10}, {}).error().code ==
          "date_out_of_range");
    CHECK(shipped_engine().appoint(t("2019-05-06T10:00"), core::WorkingDays{1}, {}).error().code ==
          "date_out_of_range");
}

TEST_CASE("between measures working time, negative when the end is earlier") {
    const auto& e = shipped_engine();
    CHECK(e.between(t("2026-03-10T10:00"), t("2026-03-11T10:00"))->value.count() == 480);
    CHECK(e.between(t("2026-03-10T11:00"), t("2026-03-10T14:00"))->value.count() == 90);
    CHECK(e.between(t("2026-03-11T10:00"), t("2026-03-10T10:00"))->value.count() == -480);
    CHECK(e.between(t("2026-02-13T17:00"), t("2026-02-23T07:30"))->value.count() == 0);
    const auto parts = e.split(*e.between(t("2026-03-12T15:00"), t("2026-03-10T10:00")));
    CHECK(parts.negative);
    CHECK(parts.days == 2);
    CHECK(parts.hours == 3);  // 5.5 h + 8 h + 6 h = 2 days of 8 h and 3.5 h
    CHECK(parts.minutes == 30);
}

TEST_CASE("timeliness compares civil dates by default, instants on request") {
    using core::CompareBy;
    using core::Timeliness;
    CHECK(core::classify(t("2026-03-09T16:00"), t("2026-03-10T10:00")) == Timeliness::early);
    CHECK(core::classify(t("2026-03-10T16:00"), t("2026-03-10T10:00")) == Timeliness::on_time);
    CHECK(core::classify(t("2026-03-11T08:00"), t("2026-03-10T10:00")) == Timeliness::late);
    CHECK(core::classify(t("2026-03-10T16:00"), t("2026-03-10T10:00"), CompareBy::instant) == Timeliness::late);
    CHECK(core::classify(t("2026-03-10T10:00"), t("2026-03-10T10:00"), CompareBy::instant) == Timeliness::on_time);
    CHECK(core::classify(t("2026-03-09T23:00"), t("2026-03-10T10:00"), CompareBy::instant) == Timeliness::early);
}

// ---- Properties over random receipts and budgets (fixed seeds: a failure reproduces) ----

namespace {

struct Case {
    core::LocalTime received;
    core::Budget budget;
};

Case random_case(std::mt19937& rng) {
    std::uniform_int_distribution<int> day(0, 4 * 365);
    std::uniform_int_distribution<int> minute(0, 24 * 60 - 1);
    std::uniform_int_distribution<int> kind(0, 1);
    std::uniform_int_distribution<int> days(1, 60);
    std::uniform_int_distribution<int> hours(1, 120);
    const core::LocalTime base = core::at(d("2025-01-01"), core::hm(0, 0));
    Case c{base + date::days{day(rng)} + std::chrono::minutes{minute(rng)}, core::WorkingDays{1}};
    if (kind(rng) == 0) c.budget = core::WorkingDays{days(rng)};
    else c.budget = core::WorkingHours{hours(rng)};
    return c;
}

bool inside_office_hours_or_at_close(const core::DeadlineEngine& e, core::LocalTime when) {
    const core::Date day = core::date_of(when);
    if (!e.calendar().is_working_day(day)) return false;
    const core::TimeOfDay tod = core::time_of(when);
    for (const auto& w : e.office_hours().windows())
        if (w.open <= tod && tod <= w.close) return true;
    return false;
}

}  // namespace

TEST_CASE("property: every due lies inside office hours on a working day (or exactly at a closing time)") {
    std::mt19937 rng(1);
    for (int i = 0; i < 20000; ++i) {
        const Case c = random_case(rng);
        const auto a = shipped_engine().appoint(c.received, c.budget, {});
        REQUIRE(a.has_value());
        CAPTURE(core::format_local_minute(c.received));
        CHECK(inside_office_hours_or_at_close(shipped_engine(), a->due));
        CHECK(shipped_engine().is_open(a->start));
        CHECK(a->start >= date::floor<std::chrono::minutes>(c.received));
        CHECK(a->due > a->start);
    }
}

TEST_CASE("property: the due is monotone in the budget") {
    std::mt19937 rng(2);
    const auto& e = shipped_engine();
    for (int i = 0; i < 5000; ++i) {
        const Case c = random_case(rng);
        const core::LocalTime s = *e.start_of(c.received, std::nullopt);
        core::LocalTime previous = s;
        for (int h = 1; h <= 24; ++h) {
            const core::LocalTime next = *e.add(s, core::WorkingHours{h});
            CHECK(next > previous);
            previous = next;
        }
    }
}

TEST_CASE("property: adding a budget then measuring it gives the budget back") {
    std::mt19937 rng(3);
    const auto& e = shipped_engine();
    for (int i = 0; i < 20000; ++i) {
        const Case c = random_case(rng);
        const auto a = *e.appoint(c.received, c.budget, {});
        CHECK(e.between(a.start, a.due)->value == e.length_of(c.budget).value);
    }
}

TEST_CASE("property: a day budget keeps the office time of day when the clock starts after the opening") {
    std::mt19937 rng(4);
    const auto& e = shipped_engine();
    for (int i = 0; i < 5000; ++i) {
        const Case c = random_case(rng);
        const auto a = *e.appoint(c.received, core::WorkingDays{1 + i % 40}, kNoCutoff);
        // A start at a window's opening has the same position as the close before it, where the budget then ends.
        const bool at_an_opening = std::any_of(e.office_hours().windows().begin(), e.office_hours().windows().end(),
                                               [&](const auto& w) { return core::time_of(a.start) == w.open; });
        CAPTURE(core::format_local_minute(a.start));
        CAPTURE(core::format_local_minute(a.due));
        if (at_an_opening) {
            CHECK(e.between(a.start, a.due)->value == e.length_of(core::WorkingDays{1 + i % 40}).value);
            continue;
        }
        CHECK(core::time_of(a.due) == core::time_of(a.start));
    }
}

TEST_CASE("property: a holiday added inside the interval never makes the due earlier") {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> offset(0, 40);
    const core::CalendarBook base = test::shipped_book();
    for (int i = 0; i < 300; ++i) {
        const Case c = random_case(rng);
        const core::Date day = core::to_date(core::day_number(core::date_of(c.received)) + date::days{offset(rng)});
        const date::weekday wd{core::day_number(day)};
        if (wd == date::Saturday || wd == date::Sunday) continue;
        core::CalendarBook changed = base;
        core::YearNotice extra{static_cast<int>(day.year()), "X", "added later", "", {}};
        extra.entries.push_back({day, core::DayKind::holiday, "Added", false, ""});
        REQUIRE(changed.put(extra).has_value());
        const auto before = test::engine(base, 2025, 2030);
        auto calendar = *core::WorkingCalendar::build(changed, "X", 2025, 2030);
        const core::DeadlineEngine after(std::make_shared<const core::WorkingCalendar>(std::move(calendar)),
                                         core::OfficeHours::standard());
        const auto due_before = before.appoint(c.received, c.budget, {})->due;
        const auto due_after = after.appoint(c.received, c.budget, {})->due;
        CHECK(due_after >= due_before);
    }
}
