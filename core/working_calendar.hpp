#pragma once
// Which days are working days, for one agency, over a range of years: a precomputed index so that "the N-th working
// day after D" and "working days between A and B" are O(1) lookups rather than day-by-day walks.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/holidays.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// A count of working days. Deliberately not date::days: the two cannot be added to each other by mistake.
struct WorkingDays {
    int count = 0;
    friend constexpr auto operator<=>(const WorkingDays&, const WorkingDays&) = default;
};

class WorkingCalendar final {
public:
    /// Builds the index for [first_year, last_year] from the book's entries for `agency` (empty: national).
    /// Monday to Friday are working days unless an entry makes them a day off; Saturday and Sunday are rest days
    /// unless a working_saturday entry says otherwise. Errors: invalid_argument for an empty or out-of-range span.
    [[nodiscard]] static Result<WorkingCalendar> build(const CalendarBook& book, std::string agency, int first_year,
                                                       int last_year);

    [[nodiscard]] const std::string& agency() const { return agency_; }
    [[nodiscard]] int first_year() const { return first_year_; }
    [[nodiscard]] int last_year() const { return last_year_; }
    /// Whether `d` lies inside the indexed years.
    [[nodiscard]] bool covers(Date d) const;
    /// Precondition: covers(d).
    [[nodiscard]] bool is_working_day(Date d) const;
    /// The special days the index was built from (sorted by date).
    [[nodiscard]] const std::vector<CalendarEntry>& entries() const { return entries_; }
    /// Whether any year of the index was computed from the statutory rules rather than an official notice.
    [[nodiscard]] bool has_provisional_years() const { return provisional_years_ > 0; }

    /// The first working day on or after `d`. Error "date_out_of_range" when none is indexed.
    [[nodiscard]] Result<Date> working_day_on_or_after(Date d) const;
    /// The n-th working day after `from` (`from` itself is not counted, n >= 0; n == 0 gives the first working day
    /// on or after `from`). Error "date_out_of_range" past the index.
    [[nodiscard]] Result<Date> add(Date from, WorkingDays n) const;
    /// Working days in the half-open interval [from, to); negative when to < from. Preconditions: covers both.
    [[nodiscard]] WorkingDays between(Date from, Date to) const;

    /// Number of working days strictly before `d` since the start of the index (the engine's position unit).
    /// Precondition: covers(d).
    [[nodiscard]] std::int32_t rank(Date d) const { return rank(day_number(d)); }
    /// The working day of a given rank, if indexed.
    [[nodiscard]] Result<Date> working_day_at(std::int32_t rank) const;
    [[nodiscard]] std::int32_t working_day_count() const { return static_cast<std::int32_t>(working_.size()); }

    // The same queries on day numbers, for the engine's hot path (no calendar-field conversions).
    [[nodiscard]] bool covers(DayNumber d) const {
        const auto i = (d - first_day_).count();
        return i >= 0 && static_cast<std::size_t>(i) < rank_.size();
    }
    /// Precondition: covers(d).
    [[nodiscard]] bool is_working_day(DayNumber d) const { return flags_[index(d)] != 0; }
    /// Precondition: covers(d).
    [[nodiscard]] std::int32_t rank(DayNumber d) const { return rank_[index(d)]; }
    /// The day number of the working day of a given rank; precondition 0 <= rank < working_day_count().
    [[nodiscard]] DayNumber working_day_number_at(std::int32_t rank) const {
        return first_day_ + date::days{working_[static_cast<std::size_t>(rank)]};
    }

private:
    [[nodiscard]] std::size_t index(DayNumber d) const { return static_cast<std::size_t>((d - first_day_).count()); }

    std::string agency_;
    int first_year_ = 0;
    int last_year_ = 0;
    DayNumber first_day_{};
    std::vector<std::int32_t> rank_;     // per indexed day: working days before it
    std::vector<std::uint8_t> flags_;    // per indexed day: 1 when it is a working day
    std::vector<std::int32_t> working_;  // per rank: day offset of that working day
    std::vector<CalendarEntry> entries_;
    int provisional_years_ = 0;
};

}  // namespace motcua::core
