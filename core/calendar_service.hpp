#pragma once
// Use cases around the working-time calendar: loading official notices (shipped with the release or imported by an
// administrator) and assembling the CalendarBook the deadline engine is built from.
//
// Loading a notice never changes a due date already computed: stored appointments are values. Open work is
// re-timed only by an explicit, audited recomputation (docs/deadlines.md, "When the calendar changes").
#include <span>
#include <string>
#include <vector>

#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/holidays.hpp"
#include "core/ports.hpp"

namespace motcua::core {

struct NoticeImport {
    int year = 0;
    std::string agency;
    bool replaced = false;  ///< an earlier notice for the same year and agency was replaced
    std::size_t entries = 0;
};

/// The days of `year` that differ from the weekly pattern for `agency`: every weekday off and every working
/// Saturday (a holiday that falls on a weekend is left out; its day in lieu is listed).
[[nodiscard]] Result<std::vector<CalendarEntry>> days_that_differ(const CalendarBook& book, int year,
                                                                  std::string_view agency);

/// The answer to "when is a dossier received at R with budget B due?" (the deadline calculator).
struct DueAnswer {
    Appointment appointment;
    std::optional<TimeOfDay> cutoff;  ///< the cut-off that applied, if any
    OfficeHours office_hours;
    bool provisional = false;  ///< a year the interval touches has no official notice yet
};

/// Builds the agency's calendar over just the years the computation can reach and appoints. Errors:
/// "date_out_of_range", "invalid_duration".
[[nodiscard]] Result<DueAnswer> calculate_due(const CalendarBook& book, const std::string& agency, LocalTime received,
                                              const Budget& budget, const CutoffRule& rule,
                                              const OfficeHours& hours = OfficeHours::standard());

class CalendarService final {
public:
    CalendarService(CalendarStore& store, const Clock& clock) : store_(store), clock_(clock) {}

    /// An administrator adds or replaces the notice for a year (and agency). Validated; audited.
    [[nodiscard]] Result<NoticeImport> import_notice(YearNotice notice, const std::string& actor);

    /// Brings the notices shipped with this release into the store: a year with no notice gets the shipped one, a
    /// year whose shipped notice changed in a newer release is updated, and a year an administrator loaded is left
    /// alone. Returns the imports made (audited as "system").
    [[nodiscard]] Result<std::vector<NoticeImport>> seed_shipped(std::span<const YearNotice> shipped);

    /// All stored notices plus the recurring data, ready for WorkingCalendar::build.
    [[nodiscard]] Result<CalendarBook> book(std::vector<RecurringDay> recurring);
    /// Changes whenever a stored notice changes.
    [[nodiscard]] std::int64_t revision() { return store_.revision(); }

private:
    CalendarStore& store_;
    const Clock& clock_;
};

}  // namespace motcua::core
