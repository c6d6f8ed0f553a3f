#pragma once
// Small builders that keep test tables readable: d("2026-02-16"), t("2026-02-13T16:00"), the shipped calendar.
#include <memory>
#include <string_view>

#include "core/deadline.hpp"
#include "core/holidays.hpp"
#include "core/time.hpp"

namespace motcua::test {

/// A civil date from "YYYY-MM-DD" (aborts the test on a typo).
core::Date d(std::string_view text);
/// An office-time reading from "YYYY-MM-DDTHH:MM".
core::LocalTime t(std::string_view text);
/// An instant from RFC 3339.
core::Timestamp instant(std::string_view text);

/// The 2025 and 2026 notices exactly as shipped in data/calendar (read from the source tree), plus recurring days.
core::CalendarBook shipped_book();
/// An engine over [first, last] with the standard office hours and the shipped book (or the given one).
core::DeadlineEngine engine(int first = 2024, int last = 2028);
core::DeadlineEngine engine(const core::CalendarBook& book, int first = 2024, int last = 2028);

}  // namespace motcua::test
