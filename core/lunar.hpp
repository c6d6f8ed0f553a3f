#pragma once
// The Vietnamese lunisolar calendar (âm lịch), computed astronomically for the UTC+7 meridian.
//
// Months start on the local (UTC+7) day of the astronomical new moon; the month containing the December solstice is
// month 11; in a lunar year with 13 months the first month after month 11 that contains no major solar term
// (trung khí) is the leap month, numbered like the month before it. This is NOT the Chinese calendar, which uses the
// UTC+8 meridian: the two disagree on Tết in some years (1985, 2007). Never substitute ICU's or Intl's Chinese
// calendar. Algorithm and sources: docs/calendar.md.
#include <compare>

#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// Solar years for which conversions are supported (both directions).
inline constexpr int kLunarFirstYear = 1900;
inline constexpr int kLunarLastYear = 2199;

struct LunarDate {
    int year = 0;        ///< lunar year number (the year in which that lunar year's month 1 begins)
    unsigned month = 0;  ///< 1..12
    unsigned day = 0;    ///< 1..30
    bool leap = false;   ///< true for the intercalary (nhuận) month that repeats `month`
    friend constexpr auto operator<=>(const LunarDate&, const LunarDate&) = default;
};

/// The lunar date of a solar date. Errors (invalid_argument): "invalid_date" for a Date that is not a real day,
/// "date_out_of_range" outside kLunarFirstYear..kLunarLastYear.
[[nodiscard]] Result<LunarDate> to_lunar(Date solar);

/// The solar date of a lunar date. Errors (invalid_argument): "date_out_of_range"; "invalid_lunar_date" when the
/// month is not 1..12, the day is past the month's length (29 or 30), or `leap` is set for a month that is not the
/// leap month of that year.
[[nodiscard]] Result<Date> to_solar(LunarDate lunar);

/// Number of days (29 or 30) of a lunar month; same errors as to_solar. A month is accepted when at least one of its
/// days falls inside the supported solar range (lunar 1899/12 starts before 1900-01-01).
[[nodiscard]] Result<int> lunar_month_length(int year, unsigned month, bool leap);

/// The leap month of a lunar year (1..12), or 0 when the year has none.
[[nodiscard]] Result<unsigned> leap_month_of(int lunar_year);

}  // namespace motcua::core
