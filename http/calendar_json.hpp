#pragma once
// JSON mapping of the working-time calendar: notice files (data/calendar/*.json and administrator imports) and the
// shapes the CLI and API answer with.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar_service.hpp"
#include "core/deadline.hpp"
#include "core/holidays.hpp"
#include "core/lunar.hpp"

namespace motcua::http {

/// Parses a notice file: {"year", "agency"?, "reference", "title"?, "entries":[{"date","kind","name"}]}.
/// Errors name the field ("entries[2].kind"); the notice is validated (core::validate).
[[nodiscard]] core::Result<core::YearNotice> parse_notice(std::string_view text);
/// Parses {"recurring":[{"month","day","name","from_year","to_year"?,"in_lieu"?}]}.
[[nodiscard]] core::Result<std::vector<core::RecurringDay>> parse_recurring(std::string_view text);

/// A deadline question in text form, as the CLI options and the calculator's query parameters carry it.
struct DueQuestion {
    std::optional<std::string> received;  ///< "YYYY-MM-DDTHH:MM" office time
    std::optional<std::string> hours;
    std::optional<std::string> days;
    std::optional<std::string> cutoff;  ///< "HH:MM" or "none"; absent: the automatic rule
};

struct ParsedDueQuestion {
    core::LocalTime received;
    core::Budget budget;
    core::CutoffRule rule;
};

/// Checks and converts a question: exactly one of hours (1..8760) and days (1..3650); errors name the field.
[[nodiscard]] core::Result<ParsedDueQuestion> parse_due_question(const DueQuestion& q);

/// The notices and recurring days shipped with this release (data/calendar, compiled in).
[[nodiscard]] std::vector<core::YearNotice> shipped_notices();
[[nodiscard]] std::vector<core::RecurringDay> shipped_recurring();

[[nodiscard]] nlohmann::json to_json(const core::CalendarEntry& entry);
[[nodiscard]] nlohmann::json to_json(const core::LunarDate& lunar);
[[nodiscard]] nlohmann::json to_json(const core::WorkingTimeParts& parts);
[[nodiscard]] nlohmann::json to_json(const core::Budget& budget);
/// {"start","due" (local "YYYY-MM-DDTHH:MM"), "budget", "cutoff", "office_hours", "provisional"}.
[[nodiscard]] nlohmann::json to_json(const core::DueAnswer& answer, const core::Budget& budget);

}  // namespace motcua::http
