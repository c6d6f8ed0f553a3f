#include "http/calendar_json.hpp"

#include <charconv>
#include <stdexcept>

#include "core/embedded_file.hpp"

namespace motcua::http {

std::span<const EmbeddedFile> embedded_calendar_data();

namespace {

using core::ErrorKind;
using core::fail;
using nlohmann::json;

core::Result<json> parse_json(std::string_view text) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return fail(ErrorKind::invalid_argument, "the file is not a JSON object", {}, "invalid_json");
    return doc;
}

core::Result<std::string> string_field(const json& obj, const std::string& key, const std::string& path,
                                       bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) return fail(ErrorKind::invalid_argument, "\"" + key + "\" is required", path + key, "missing_field");
        return std::string();
    }
    if (!it->is_string())
        return fail(ErrorKind::invalid_argument, "\"" + key + "\" must be a string", path + key, "invalid_type");
    return it->get<std::string>();
}

core::Result<int> int_field(const json& obj, const std::string& key, const std::string& path, std::optional<int> fallback) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (fallback) return *fallback;
        return fail(ErrorKind::invalid_argument, "\"" + key + "\" is required", path + key, "missing_field");
    }
    if (!it->is_number_integer())
        return fail(ErrorKind::invalid_argument, "\"" + key + "\" must be a whole number", path + key, "invalid_type");
    return it->get<int>();
}

core::Result<int> bounded_int(const std::string& text, const std::string& field, int min, int max) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max)
        return fail(ErrorKind::invalid_argument,
                    field + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                        ", got \"" + text + "\"",
                    field, "invalid_number");
    return v;
}

}  // namespace

core::Result<ParsedDueQuestion> parse_due_question(const DueQuestion& q) {
    if (!q.received) return fail(ErrorKind::invalid_argument, "received is required", "received", "missing_field");
    auto received = core::parse_local_datetime(*q.received, "received");
    if (!received) return tl::unexpected(received.error());
    if (q.hours.has_value() == q.days.has_value())
        return fail(ErrorKind::invalid_argument, "give exactly one of hours and days", q.hours ? "days" : "hours",
                    "invalid_duration");
    ParsedDueQuestion out{*received, core::WorkingDays{1}, {}};
    if (q.hours) {
        auto n = bounded_int(*q.hours, "hours", 1, 24 * 365);
        if (!n) return tl::unexpected(n.error());
        out.budget = core::WorkingHours{*n};
    } else {
        auto n = bounded_int(*q.days, "days", 1, 3650);
        if (!n) return tl::unexpected(n.error());
        out.budget = core::WorkingDays{*n};
    }
    if (q.cutoff) {
        if (*q.cutoff == "none") {
            out.rule.mode = core::CutoffRule::Mode::none;
        } else {
            auto t = core::parse_time_of_day(*q.cutoff, "cutoff");
            if (!t) return tl::unexpected(t.error());
            out.rule = core::CutoffRule{core::CutoffRule::Mode::at, *t};
        }
    }
    return out;
}

core::Result<core::YearNotice> parse_notice(std::string_view text) {
    auto doc = parse_json(text);
    if (!doc) return tl::unexpected(doc.error());
    core::YearNotice notice;
    auto year = int_field(*doc, "year", "", std::nullopt);
    if (!year) return tl::unexpected(year.error());
    notice.year = *year;
    for (auto [key, target, required] : {std::tuple{"agency", &notice.agency, false},
                                         std::tuple{"reference", &notice.reference, true},
                                         std::tuple{"title", &notice.title, false}}) {
        auto value = string_field(*doc, key, "", required);
        if (!value) return tl::unexpected(value.error());
        *target = std::move(*value);
    }
    auto entries = doc->find("entries");
    if (entries == doc->end() || !entries->is_array())
        return fail(ErrorKind::invalid_argument, "\"entries\" must be an array", "entries", "missing_field");
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const json& e = (*entries)[i];
        const std::string path = "entries[" + std::to_string(i) + "].";
        if (!e.is_object()) return fail(ErrorKind::invalid_argument, "each entry must be an object", path, "invalid_type");
        auto day = string_field(e, "date", path, true);
        if (!day) return tl::unexpected(day.error());
        auto date = core::parse_date(*day, path + "date");
        if (!date) return tl::unexpected(date.error());
        auto kind_text = string_field(e, "kind", path, true);
        if (!kind_text) return tl::unexpected(kind_text.error());
        auto kind = core::parse_day_kind(*kind_text, path + "kind");
        if (!kind) return tl::unexpected(kind.error());
        auto name = string_field(e, "name", path, true);
        if (!name) return tl::unexpected(name.error());
        notice.entries.push_back(core::CalendarEntry{*date, *kind, *name, false, notice.agency});
    }
    if (auto ok = core::validate(notice); !ok) return tl::unexpected(ok.error());
    return notice;
}

core::Result<std::vector<core::RecurringDay>> parse_recurring(std::string_view text) {
    auto doc = parse_json(text);
    if (!doc) return tl::unexpected(doc.error());
    auto list = doc->find("recurring");
    if (list == doc->end() || !list->is_array())
        return fail(ErrorKind::invalid_argument, "\"recurring\" must be an array", "recurring", "missing_field");
    std::vector<core::RecurringDay> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& r = (*list)[i];
        const std::string path = "recurring[" + std::to_string(i) + "].";
        if (!r.is_object()) return fail(ErrorKind::invalid_argument, "each entry must be an object", path, "invalid_type");
        auto month = int_field(r, "month", path, std::nullopt);
        auto day = int_field(r, "day", path, std::nullopt);
        auto from = int_field(r, "from_year", path, 1900);
        auto to = int_field(r, "to_year", path, 9999);
        auto name = string_field(r, "name", path, true);
        for (const auto* failed : {&month, &day, &from, &to})
            if (!*failed) return tl::unexpected(failed->error());
        if (!name) return tl::unexpected(name.error());
        const date::month_day md{date::month{static_cast<unsigned>(*month)}, date::day{static_cast<unsigned>(*day)}};
        if (*month < 1 || *day < 1 || !md.ok())
            return fail(ErrorKind::invalid_argument, "not a day of the year", path + "day", "invalid_date");
        const auto in_lieu = r.find("in_lieu");
        out.push_back(core::RecurringDay{static_cast<unsigned>(*month), static_cast<unsigned>(*day), *name, *from, *to,
                                         in_lieu != r.end() && in_lieu->is_boolean() && in_lieu->get<bool>()});
    }
    return out;
}

std::vector<core::YearNotice> shipped_notices() {
    std::vector<core::YearNotice> out;
    for (const EmbeddedFile& f : embedded_calendar_data()) {
        if (f.name == "recurring.json") continue;
        auto notice = parse_notice(f.content);
        // Shipped data is checked by the test suite; a broken file is a build defect, not a user error.
        if (!notice) throw std::logic_error("shipped calendar file " + std::string(f.name) + ": " + notice.error().message);
        out.push_back(std::move(*notice));
    }
    return out;
}

std::vector<core::RecurringDay> shipped_recurring() {
    for (const EmbeddedFile& f : embedded_calendar_data()) {
        if (f.name != "recurring.json") continue;
        auto days = parse_recurring(f.content);
        if (!days) throw std::logic_error("shipped calendar file recurring.json: " + days.error().message);
        return *days;
    }
    return {};
}

nlohmann::json to_json(const core::CalendarEntry& entry) {
    json out{{"date", core::format_date(entry.date)},
             {"kind", core::to_string(entry.kind)},
             {"name", entry.name},
             {"provisional", entry.provisional}};
    if (!entry.agency.empty()) out["agency"] = entry.agency;
    return out;
}

nlohmann::json to_json(const core::LunarDate& lunar) {
    return json{{"year", lunar.year}, {"month", lunar.month}, {"day", lunar.day}, {"leap", lunar.leap}};
}

nlohmann::json to_json(const core::WorkingTimeParts& parts) {
    return json{{"negative", parts.negative}, {"days", parts.days}, {"hours", parts.hours}, {"minutes", parts.minutes}};
}

nlohmann::json to_json(const core::Budget& budget) {
    if (const auto* d = std::get_if<core::WorkingDays>(&budget)) return json{{"unit", "days"}, {"value", d->count}};
    return json{{"unit", "hours"}, {"value", std::get<core::WorkingHours>(budget).count}};
}

nlohmann::json to_json(const core::DueAnswer& answer, const core::Budget& budget) {
    return json{{"start", core::format_local_minute(answer.appointment.start)},
                {"due", core::format_local_minute(answer.appointment.due)},
                {"budget", to_json(budget)},
                {"cutoff", answer.cutoff ? json(core::format_time_of_day(*answer.cutoff)) : json(nullptr)},
                {"office_hours", answer.office_hours.to_string()},
                {"provisional", answer.provisional}};
}

}  // namespace motcua::http
