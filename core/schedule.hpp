#pragma once
// A dossier's time line: from its receipt and clock events to its due dates (docs/deadlines.md, "Dossier clock").
//
//  - The clock starts at receipt (with the procedure's cut-off) and RESTARTS, with the full budget, when a requested
//    supplement is received (the due is recomputed from the supplement's receipt).
//  - Pause intervals (e.g. waiting for the applicant's financial obligations) after the last (re)start extend the due
//    by the working time they cover; an open pause counts up to `now`.
//  - An apology sets one extended due; the statutory due is kept, and timeliness is judged against it.
#include <optional>
#include <vector>

#include "core/deadline.hpp"

namespace motcua::core {

struct PauseInterval {
    LocalTime from;
    std::optional<LocalTime> to;  ///< empty while the pause is open
};

struct ClockInput {
    LocalTime received;
    Budget budget;
    CutoffRule cutoff;
    std::optional<LocalTime> restarted_at;  ///< receipt of the last requested supplement
    std::vector<PauseInterval> pauses;
    std::optional<LocalTime> extended_due;  ///< from an apology, at most one
};

struct DossierClock {
    LocalTime start;              ///< when the current run of the clock started
    LocalTime base_due;           ///< start + budget
    WorkingTime paused;           ///< working time excluded by pauses
    LocalTime statutory_due;      ///< base_due + paused: the due timeliness is judged against
    std::optional<LocalTime> extended_due;
    /// The appointment in force: the extension, unless a later restart or pause moved the statutory due past it.
    [[nodiscard]] LocalTime effective_due() const {
        return extended_due && *extended_due > statutory_due ? *extended_due : statutory_due;
    }
};

/// Computes a dossier's clock. `now` closes an open pause. Errors from the engine (date_out_of_range) or
/// "invalid_pause" for a pause that ends before it starts.
[[nodiscard]] Result<DossierClock> compute_clock(const DeadlineEngine& engine, const ClockInput& input, LocalTime now);

}  // namespace motcua::core
