#include "core/deadline.hpp"

#include <cstdlib>

namespace motcua::core {
namespace {

using std::chrono::minutes;

Error negative_budget() {
    return Error{ErrorKind::invalid_argument, "invalid_duration", "a working-time budget cannot be negative", {}};
}

}  // namespace

bool is_short_budget(const Budget& budget) {
    if (const auto* d = std::get_if<WorkingDays>(&budget)) return d->count <= 1;
    return std::get<WorkingHours>(budget).count <= 8;
}

std::optional<TimeOfDay> effective_cutoff(const CutoffRule& rule, const Budget& budget) {
    switch (rule.mode) {
        case CutoffRule::Mode::none: return std::nullopt;
        case CutoffRule::Mode::at: return rule.time;
        case CutoffRule::Mode::automatic: return is_short_budget(budget) ? std::optional{kDefaultCutoff} : std::nullopt;
    }
    return std::nullopt;
}

const char* to_string(Timeliness t) noexcept {
    switch (t) {
        case Timeliness::early: return "early";
        case Timeliness::on_time: return "on_time";
        case Timeliness::late: return "late";
    }
    return "late";
}

DeadlineEngine::DeadlineEngine(std::shared_ptr<const WorkingCalendar> calendar, OfficeHours hours)
    : calendar_(std::move(calendar)), hours_(std::move(hours)), day_minutes_(hours_.day_length().count()) {}

bool DeadlineEngine::is_open(LocalTime t) const {
    const DayNumber day = date::floor<date::days>(t);
    return calendar_->covers(day) && calendar_->is_working_day(day) &&
           hours_.is_open(TimeOfDay{date::floor<minutes>(t - day)});
}

Error DeadlineEngine::out_of_range(LocalTime t) const {
    return Error{ErrorKind::invalid_argument, "date_out_of_range",
                 format_date(date_of(t)) + " is outside the working calendar (" +
                     std::to_string(calendar_->first_year()) + "–" + std::to_string(calendar_->last_year()) + ")",
                 {}};
}

Result<std::int64_t> DeadlineEngine::position(LocalTime t) const {
    // Day numbers and minutes only: this is the hot path of every due computation.
    const DayNumber day = date::floor<date::days>(t);
    if (!calendar_->covers(day)) return tl::unexpected(out_of_range(t));
    const std::int64_t before = std::int64_t{calendar_->rank(day)} * day_minutes_;
    if (!calendar_->is_working_day(day)) return before;
    // Seconds inside a minute do not count: office arithmetic is to the minute.
    return before + hours_.elapsed_at(TimeOfDay{date::floor<minutes>(t - day)}).count();
}

Result<LocalTime> DeadlineEngine::at_position(std::int64_t pos) const {
    // The earliest instant with this position: the end of a window rather than the next opening.
    std::int64_t day = pos / day_minutes_;
    std::int64_t elapsed = pos % day_minutes_;
    if (elapsed == 0 && day > 0) {
        --day;
        elapsed = day_minutes_;
    }
    if (day >= calendar_->working_day_count())
        return fail(ErrorKind::invalid_argument,
                    "the result falls after the working calendar's last year (" +
                        std::to_string(calendar_->last_year()) + ")",
                    {}, "date_out_of_range");
    return LocalTime{calendar_->working_day_number_at(static_cast<std::int32_t>(day))} +
           hours_.time_at(minutes{elapsed}).since_midnight;
}

Result<LocalTime> DeadlineEngine::next_opening(LocalTime t) const {
    const DayNumber day = date::floor<date::days>(t);
    if (!calendar_->covers(day)) return tl::unexpected(out_of_range(t));
    if (calendar_->is_working_day(day)) {
        const TimeOfDay now{date::floor<minutes>(t - day)};
        for (const OfficeWindow& w : hours_.windows()) {
            if (now < w.open) return LocalTime{day} + w.open.since_midnight;
            if (now < w.close) return t;
        }
    }
    return first_opening_after(day, t);
}

Result<LocalTime> DeadlineEngine::first_opening_after(DayNumber day, LocalTime t) const {
    // The working day after `day` has rank(day) + 1 if `day` works, rank(day) otherwise.
    const std::int32_t next = calendar_->rank(day) + (calendar_->is_working_day(day) ? 1 : 0);
    if (next >= calendar_->working_day_count()) return tl::unexpected(out_of_range(t));
    return LocalTime{calendar_->working_day_number_at(next)} + hours_.opening().since_midnight;
}

Result<LocalTime> DeadlineEngine::start_of(LocalTime received, std::optional<TimeOfDay> cutoff) const {
    received = date::floor<minutes>(received);  // office arithmetic is to the minute
    const DayNumber day = date::floor<date::days>(received);
    if (!calendar_->covers(day)) return tl::unexpected(out_of_range(received));
    if (cutoff && calendar_->is_working_day(day) && TimeOfDay{date::floor<minutes>(received - day)} >= *cutoff)
        return first_opening_after(day, received);
    return next_opening(received);
}

Result<LocalTime> DeadlineEngine::add(LocalTime start, WorkingTime time) const {
    if (time.value < minutes{0}) return tl::unexpected(negative_budget());
    auto pos = position(start);
    if (!pos) return tl::unexpected(pos.error());
    if (time.value == minutes{0}) return start;  // nothing to add: a zero pause leaves a due where it was
    return at_position(*pos + time.value.count());
}

Result<LocalTime> DeadlineEngine::add(LocalTime start, WorkingHours h) const {
    if (h.count < 0) return tl::unexpected(negative_budget());
    return add(start, WorkingTime{std::chrono::hours{h.count}});
}

Result<LocalTime> DeadlineEngine::add(LocalTime start, WorkingDays d) const {
    if (d.count < 0) return tl::unexpected(negative_budget());
    return add(start, WorkingTime{minutes{std::int64_t{d.count} * day_minutes_}});
}

Result<LocalTime> DeadlineEngine::add(LocalTime start, const Budget& budget) const {
    return std::visit([&](const auto& b) { return add(start, b); }, budget);
}

Result<WorkingTime> DeadlineEngine::between(LocalTime from, LocalTime to) const {
    auto a = position(from);
    if (!a) return tl::unexpected(a.error());
    auto b = position(to);
    if (!b) return tl::unexpected(b.error());
    return WorkingTime{minutes{*b - *a}};
}

WorkingTime DeadlineEngine::length_of(const Budget& budget) const {
    if (const auto* d = std::get_if<WorkingDays>(&budget)) return WorkingTime{minutes{d->count * day_minutes_}};
    return WorkingTime{std::chrono::hours{std::get<WorkingHours>(budget).count}};
}

Result<Appointment> DeadlineEngine::appoint(LocalTime received, const Budget& budget, const CutoffRule& rule) const {
    if (length_of(budget).value <= minutes{0})
        return fail(ErrorKind::invalid_argument, "a procedure's time limit must be at least one working hour", {},
                    "invalid_duration");
    auto start = start_of(received, effective_cutoff(rule, budget));
    if (!start) return tl::unexpected(start.error());
    auto due = add(*start, budget);
    if (!due) return tl::unexpected(due.error());
    return Appointment{*start, *due};
}

WorkingTimeParts DeadlineEngine::split(WorkingTime t) const {
    WorkingTimeParts parts;
    std::int64_t m = t.value.count();
    parts.negative = m < 0;
    m = std::llabs(m);
    parts.days = static_cast<int>(m / day_minutes_);
    m %= day_minutes_;
    parts.hours = static_cast<int>(m / 60);
    parts.minutes = static_cast<int>(m % 60);
    return parts;
}

Timeliness classify(LocalTime ready, LocalTime due, CompareBy by) {
    const Date ready_day = date_of(ready);
    const Date due_day = date_of(due);
    if (ready_day < due_day) return Timeliness::early;
    switch (by) {
        case CompareBy::date: return ready_day == due_day ? Timeliness::on_time : Timeliness::late;
        case CompareBy::instant: return ready <= due ? Timeliness::on_time : Timeliness::late;
    }
    return Timeliness::late;
}

}  // namespace motcua::core
