// libFuzzer target: the calendar and deadline inputs, as the CLI and the public calculator take them.
//
// Input: newline-separated fields: received ("YYYY-MM-DDTHH:MM"), hours, days, cutoff ("HH:MM" | "none"), a solar
// date, a lunar "YYYY-MM-DD[L]", an RFC 3339 instant; the rest is a notice file (JSON). Checked properties:
//  - a due computed for a received instant never lies before its start, and the start never before receipt;
//  - solar → lunar → solar returns the same day; lunar → solar → lunar returns the same lunar date;
//  - an instant formatted and parsed again is the same instant;
//  - nothing throws (every bad input is an Error value).
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar_service.hpp"
#include "core/lunar.hpp"
#include "core/time.hpp"
#include "http/calendar_json.hpp"

using namespace motcua;

namespace {

[[noreturn]] void die(const std::string& why) {
    std::cerr << "fuzz_calendar: " << why << "\n";
    std::abort();
}

const core::CalendarBook& book() {
    static const core::CalendarBook b = [] {
        core::CalendarBook made;
        for (auto& notice : http::shipped_notices())
            if (!made.put(std::move(notice))) die("a shipped notice does not load");
        made.set_recurring(http::shipped_recurring());
        return made;
    }();
    return b;
}

std::optional<std::string> field(std::vector<std::string_view>& fields, std::size_t i) {
    if (i >= fields.size() || fields[i].empty()) return std::nullopt;
    return std::string(fields[i]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> fields;
    std::string_view rest = input;
    for (int i = 0; i < 7 && !rest.empty(); ++i) {
        const auto end = rest.find('\n');
        fields.push_back(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }

    // The deadline calculator, exactly as /api/v1/calendar/due reads its query.
    if (auto q = http::parse_due_question({field(fields, 0), field(fields, 1), field(fields, 2), field(fields, 3)})) {
        if (auto due = core::calculate_due(book(), "", q->received, q->budget, q->rule)) {
            if (due->appointment.start < q->received) die("the start lies before receipt");
            if (due->appointment.due < due->appointment.start) die("the due lies before the start");
        }
    }

    // Solar ↔ lunar.
    if (fields.size() > 4) {
        if (auto solar = core::parse_date(fields[4])) {
            if (auto lunar = core::to_lunar(*solar)) {
                auto back = core::to_solar(*lunar);
                if (!back || *back != *solar) die("solar → lunar → solar changed " + std::string(fields[4]));
            }
        }
    }
    if (fields.size() > 5 && fields[5].size() >= 10) {
        const std::string_view text = fields[5];
        int y = 0, m = 0, d = 0;
        const bool ok = std::from_chars(text.data(), text.data() + 4, y).ptr == text.data() + 4 && text[4] == '-' &&
                        std::from_chars(text.data() + 5, text.data() + 7, m).ptr == text.data() + 7 && text[7] == '-' &&
                        std::from_chars(text.data() + 8, text.data() + 10, d).ptr == text.data() + 10;
        if (ok && m >= 0 && d >= 0) {
            const core::LunarDate lunar{y, static_cast<unsigned>(m), static_cast<unsigned>(d),
                                        text.size() > 10 && text[10] == 'L'};
            if (auto solar = core::to_solar(lunar)) {
                auto back = core::to_lunar(*solar);
                if (!back || *back != lunar) die("lunar → solar → lunar changed " + std::string(text));
            }
        }
    }

    // Instants.
    if (fields.size() > 6) {
        if (auto t = core::parse_instant(fields[6])) {
            auto again = core::parse_instant(core::format_instant(*t));
            if (!again || *again != *t) die("an instant did not survive formatting: " + std::string(fields[6]));
        }
        (void)core::parse_local_datetime(fields[6]);
        (void)core::parse_time_of_day(fields[6]);
    }

    // A notice file, as `motcua calendar import` reads it.
    if (!rest.empty()) {
        if (auto notice = http::parse_notice(rest)) {
            core::CalendarBook copy = book();
            if (copy.put(*notice)) (void)copy.entries_for(notice->year, notice->agency);
        }
    }
    return 0;
}
