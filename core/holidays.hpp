#pragma once
// Days off and swapped working days: the data behind the working-day calendar.
//
// Two sources, in order of authority:
//  1. Yearly official notices (thông báo nghỉ lễ, Tết), loaded as data: dated entries per year, optionally scoped to
//     one agency. When a national notice exists for a year it is the complete list of that year's weekdays off and
//     working Saturdays; an agency notice adds to (and on the same date overrides) the national list.
//  2. For a year without a national notice, a provisional list computed from the statutory rules (Labour Code 2019,
//     Art. 111(3) and 112(1)) plus recurring data entries (e.g. Culture Day 24/11 from 2026). Every provisional entry
//     says so. docs/calendar.md states each rule and how sure it is.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

enum class DayKind {
    holiday,           ///< a public holiday (ngày lễ, Tết)
    compensatory_off,  ///< a weekday off in lieu of a holiday that fell on a weekly rest day (nghỉ bù)
    swap_off,          ///< a weekday off, swapped for a working Saturday (hoán đổi ngày làm việc)
    working_saturday,  ///< a Saturday worked in exchange for a swap_off
};

[[nodiscard]] const char* to_string(DayKind kind) noexcept;
[[nodiscard]] Result<DayKind> parse_day_kind(std::string_view text, std::string_view field = {});
/// True for every kind except working_saturday.
[[nodiscard]] constexpr bool is_day_off(DayKind kind) noexcept { return kind != DayKind::working_saturday; }

struct CalendarEntry {
    Date date;
    DayKind kind = DayKind::holiday;
    std::string name;
    bool provisional = false;  ///< computed from the statutory rules, not from an official notice
    std::string agency;        ///< empty: national; otherwise the agency code the entry is scoped to
    friend bool operator==(const CalendarEntry&, const CalendarEntry&) = default;
};

/// One official notice for one year (national when `agency` is empty).
struct YearNotice {
    int year = 0;
    std::string agency;
    std::string reference;  ///< e.g. "9441/TB-BNV"
    std::string title;
    std::vector<CalendarEntry> entries;
};

/// Checks a notice: year 1900..2199, every date inside the year, no date twice, working_saturday only on Saturdays,
/// days off only on weekdays (Monday..Friday) except holidays, which may fall on any day. Errors name the entry
/// ("entries[3].date").
[[nodiscard]] Status validate(const YearNotice& notice);

/// A fixed solar date given by data, not by the Labour Code (e.g. Vietnamese Culture Day 24/11 from 2026, [S]).
struct RecurringDay {
    unsigned month = 1;
    unsigned day = 1;
    std::string name;
    int from_year = 1900;
    int to_year = 9999;
    bool in_lieu = false;  ///< whether a day in lieu is given when it falls on a weekly rest day
};

/// The provisional list for `year` from the statutory rules (all entries marked provisional):
///  - 1/1; Tết: the eve (last day of the old lunar year) and lunar 1/1..4/1 (five days, the usual 1+4 split);
///    Hùng Kings 10/3 lunar; 30/4; 1/5; 2/9 plus one adjacent day (3/9 when 2/9 is a Monday or Thursday, else 1/9,
///    which keeps the break joined to a weekend as recent notices did);
///  - a day in lieu (compensatory_off) on the next weekday that is not already off, for every statutory holiday on a
///    Saturday or Sunday (Art. 111(3));
///  - every recurring day in force that year.
/// Error "date_out_of_range" outside the lunar calendar's range.
[[nodiscard]] Result<std::vector<CalendarEntry>> statutory_year(int year, std::span<const RecurringDay> recurring);

/// All notices and recurring rules the system knows, answering "which days are special in year Y for agency A".
class CalendarBook final {
public:
    /// Adds a notice, replacing any earlier one for the same year and agency. The notice must be valid.
    Status put(YearNotice notice);
    void set_recurring(std::vector<RecurringDay> recurring) { recurring_ = std::move(recurring); }

    [[nodiscard]] const YearNotice* notice(int year, std::string_view agency) const;
    [[nodiscard]] std::vector<const YearNotice*> notices() const;
    /// Whether any notice is scoped to `agency`.
    [[nodiscard]] bool has_agency_notices(std::string_view agency) const;
    [[nodiscard]] std::span<const RecurringDay> recurring() const { return recurring_; }

    /// Every special day of `year` for `agency` (empty: national), sorted by date, one entry per date: the national
    /// notice (or the provisional list), then the agency's notice entries on top.
    [[nodiscard]] Result<std::vector<CalendarEntry>> entries_for(int year, std::string_view agency) const;

private:
    std::map<std::pair<int, std::string>, YearNotice, std::less<>> notices_;
    std::vector<RecurringDay> recurring_;
};

}  // namespace motcua::core
