#include <doctest/doctest.h>

#include "core/schedule.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using motcua::test::t;

namespace {

const core::DeadlineEngine& engine() {
    static const core::DeadlineEngine e = test::engine(2025, 2028);
    return e;
}

core::ClockInput five_days(const char* received) {
    return core::ClockInput{t(received), core::WorkingDays{5}, {}, std::nullopt, {}, std::nullopt};
}

}  // namespace

TEST_CASE("without events the statutory due is the appointment") {
    const auto clock = *core::compute_clock(engine(), five_days("2026-03-10T10:00"), t("2026-03-10T10:00"));
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-17T10:00");
    CHECK(clock.effective_due() == clock.statutory_due);
    CHECK(clock.paused.value.count() == 0);
}

TEST_CASE("a supplement received restarts the full budget from its receipt") {
    auto input = five_days("2026-03-10T10:00");
    input.restarted_at = t("2026-03-13T15:00");
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-13T15:00"));
    CHECK(core::format_local_minute(clock.start) == "2026-03-13T15:00");
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-20T15:00");
}

TEST_CASE("a closed pause extends the due by the working time it covered") {
    auto input = five_days("2026-03-10T10:00");
    // 11/3 10:00-17:00 is 5.5 h of office time, 12/3 07:30-14:00 another 5 h.
    input.pauses.push_back({t("2026-03-11T10:00"), t("2026-03-12T14:00")});
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-20T10:00"));
    CHECK(clock.paused.value.count() == 630);
    CHECK(core::format_local_minute(clock.base_due) == "2026-03-17T10:00");
    // 17/3 10:00 + 10.5 h: 5.5 h to the evening, 5 h more the next day.
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-18T14:00");
}

TEST_CASE("an open pause counts up to now") {
    auto input = five_days("2026-03-10T10:00");
    input.pauses.push_back({t("2026-03-11T10:00"), std::nullopt});
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-12T10:00"));
    CHECK(clock.paused.value.count() == 480);
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-18T10:00");
}

TEST_CASE("a pause before the clock restarted does not extend the restarted due") {
    auto input = five_days("2026-03-10T10:00");
    input.pauses.push_back({t("2026-03-10T13:00"), t("2026-03-11T13:00")});
    input.restarted_at = t("2026-03-12T10:00");
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-12T10:00"));
    CHECK(clock.paused.value.count() == 0);
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-19T10:00");
}

TEST_CASE("an apology's extended due is kept beside the statutory due, which timeliness is judged against") {
    auto input = five_days("2026-03-10T10:00");
    input.extended_due = t("2026-03-24T17:00");
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-12T10:00"));
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-17T10:00");
    CHECK(core::format_local_minute(clock.effective_due()) == "2026-03-24T17:00");
    CHECK(core::classify(t("2026-03-20T09:00"), clock.statutory_due) == core::Timeliness::late);
}

TEST_CASE("a pause that ends before it starts is refused") {
    auto input = five_days("2026-03-10T10:00");
    input.pauses.push_back({t("2026-03-12T10:00"), t("2026-03-11T10:00")});
    CHECK(core::compute_clock(engine(), input, t("2026-03-12T10:00")).error().code == "invalid_pause");
}

TEST_CASE("recomputing with a calendar that gained a holiday moves an open dossier's due later, never earlier") {
    auto input = five_days("2026-03-10T10:00");
    const auto before = *core::compute_clock(engine(), input, t("2026-03-10T10:00"));
    core::CalendarBook book = test::shipped_book();
    core::YearNotice late_news{2026, "", "9441/TB-BNV (amended)", "", book.notice(2026, "")->entries};
    late_news.entries.push_back({test::d("2026-03-12"), core::DayKind::holiday, "Announced late", false, ""});
    REQUIRE(book.put(late_news).has_value());
    const auto after_engine = test::engine(book, 2025, 2028);
    const auto after = *core::compute_clock(after_engine, input, t("2026-03-10T10:00"));
    CHECK(core::format_local_minute(after.statutory_due) == "2026-03-18T10:00");
    CHECK(after.statutory_due > before.statutory_due);
}

TEST_CASE("a restart after an apology never leaves the appointment earlier than the statutory due") {
    auto input = five_days("2026-03-10T10:00");
    input.extended_due = t("2026-03-18T17:00");
    input.restarted_at = t("2026-03-16T10:00");  // supplement received after the apology
    const auto clock = *core::compute_clock(engine(), input, t("2026-03-16T10:00"));
    CHECK(core::format_local_minute(clock.statutory_due) == "2026-03-23T10:00");
    CHECK(clock.effective_due() == clock.statutory_due);
}
