#include "core/calendar_service.hpp"

#include <algorithm>

#include "core/lunar.hpp"

namespace motcua::core {
namespace {

bool same_entries(const YearNotice& a, const YearNotice& b) {
    if (a.reference != b.reference || a.entries.size() != b.entries.size()) return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        const CalendarEntry& x = a.entries[i];
        const CalendarEntry& y = b.entries[i];
        if (x.date != y.date || x.kind != y.kind || x.name != y.name) return false;
    }
    return true;
}

void sort_entries(YearNotice& n) {
    std::sort(n.entries.begin(), n.entries.end(),
              [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
}

AuditRecord audit_for(const YearNotice& n, const std::string& actor, Timestamp at, bool replaced, NoticeSource source) {
    return AuditRecord{at,
                       actor,
                       replaced ? "calendar.notice_replaced" : "calendar.notice_added",
                       "calendar:" + std::to_string(n.year) + ":" + n.agency,
                       {{"reference", n.reference},
                        {"entries", std::to_string(n.entries.size())},
                        {"source", to_string(source)}}};
}

}  // namespace

const char* to_string(NoticeSource source) noexcept {
    switch (source) {
        case NoticeSource::shipped: return "shipped";
        case NoticeSource::admin: return "admin";
    }
    return "admin";
}

Result<std::vector<CalendarEntry>> days_that_differ(const CalendarBook& book, int year, std::string_view agency) {
    auto entries = book.entries_for(year, agency);
    if (!entries) return entries;
    std::vector<CalendarEntry> out;
    for (CalendarEntry& e : *entries) {
        const date::weekday wd{day_number(e.date)};
        const bool weekend = wd == date::Saturday || wd == date::Sunday;
        if (is_day_off(e.kind) != weekend) out.push_back(std::move(e));
    }
    return out;
}

Result<DueAnswer> calculate_due(const CalendarBook& book, const std::string& agency, LocalTime received,
                                const Budget& budget, const CutoffRule& rule, const OfficeHours& hours) {
    const int year = static_cast<int>(date_of(received).year());
    if (year < kLunarFirstYear || year > kLunarLastYear)
        return fail(ErrorKind::invalid_argument, "the receipt must fall between 1900 and 2199", "received",
                    "date_out_of_range");
    // Index only the years the computation can reach: a working year has about 250 days.
    const int budget_days = std::holds_alternative<WorkingDays>(budget) ? std::get<WorkingDays>(budget).count
                                                                        : std::get<WorkingHours>(budget).count / 8;
    const int last = std::min(kLunarLastYear, year + 1 + budget_days / 200);
    auto calendar = WorkingCalendar::build(book, agency, year, last);
    if (!calendar) return tl::unexpected(calendar.error());
    const DeadlineEngine engine(std::make_shared<const WorkingCalendar>(std::move(*calendar)), hours);
    auto appointment = engine.appoint(received, budget, rule);
    if (!appointment) return tl::unexpected(appointment.error());
    bool provisional = false;
    for (int y = year; y <= static_cast<int>(date_of(appointment->due).year()); ++y)
        provisional = provisional || book.notice(y, "") == nullptr;
    return DueAnswer{*appointment, effective_cutoff(rule, budget), engine.office_hours(), provisional};
}

Result<NoticeImport> CalendarService::import_notice(YearNotice notice, const std::string& actor) {
    if (auto ok = validate(notice); !ok) return tl::unexpected(ok.error());
    if (actor.empty()) return fail(ErrorKind::invalid_argument, "an import needs the administrator's name", "actor");
    sort_entries(notice);
    const auto stored = store_.notices();
    const bool replaced = std::any_of(stored.begin(), stored.end(), [&](const StoredNotice& s) {
        return s.notice.year == notice.year && s.notice.agency == notice.agency;
    });
    store_.replace_notice(notice, NoticeSource::admin,
                          audit_for(notice, actor, clock_.now(), replaced, NoticeSource::admin));
    return NoticeImport{notice.year, notice.agency, replaced, notice.entries.size()};
}

Result<std::vector<NoticeImport>> CalendarService::seed_shipped(std::span<const YearNotice> shipped) {
    const auto stored = store_.notices();
    std::vector<NoticeImport> done;
    for (YearNotice notice : shipped) {
        if (auto ok = validate(notice); !ok) return tl::unexpected(ok.error());
        sort_entries(notice);
        auto it = std::find_if(stored.begin(), stored.end(), [&](const StoredNotice& s) {
            return s.notice.year == notice.year && s.notice.agency == notice.agency;
        });
        if (it != stored.end() && (it->source == NoticeSource::admin || same_entries(it->notice, notice))) continue;
        const bool replaced = it != stored.end();
        store_.replace_notice(notice, NoticeSource::shipped,
                              audit_for(notice, "system", clock_.now(), replaced, NoticeSource::shipped));
        done.push_back(NoticeImport{notice.year, notice.agency, replaced, notice.entries.size()});
    }
    return done;
}

Result<CalendarBook> CalendarService::book(std::vector<RecurringDay> recurring) {
    CalendarBook book;
    book.set_recurring(std::move(recurring));
    for (StoredNotice& s : store_.notices())
        if (auto ok = book.put(std::move(s.notice)); !ok) return tl::unexpected(ok.error());
    return book;
}

}  // namespace motcua::core
