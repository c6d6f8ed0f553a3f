#include "storage/calendar_store.hpp"

#include <map>

#include "storage/audit_log.hpp"
#include "storage/returning.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kSelectNotices =
    "SELECT id, year, agency, reference, title, source, loaded_at, loaded_by FROM calendar_notice ORDER BY year, agency";
constexpr std::string_view kSelectEntries =
    "SELECT notice_id, day, kind, name FROM calendar_entry ORDER BY notice_id, day";
constexpr std::string_view kDeleteNotice = "DELETE FROM calendar_notice WHERE year = ?1 AND agency = ?2";
constexpr InsertReturningId kInsertNotice{
    "INSERT INTO calendar_notice (year, agency, reference, title, source, loaded_at, loaded_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
constexpr std::string_view kRevision = "SELECT value FROM calendar_revision WHERE id = 1";
constexpr std::string_view kBumpRevision = "UPDATE calendar_revision SET value = value + 1 WHERE id = 1";
constexpr std::string_view kInsertEntry =
    "INSERT INTO calendar_entry (notice_id, day, kind, name) VALUES (?1, ?2, ?3, ?4)";

// Rows were written by this code through CHECK constraints; a row that does not parse means a damaged database.
template <typename T>
T must(core::Result<T> r, std::string_view what) {
    if (!r) throw StorageError(0, "damaged calendar data (" + std::string(what) + "): " + r.error().message);
    return std::move(*r);
}

}  // namespace

std::vector<core::StoredNotice> SqliteCalendarStore::notices() {
    std::vector<core::StoredNotice> out;
    std::map<std::int64_t, std::size_t> by_id;
    Statement n = db_.prepare(kSelectNotices);
    while (n.step()) {
        core::StoredNotice s;
        s.notice.year = n.int32(1);
        s.notice.agency = n.text(2);
        s.notice.reference = n.text(3);
        s.notice.title = n.text(4);
        s.source = n.text(5) == "admin" ? core::NoticeSource::admin : core::NoticeSource::shipped;
        s.loaded_at = must(core::parse_instant(n.text(6)), "loaded_at");
        s.loaded_by = n.text(7);
        by_id[n.int64(0)] = out.size();
        out.push_back(std::move(s));
    }
    Statement e = db_.prepare(kSelectEntries);
    while (e.step()) {
        auto it = by_id.find(e.int64(0));
        if (it == by_id.end()) continue;
        core::YearNotice& notice = out[it->second].notice;
        notice.entries.push_back(core::CalendarEntry{must(core::parse_date(e.text(1)), "day"),
                                                     must(core::parse_day_kind(e.text(2)), "kind"), e.text(3), false,
                                                     notice.agency});
    }
    return out;
}

std::int64_t SqliteCalendarStore::revision() {
    Statement s = db_.prepare(kRevision);
    s.step();
    return s.int64(0);
}

void SqliteCalendarStore::replace_notice(const core::YearNotice& notice, core::NoticeSource source,
                                         const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kDeleteNotice).bind(1, notice.year).bind(2, notice.agency).run();
    const std::int64_t id = inserted_id(db_, kInsertNotice.prepare(db_)
        .bind(1, notice.year)
        .bind(2, notice.agency)
        .bind(3, notice.reference)
        .bind(4, notice.title)
        .bind(5, core::to_string(source))
        .bind(6, core::format_instant_utc(audit.at))
        .bind(7, audit.actor));
    Statement insert = db_.prepare(kInsertEntry);
    for (const core::CalendarEntry& entry : notice.entries) {
        insert.bind(1, id).bind(2, core::format_date(entry.date)).bind(3, core::to_string(entry.kind)).bind(4, entry.name);
        insert.run();
    }
    db_.prepare(kBumpRevision).run();
    append_audit(db_, audit);
    tx.commit();
}

}  // namespace motcua::storage
