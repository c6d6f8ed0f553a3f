#pragma once
// The vocabulary of time. This is the only core header that spells date:: types for others to use.
//
//  - Timestamp: an instant, UTC, whole seconds (what is stored and compared).
//  - LocalTime: a wall-clock reading in office time, Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight saving
//    since 1975, so the conversion is a fixed offset (docs/decisions/0002-fixed-office-offset.md).
//  - Date: a civil calendar day (year_month_day), never a midnight instant.
//  - TimeOfDay: minutes after local midnight, for office hours and cut-offs.
#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include <date/date.h>

#include "core/error.hpp"

namespace motcua::core {

using Date = date::year_month_day;
using DayNumber = date::local_days;
using Timestamp = date::sys_seconds;
using LocalTime = date::local_seconds;

/// Offset of office time (Asia/Ho_Chi_Minh) from UTC.
inline constexpr std::chrono::hours kOfficeUtcOffset{7};

struct TimeOfDay {
    std::chrono::minutes since_midnight{0};
    friend constexpr auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

[[nodiscard]] constexpr TimeOfDay hm(int hours, int minutes) {
    return TimeOfDay{std::chrono::hours{hours} + std::chrono::minutes{minutes}};
}

[[nodiscard]] inline DayNumber day_number(Date d) { return DayNumber{d}; }
[[nodiscard]] inline Date to_date(DayNumber n) { return Date{n}; }

[[nodiscard]] inline LocalTime to_local(Timestamp t) { return LocalTime{t.time_since_epoch() + kOfficeUtcOffset}; }
[[nodiscard]] inline Timestamp to_utc(LocalTime t) { return Timestamp{t.time_since_epoch() - kOfficeUtcOffset}; }

/// The civil date of a local reading.
[[nodiscard]] inline Date date_of(LocalTime t) { return Date{date::floor<date::days>(t)}; }
/// Minutes after local midnight of a local reading (seconds truncated).
[[nodiscard]] inline TimeOfDay time_of(LocalTime t) {
    return TimeOfDay{date::floor<std::chrono::minutes>(t - date::floor<date::days>(t))};
}
/// The local reading at `tod` on day `d`.
[[nodiscard]] inline LocalTime at(Date d, TimeOfDay tod) { return LocalTime{DayNumber{d}} + tod.since_midnight; }

/// "YYYY-MM-DD", a real calendar date (2025-02-29 is refused). Error code "invalid_date".
[[nodiscard]] Result<Date> parse_date(std::string_view text, std::string_view field = {});
/// "HH:MM", 00:00..23:59. Error code "invalid_time".
[[nodiscard]] Result<TimeOfDay> parse_time_of_day(std::string_view text, std::string_view field = {});
/// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS", read as office time. Error code "invalid_datetime".
[[nodiscard]] Result<LocalTime> parse_local_datetime(std::string_view text, std::string_view field = {});
/// RFC 3339 with an explicit offset ("2026-03-02T09:15:00+07:00", "...Z"); fractional seconds are truncated.
/// A reading without offset is office time. Error code "invalid_datetime".
[[nodiscard]] Result<Timestamp> parse_instant(std::string_view text, std::string_view field = {});

[[nodiscard]] std::string format_date(Date d);
[[nodiscard]] std::string format_time_of_day(TimeOfDay t);
/// "YYYY-MM-DDTHH:MM" (office time, seconds dropped).
[[nodiscard]] std::string format_local_minute(LocalTime t);
/// RFC 3339 in office time: "YYYY-MM-DDTHH:MM:SS+07:00".
[[nodiscard]] std::string format_instant(Timestamp t);
/// RFC 3339 in UTC: "YYYY-MM-DDTHH:MM:SSZ" (the storage format, docs/decisions/0003-storage-time-format.md).
[[nodiscard]] std::string format_instant_utc(Timestamp t);

}  // namespace motcua::core
