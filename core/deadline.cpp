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
    const Date d = date_of(t);
    return calendar_->covers(d) && calendar_->is_working_day(d) && hours_.is_open(time_of(t));
}

Result<std::int64_t> DeadlineEngine::position(LocalTime t) const {
    const Date d = date_of(t);
    if (!calendar_->covers(d))
        return fail(ErrorKind::invalid_argument,
                    format_date(d) + " is outside the working calendar (" + std::to_string(calendar_->first_year()) +
                        "–" + std::to_string(calendar_->last_year()) + ")",
                    {}, "date_out_of_range");
    const std::int64_t before = std::int64_t{calendar_->rank(d)} * day_minutes_;
    if (!calendar_->is_working_day(d)) return before;
    // Seconds inside a minute do not count: office arithmetic is to the minute.
    return before + hours_.elapsed_at(time_of(t)).count();
}

Result<LocalTime> DeadlineEngine::at_position(std::int64_t pos) const {
    // The earliest instant with this position: the end of a window rather than the next opening.
    std::int64_t day = pos / day_minutes_;
    std::int64_t elapsed = pos % day_minutes_;
    if (elapsed == 0 && day > 0) {
        --day;
        elapsed = day_minutes_;
    }
    auto d = calendar_->working_day_at(static_cast<std::int32_t>(day));
    if (!d) return tl::unexpected(d.error());
    return at(*d, hours_.time_at(minutes{elapsed}));
}

Result<LocalTime> DeadlineEngine::next_opening(LocalTime t) const {
    if (is_open(t)) return t;
    if (auto pos = position(t); !pos) return tl::unexpected(pos.error());
    // Closed at `t`: a later window of the same working day, else the first window of the next working day.
    const Date d = date_of(t);
    if (calendar_->is_working_day(d)) {
        for (const OfficeWindow& w : hours_.windows())
            if (time_of(t) < w.open) return at(d, w.open);
    }
    auto next = calendar_->add(d, WorkingDays{1});
    if (!next) return tl::unexpected(next.error());
    return at(*next, hours_.opening());
}

Result<LocalTime> DeadlineEngine::start_of(LocalTime received, std::optional<TimeOfDay> cutoff) const {
    const Date d = date_of(received);
    if (!calendar_->covers(d)) return tl::unexpected(position(received).error());
    if (cutoff && calendar_->is_working_day(d) && time_of(received) >= *cutoff) {
        auto next = calendar_->add(d, WorkingDays{1});
        if (!next) return tl::unexpected(next.error());
        return at(*next, hours_.opening());
    }
    auto start = next_opening(received);
    if (!start) return start;
    // Seconds are dropped: office arithmetic is to the minute.
    return date::floor<minutes>(*start);
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
