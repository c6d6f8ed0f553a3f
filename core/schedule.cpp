#include "core/schedule.hpp"

#include <algorithm>

namespace motcua::core {

Result<DossierClock> compute_clock(const DeadlineEngine& engine, const ClockInput& input, LocalTime now) {
    const LocalTime run_from = input.restarted_at.value_or(input.received);
    auto appointment = engine.appoint(run_from, input.budget, input.cutoff);
    if (!appointment) return tl::unexpected(appointment.error());

    DossierClock clock{appointment->start, appointment->due, WorkingTime{}, appointment->due, input.extended_due};
    for (const PauseInterval& p : input.pauses) {
        const LocalTime to = p.to.value_or(now);
        if (to < p.from)
            return fail(ErrorKind::invalid_argument, "a pause cannot end before it starts", "pauses", "invalid_pause");
        // Only time after the clock (re)started counts: a restart already gave the full budget back.
        const LocalTime from = std::max(p.from, clock.start);
        if (to <= from) continue;
        auto covered = engine.between(from, to);
        if (!covered) return tl::unexpected(covered.error());
        clock.paused.value += covered->value;
    }
    auto due = engine.add(clock.base_due, clock.paused);
    if (!due) return tl::unexpected(due.error());
    clock.statutory_due = *due;
    return clock;
}

}  // namespace motcua::core
