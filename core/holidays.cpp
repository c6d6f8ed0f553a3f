#include "core/holidays.hpp"

#include <algorithm>
#include <set>

#include "core/lunar.hpp"

namespace motcua::core {
namespace {

using date::Saturday;
using date::Sunday;
using date::weekday;

bool is_weekend(Date d) {
    const weekday wd{DayNumber{d}};
    return wd == Saturday || wd == Sunday;
}

Date ymd(int y, unsigned m, unsigned d) { return Date{date::year{y}, date::month{m}, date::day{d}}; }

Date next_day(Date d, int n = 1) { return to_date(day_number(d) + date::days{n}); }

struct Statutory {
    Date date;
    std::string name;
    bool in_lieu = true;
};

}  // namespace

const char* to_string(DayKind kind) noexcept {
    switch (kind) {
        case DayKind::holiday: return "holiday";
        case DayKind::compensatory_off: return "compensatory_off";
        case DayKind::swap_off: return "swap_off";
        case DayKind::working_saturday: return "working_saturday";
    }
    return "holiday";
}

Result<DayKind> parse_day_kind(std::string_view text, std::string_view field) {
    for (DayKind k : {DayKind::holiday, DayKind::compensatory_off, DayKind::swap_off, DayKind::working_saturday})
        if (text == to_string(k)) return k;
    return fail(ErrorKind::invalid_argument,
                "unknown day kind \"" + std::string(text) +
                    "\"; expected holiday, compensatory_off, swap_off or working_saturday",
                std::string(field), "invalid_day_kind");
}

Status validate(const YearNotice& notice) {
    if (notice.year < kLunarFirstYear || notice.year > kLunarLastYear)
        return fail(ErrorKind::invalid_argument, "notice year must be between 1900 and 2199", "year", "invalid_year");
    std::set<int> seen;
    for (std::size_t i = 0; i < notice.entries.size(); ++i) {
        const CalendarEntry& e = notice.entries[i];
        const std::string field = "entries[" + std::to_string(i) + "]";
        if (!e.date.ok() || static_cast<int>(e.date.year()) != notice.year)
            return fail(ErrorKind::invalid_argument,
                        format_date(e.date) + " is not in the notice's year " + std::to_string(notice.year),
                        field + ".date", "date_outside_year");
        if (!seen.insert(day_number(e.date).time_since_epoch().count()).second)
            return fail(ErrorKind::invalid_argument, format_date(e.date) + " appears twice in the notice",
                        field + ".date", "duplicate_date");
        const weekday wd{day_number(e.date)};
        if (e.kind == DayKind::working_saturday && wd != Saturday)
            return fail(ErrorKind::invalid_argument, format_date(e.date) + " is a working Saturday but not a Saturday",
                        field + ".kind", "not_a_saturday");
        if ((e.kind == DayKind::swap_off || e.kind == DayKind::compensatory_off) && is_weekend(e.date))
            return fail(ErrorKind::invalid_argument,
                        format_date(e.date) + " is already a weekly rest day; only a weekday can be " +
                            to_string(e.kind),
                        field + ".kind", "not_a_weekday");
        if (e.name.empty())
            return fail(ErrorKind::invalid_argument, "every entry needs a name", field + ".name", "missing_name");
    }
    return {};
}

Result<std::vector<CalendarEntry>> statutory_year(int year, std::span<const RecurringDay> recurring) {
    std::vector<Statutory> days;
    days.push_back({ymd(year, 1, 1), "Tết Dương lịch"});

    // Tết: the eve of the lunar new year and the first four days (five days, the 1+4 split of recent notices).
    auto tet = to_solar(LunarDate{year, 1, 1, false});
    if (!tet) return tl::unexpected(tet.error());
    for (int i = -1; i <= 3; ++i) days.push_back({next_day(*tet, i), "Tết Nguyên đán"});

    auto hung = to_solar(LunarDate{year, 3, 10, false});
    if (!hung) return tl::unexpected(hung.error());
    days.push_back({*hung, "Giỗ Tổ Hùng Vương"});
    days.push_back({ymd(year, 4, 30), "Ngày Chiến thắng"});
    days.push_back({ymd(year, 5, 1), "Ngày Quốc tế Lao động"});

    const Date national = ymd(year, 9, 2);
    const weekday wd{day_number(national)};
    const bool day_after = wd == date::Monday || wd == date::Thursday;
    days.push_back({next_day(national, day_after ? 1 : -1), "Quốc khánh"});
    days.push_back({national, "Quốc khánh"});

    for (const RecurringDay& r : recurring) {
        if (year < r.from_year || year > r.to_year) continue;
        const Date d = ymd(year, r.month, r.day);
        if (d.ok()) days.push_back({d, r.name, r.in_lieu});
    }
    std::stable_sort(days.begin(), days.end(), [](const Statutory& a, const Statutory& b) { return a.date < b.date; });
    // Two rules naming the same date (Hùng Kings on 30/4) give one day off, and one day in lieu at most.
    days.erase(std::unique(days.begin(), days.end(), [](const Statutory& a, const Statutory& b) { return a.date == b.date; }),
               days.end());

    std::vector<CalendarEntry> out;
    std::set<int> off;
    auto key = [](Date d) { return day_number(d).time_since_epoch().count(); };
    for (const Statutory& s : days)
        if (off.insert(key(s.date)).second) out.push_back({s.date, DayKind::holiday, s.name, true, {}});

    // Art. 111(3): a holiday on a weekly rest day gives the next working day off. Walk in date order so that a block
    // (Tết over a weekend) pushes its days in lieu past its own end.
    for (const Statutory& s : days) {
        if (!is_weekend(s.date) || !s.in_lieu) continue;
        Date d = next_day(s.date);
        while (is_weekend(d) || off.count(key(d)) != 0) d = next_day(d);
        off.insert(key(d));
        out.push_back({d, DayKind::compensatory_off, "Nghỉ bù " + s.name, true, {}});
    }
    std::sort(out.begin(), out.end(), [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
    return out;
}

Status CalendarBook::put(YearNotice notice) {
    if (auto ok = validate(notice); !ok) return ok;
    for (CalendarEntry& e : notice.entries) {
        e.agency = notice.agency;
        e.provisional = false;
    }
    auto key = std::make_pair(notice.year, notice.agency);
    notices_.insert_or_assign(std::move(key), std::move(notice));
    return {};
}

const YearNotice* CalendarBook::notice(int year, std::string_view agency) const {
    auto it = notices_.find(std::make_pair(year, std::string(agency)));
    return it == notices_.end() ? nullptr : &it->second;
}

std::vector<const YearNotice*> CalendarBook::notices() const {
    std::vector<const YearNotice*> out;
    for (const auto& [key, n] : notices_) out.push_back(&n);
    return out;
}

bool CalendarBook::has_agency_notices(std::string_view agency) const {
    for (const auto& [key, n] : notices_)
        if (key.second == agency) return true;
    return false;
}

Result<std::vector<CalendarEntry>> CalendarBook::entries_for(int year, std::string_view agency) const {
    std::vector<CalendarEntry> base;
    if (const YearNotice* n = notice(year, ""); n != nullptr) {
        base = n->entries;
    } else {
        auto computed = statutory_year(year, recurring_);
        if (!computed) return computed;
        base = std::move(*computed);
    }
    if (!agency.empty()) {
        if (const YearNotice* n = notice(year, agency); n != nullptr) {
            for (const CalendarEntry& e : n->entries) {
                auto same = std::find_if(base.begin(), base.end(), [&](const CalendarEntry& b) { return b.date == e.date; });
                if (same != base.end()) *same = e;
                else base.push_back(e);
            }
        }
    }
    std::sort(base.begin(), base.end(), [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
    return base;
}

}  // namespace motcua::core
