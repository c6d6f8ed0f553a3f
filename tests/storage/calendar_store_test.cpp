#include <doctest/doctest.h>

#include "core/calendar_service.hpp"
#include "storage/audit_log.hpp"
#include "storage/calendar_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::d;

namespace {

core::YearNotice notice_2030(std::string reference = "01/TB-BNV") {
    return core::YearNotice{2030, "", std::move(reference), "Tết 2030",
                            {{d("2030-02-04"), core::DayKind::holiday, "Tết Nguyên đán", false, ""},
                             {d("2030-02-05"), core::DayKind::holiday, "Tết Nguyên đán", false, ""}}};
}

std::int64_t audit_rows(storage::Database& db, std::string_view action) {
    auto s = db.prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
    s.bind(1, action);
    s.step();
    return s.int64(0);
}

}  // namespace

TEST_CASE("an imported notice is stored with its entries and audited") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    auto imported = service.import_notice(notice_2030(), "admin1");
    REQUIRE(imported.has_value());
    CHECK_FALSE(imported->replaced);
    const auto stored = store.notices();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].notice.entries.size() == 2);
    CHECK(stored[0].source == core::NoticeSource::admin);
    CHECK(stored[0].loaded_by == "admin1");
    CHECK(audit_rows(tmp.db(), "calendar.notice_added") == 1);
}

TEST_CASE("importing a year again replaces its notice and says so in the audit log") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    REQUIRE(service.import_notice(notice_2030(), "admin1").has_value());
    auto n = notice_2030("02/TB-BNV");
    n.entries.push_back({d("2030-02-06"), core::DayKind::holiday, "Tết Nguyên đán", false, ""});
    auto again = service.import_notice(n, "admin2");
    REQUIRE(again.has_value());
    CHECK(again->replaced);
    const auto stored = store.notices();
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].notice.reference == "02/TB-BNV");
    CHECK(stored[0].notice.entries.size() == 3);
    CHECK(audit_rows(tmp.db(), "calendar.notice_replaced") == 1);
}

TEST_CASE("an invalid notice is refused and nothing is written") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    auto n = notice_2030();
    n.entries.push_back({d("2031-01-01"), core::DayKind::holiday, "wrong year", false, ""});
    CHECK(service.import_notice(n, "admin1").error().code == "date_outside_year");
    CHECK(store.notices().empty());
    CHECK(audit_rows(tmp.db(), "calendar.notice_added") == 0);
}

TEST_CASE("seeding shipped notices fills missing years, updates changed shipped ones and keeps an administrator's") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    const core::CalendarBook shipped_book = test::shipped_book();
    std::vector<core::YearNotice> shipped;
    for (const auto* n : shipped_book.notices()) shipped.push_back(*n);

    auto first = service.seed_shipped(shipped);
    REQUIRE(first.has_value());
    CHECK(first->size() == shipped.size());
    CHECK(service.seed_shipped(shipped)->empty());  // idempotent

    // An administrator replaces 2026; a later release changes its shipped 2025 notice.
    auto admin_2026 = *shipped_book.notice(2026, "");
    admin_2026.reference = "local copy";
    REQUIRE(service.import_notice(admin_2026, "admin1").has_value());
    shipped[0].entries.pop_back();
    auto second = service.seed_shipped(shipped);
    REQUIRE(second.has_value());
    REQUIRE(second->size() == 1);
    CHECK((*second)[0].year == 2025);
    CHECK((*second)[0].replaced);
    for (const auto& s : store.notices())
        if (s.notice.year == 2026) CHECK(s.notice.reference == "local copy");
}

TEST_CASE("the book built from the store answers like the shipped data") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    const core::CalendarBook shipped_book = test::shipped_book();
    std::vector<core::YearNotice> shipped;
    for (const auto* n : shipped_book.notices()) shipped.push_back(*n);
    REQUIRE(service.seed_shipped(shipped).has_value());
    const auto book = service.book(std::vector<core::RecurringDay>(shipped_book.recurring().begin(),
                                                                   shipped_book.recurring().end()));
    REQUIRE(book.has_value());
    for (int year : {2025, 2026, 2027}) CHECK(*book->entries_for(year, "") == *shipped_book.entries_for(year, ""));
}

TEST_CASE("the audit chain verifies, and an edit behind the server's back is found") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    for (int i = 0; i < 5; ++i) REQUIRE(service.import_notice(notice_2030(std::to_string(i)), "admin").has_value());
    auto ok = storage::verify_audit(tmp.db());
    CHECK(ok.rows == 5);
    CHECK_FALSE(ok.first_bad_id.has_value());

    // The table refuses edits while its triggers stand.
    CHECK_THROWS_AS(tmp.db().exec("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"), storage::StorageError);
    CHECK_THROWS_AS(tmp.db().exec("DELETE FROM audit_log WHERE id = 3"), storage::StorageError);

    test::drop_trigger(tmp.db(), "audit_log_no_update", "audit_log");
    tmp.db().exec("UPDATE audit_log SET detail = detail || ' ' WHERE id = 3");
    auto broken = storage::verify_audit(tmp.db());
    REQUIRE(broken.first_bad_id.has_value());
    CHECK(*broken.first_bad_id == 3);
}

TEST_CASE("removing an audit row breaks the chain at the row after it") {
    test::TempDatabase tmp;
    storage::SqliteCalendarStore store(tmp.db());
    test::FixedClock clock(test::instant("2026-03-10T09:00:00+07:00"));
    core::CalendarService service(store, clock);
    for (int i = 0; i < 4; ++i) REQUIRE(service.import_notice(notice_2030(std::to_string(i)), "admin").has_value());
    test::drop_trigger(tmp.db(), "audit_log_no_delete", "audit_log");
    tmp.db().exec("DELETE FROM audit_log WHERE id = 2");
    auto broken = storage::verify_audit(tmp.db());
    REQUIRE(broken.first_bad_id.has_value());
    CHECK(*broken.first_bad_id == 3);
}
