#pragma once
// Office hours of a working day: one or more windows, e.g. 07:30–11:30 and 13:00–17:00 (8 working hours).
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// A half-open window [open, close) of office time.
struct OfficeWindow {
    TimeOfDay open;
    TimeOfDay close;
    friend constexpr bool operator==(const OfficeWindow&, const OfficeWindow&) = default;
};

class OfficeHours final {
public:
    /// The default for Vietnamese state agencies: 07:30–11:30 and 13:00–17:00.
    [[nodiscard]] static OfficeHours standard();
    /// Windows must be non-empty, each open < close, sorted and not overlapping. Error code "invalid_office_hours".
    [[nodiscard]] static Result<OfficeHours> make(std::vector<OfficeWindow> windows);
    /// Parses "07:30-11:30,13:00-17:00".
    [[nodiscard]] static Result<OfficeHours> parse(std::string_view text, std::string_view field = {});

    [[nodiscard]] std::span<const OfficeWindow> windows() const { return windows_; }
    [[nodiscard]] std::chrono::minutes day_length() const { return day_length_; }
    [[nodiscard]] TimeOfDay opening() const { return windows_.front().open; }
    [[nodiscard]] TimeOfDay closing() const { return windows_.back().close; }
    [[nodiscard]] bool is_open(TimeOfDay t) const;
    /// Working minutes of the day elapsed at `t` (0 before opening, day_length() after closing; a break counts as
    /// the end of the window before it).
    [[nodiscard]] std::chrono::minutes elapsed_at(TimeOfDay t) const;
    /// The earliest time of day at which `elapsed` working minutes have passed (0 < elapsed <= day_length()): a
    /// budget that runs out exactly at the end of a window ends at that window's close, never at the next opening.
    /// elapsed == 0 gives the opening.
    [[nodiscard]] TimeOfDay time_at(std::chrono::minutes elapsed) const;
    [[nodiscard]] std::string to_string() const;  ///< "07:30-11:30,13:00-17:00"

    friend bool operator==(const OfficeHours&, const OfficeHours&) = default;

private:
    std::vector<OfficeWindow> windows_;
    std::chrono::minutes day_length_{0};
};

}  // namespace motcua::core
