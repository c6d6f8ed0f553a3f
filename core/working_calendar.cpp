#include "core/working_calendar.hpp"

#include "core/lunar.hpp"

namespace motcua::core {
namespace {

Result<Date> out_of_range(Date d, const WorkingCalendar& cal) {
    return fail(ErrorKind::invalid_argument,
                format_date(d) + " is outside the working calendar (" + std::to_string(cal.first_year()) + "–" +
                    std::to_string(cal.last_year()) + ")",
                {}, "date_out_of_range");
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::build(const CalendarBook& book, std::string agency, int first_year,
                                               int last_year) {
    if (first_year > last_year || first_year < kLunarFirstYear || last_year > kLunarLastYear)
        return fail(ErrorKind::invalid_argument, "calendar years must be an ordered span within 1900–2199", {},
                    "invalid_year");
    WorkingCalendar cal;
    cal.agency_ = std::move(agency);
    cal.first_year_ = first_year;
    cal.last_year_ = last_year;
    cal.first_day_ = DayNumber{date::year{first_year} / date::January / 1};
    const DayNumber end{date::year{last_year + 1} / date::January / 1};
    const auto days = static_cast<std::size_t>((end - cal.first_day_).count());

    // Start from the weekly pattern, then apply each year's entries.
    std::vector<std::uint8_t> working(days);
    for (std::size_t i = 0; i < days; ++i) {
        const date::weekday wd{cal.first_day_ + date::days{static_cast<int>(i)}};
        working[i] = (wd != date::Saturday && wd != date::Sunday) ? 1 : 0;
    }
    for (int y = first_year; y <= last_year; ++y) {
        auto entries = book.entries_for(y, cal.agency_);
        if (!entries) return tl::unexpected(entries.error());
        if (book.notice(y, "") == nullptr) ++cal.provisional_years_;
        for (CalendarEntry& e : *entries) {
            // A day in lieu can spill into the next year; past the last indexed year it has nothing to mark.
            const auto offset = (DayNumber{e.date} - cal.first_day_).count();
            if (offset < 0 || static_cast<std::size_t>(offset) >= days) continue;
            const auto i = static_cast<std::size_t>(offset);
            working[i] = is_day_off(e.kind) ? 0 : 1;
            cal.entries_.push_back(std::move(e));
        }
    }

    cal.flags_ = working;
    cal.rank_.resize(days);
    std::int32_t count = 0;
    for (std::size_t i = 0; i < days; ++i) {
        cal.rank_[i] = count;
        if (working[i] != 0) {
            cal.working_.push_back(static_cast<std::int32_t>(i));
            ++count;
        }
    }
    return cal;
}


bool WorkingCalendar::covers(Date d) const { return d.ok() && covers(day_number(d)); }

bool WorkingCalendar::is_working_day(Date d) const { return is_working_day(day_number(d)); }

Result<Date> WorkingCalendar::working_day_at(std::int32_t r) const {
    if (r < 0 || static_cast<std::size_t>(r) >= working_.size())
        return fail(ErrorKind::invalid_argument,
                    "the result falls outside the working calendar (" + std::to_string(first_year_) + "–" +
                        std::to_string(last_year_) + ")",
                    {}, "date_out_of_range");
    return to_date(first_day_ + date::days{working_[static_cast<std::size_t>(r)]});
}

Result<Date> WorkingCalendar::working_day_on_or_after(Date d) const {
    if (!covers(d)) return out_of_range(d, *this);
    return working_day_at(rank(d));
}

Result<Date> WorkingCalendar::add(Date from, WorkingDays n) const {
    if (!covers(from)) return out_of_range(from, *this);
    if (n.count < 0)
        return fail(ErrorKind::invalid_argument, "a number of working days to add cannot be negative", {},
                    "invalid_duration");
    if (n.count == 0) return working_day_at(rank(from));
    // The first working day strictly after `from` has rank(from) + 1 when `from` is itself a working day.
    const std::int32_t first_after = rank(from) + (is_working_day(from) ? 1 : 0);
    return working_day_at(first_after + n.count - 1);
}

WorkingDays WorkingCalendar::between(Date from, Date to) const { return WorkingDays{rank(to) - rank(from)}; }

}  // namespace motcua::core
