#pragma once
// The deadline engine: working-time arithmetic over a WorkingCalendar and OfficeHours, in office time
// (Asia/Ho_Chi_Minh). Every rule below is also written, with examples, in docs/deadlines.md.
//
// Position. Every local instant has a position on the agency's working-time line: the working minutes from the start
// of the calendar up to that instant. Positions do not advance outside office hours, on rest days or on holidays.
// All arithmetic is done on positions, so it costs two index lookups whatever the budget (no day-by-day walk).
//
// Rules.
//  1. Start. The receipt instant, moved to the next opening when it is outside office hours, on a non-working day, or
//     at/after the procedure's cut-off time (start_of).
//  2. Hours. Adding H working hours consumes office time window by window. A budget that runs out exactly at a
//     closing time (11:30, 17:00) ends at that closing time, never at the next opening.
//  3. Days. A working day is day_length() of office time (8 hours by default), so adding N working days lands at the
//     same office-time offset N working days later (Tue 10:00 + 1 day = Wed 10:00). A start at the opening
//     (offset zero) ends at the closing time of the N-th working day counted from the start day (Tue 07:30 + 1 day =
//     Tue 17:00).
//  4. Cut-off. Optional per procedure; by default 15:00 for budgets of one working day or less, none otherwise.
#include <chrono>
#include <compare>
#include <memory>
#include <optional>
#include <variant>

#include "core/error.hpp"
#include "core/office_hours.hpp"
#include "core/time.hpp"
#include "core/working_calendar.hpp"

namespace motcua::core {

/// A budget in working hours (distinct from WorkingDays and from wall-clock hours).
struct WorkingHours {
    int count = 0;
    friend constexpr auto operator<=>(const WorkingHours&, const WorkingHours&) = default;
};

/// A measured amount of working time, in minutes; negative for "overdue by".
struct WorkingTime {
    std::chrono::minutes value{0};
    friend constexpr auto operator<=>(const WorkingTime&, const WorkingTime&) = default;
};

/// A statutory or step budget: working days or working hours.
using Budget = std::variant<WorkingDays, WorkingHours>;

/// Whether a budget is at most one working day (8 working hours), which turns on the default 15:00 cut-off.
[[nodiscard]] bool is_short_budget(const Budget& budget);

/// How a procedure treats late receipts.
struct CutoffRule {
    enum class Mode { automatic, none, at };
    Mode mode = Mode::automatic;
    TimeOfDay time{};  ///< used when mode == at
    friend bool operator==(const CutoffRule&, const CutoffRule&) = default;
};

/// The default cut-off for short budgets (domain.md §4.3).
inline constexpr TimeOfDay kDefaultCutoff = hm(15, 0);

/// The cut-off time in force for a budget under a rule, if any.
[[nodiscard]] std::optional<TimeOfDay> effective_cutoff(const CutoffRule& rule, const Budget& budget);

/// Working time split for people: days of day_length() plus hours and minutes.
struct WorkingTimeParts {
    bool negative = false;
    int days = 0;
    int hours = 0;
    int minutes = 0;
};

/// A computed appointment: when the clock started and when the budget runs out.
struct Appointment {
    LocalTime start;
    LocalTime due;
};

enum class Timeliness { early, on_time, late };
[[nodiscard]] const char* to_string(Timeliness t) noexcept;

/// How result-ready is compared with the due: by civil date (the national practice, default) or by instant.
enum class CompareBy { date, instant };

class DeadlineEngine final {
public:
    DeadlineEngine(std::shared_ptr<const WorkingCalendar> calendar, OfficeHours hours);

    [[nodiscard]] const WorkingCalendar& calendar() const { return *calendar_; }
    [[nodiscard]] const OfficeHours& office_hours() const { return hours_; }

    /// Whether the office is open at `t` (a working day and inside a window). Outside the calendar: false.
    [[nodiscard]] bool is_open(LocalTime t) const;
    /// `t` itself if the office is open then, else the next opening. Error "date_out_of_range".
    [[nodiscard]] Result<LocalTime> next_opening(LocalTime t) const;
    /// Rule 1: the instant the clock starts for a receipt at `received` under an optional cut-off.
    [[nodiscard]] Result<LocalTime> start_of(LocalTime received, std::optional<TimeOfDay> cutoff) const;

    /// Rules 2 and 3. `start` need not be normalised (a start outside office hours counts from the next opening).
    /// Adding zero returns `start` unchanged. Errors: "invalid_duration" for a negative budget; "date_out_of_range".
    [[nodiscard]] Result<LocalTime> add(LocalTime start, WorkingHours hours) const;
    [[nodiscard]] Result<LocalTime> add(LocalTime start, WorkingDays days) const;
    [[nodiscard]] Result<LocalTime> add(LocalTime start, WorkingTime time) const;
    [[nodiscard]] Result<LocalTime> add(LocalTime start, const Budget& budget) const;

    /// Working time in [from, to); negative when to < from. Error "date_out_of_range".
    [[nodiscard]] Result<WorkingTime> between(LocalTime from, LocalTime to) const;

    /// Start (rule 1 with the effective cut-off) and due (rules 2–3) for a receipt. Budgets must be positive
    /// ("invalid_duration").
    [[nodiscard]] Result<Appointment> appoint(LocalTime received, const Budget& budget, const CutoffRule& rule) const;

    /// Splits working time into days of day_length(), hours and minutes.
    [[nodiscard]] WorkingTimeParts split(WorkingTime t) const;

    /// The working time a budget stands for (days × day_length(), or hours).
    [[nodiscard]] WorkingTime length_of(const Budget& budget) const;

private:
    [[nodiscard]] Result<std::int64_t> position(LocalTime t) const;
    [[nodiscard]] Result<LocalTime> at_position(std::int64_t minutes) const;
    [[nodiscard]] Result<LocalTime> first_opening_after(DayNumber day, LocalTime t) const;
    [[nodiscard]] Error out_of_range(LocalTime t) const;

    std::shared_ptr<const WorkingCalendar> calendar_;
    OfficeHours hours_;
    std::int64_t day_minutes_;
};

/// Early / on time / late: the result-ready reading against the due (rule in docs/deadlines.md). By date, the civil
/// dates are compared (same day is on time even after the due hour); by instant, ready <= due is on time unless it
/// is on an earlier civil date, which is early.
[[nodiscard]] Timeliness classify(LocalTime ready, LocalTime due, CompareBy by = CompareBy::date);

}  // namespace motcua::core
