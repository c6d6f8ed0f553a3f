#include "core/office_hours.hpp"

namespace motcua::core {

OfficeHours OfficeHours::standard() {
    return *make({{hm(7, 30), hm(11, 30)}, {hm(13, 0), hm(17, 0)}});
}

Result<OfficeHours> OfficeHours::make(std::vector<OfficeWindow> windows) {
    if (windows.empty())
        return fail(ErrorKind::invalid_argument, "office hours need at least one window", {}, "invalid_office_hours");
    OfficeHours h;
    for (std::size_t i = 0; i < windows.size(); ++i) {
        const OfficeWindow& w = windows[i];
        if (!(w.open < w.close) || (i > 0 && w.open < windows[i - 1].close) || w.close.since_midnight > std::chrono::hours{24})
            return fail(ErrorKind::invalid_argument,
                        "office windows must each open before they close, in order, without overlapping", {},
                        "invalid_office_hours");
        h.day_length_ += w.close.since_midnight - w.open.since_midnight;
    }
    h.windows_ = std::move(windows);
    return h;
}

Result<OfficeHours> OfficeHours::parse(std::string_view text, std::string_view field) {
    std::vector<OfficeWindow> windows;
    auto bad = [&] {
        return fail(ErrorKind::invalid_argument,
                    "expected office hours like 07:30-11:30,13:00-17:00, got \"" + std::string(text) + "\"",
                    std::string(field), "invalid_office_hours");
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t comma = std::min(text.find(',', pos), text.size());
        const std::string_view part = text.substr(pos, comma - pos);
        if (part.size() != 11 || part[5] != '-') return bad();
        auto open = parse_time_of_day(part.substr(0, 5));
        auto close = parse_time_of_day(part.substr(6, 5));
        if (!open || !close) return bad();
        windows.push_back({*open, *close});
        pos = comma + 1;
    }
    auto made = make(std::move(windows));
    if (!made) return bad();
    return made;
}

bool OfficeHours::is_open(TimeOfDay t) const {
    for (const OfficeWindow& w : windows_)
        if (w.open <= t && t < w.close) return true;
    return false;
}

std::chrono::minutes OfficeHours::elapsed_at(TimeOfDay t) const {
    std::chrono::minutes total{0};
    for (const OfficeWindow& w : windows_) {
        if (t <= w.open) break;
        total += std::min(t, w.close).since_midnight - w.open.since_midnight;
        if (t < w.close) break;
    }
    return total;
}

TimeOfDay OfficeHours::time_at(std::chrono::minutes elapsed) const {
    if (elapsed <= std::chrono::minutes{0}) return opening();
    for (const OfficeWindow& w : windows_) {
        const auto length = w.close.since_midnight - w.open.since_midnight;
        if (elapsed <= length) return TimeOfDay{w.open.since_midnight + elapsed};
        elapsed -= length;
    }
    return closing();
}

std::string OfficeHours::to_string() const {
    std::string out;
    for (const OfficeWindow& w : windows_) {
        if (!out.empty()) out += ',';
        out += format_time_of_day(w.open) + "-" + format_time_of_day(w.close);
    }
    return out;
}

}  // namespace motcua::core
