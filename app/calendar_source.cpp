#include "app/calendar_source.hpp"

#include <filesystem>

#include "app/system_clock.hpp"
#include "http/calendar_json.hpp"
#include "storage/database.hpp"
#include "storage/calendar_store.hpp"
#include "storage/migrations.hpp"

namespace motcua::app {

core::Result<std::unique_ptr<storage::Database>> open_existing_database(const std::string& path) {
    if (!storage::database_exists(path))
        return core::fail(core::ErrorKind::not_found,
                          "no database at " + path + " (create one with `motcua init --db " + path + "`)", "db",
                          "database_not_found");
    auto db = std::make_unique<storage::Database>(path);
    storage::migrate(*db, SystemClock{}.now());
    return db;
}

core::Result<core::CalendarBook> load_calendar_book(storage::Database* db) {
    if (db == nullptr) {
        core::CalendarBook book;
        book.set_recurring(http::shipped_recurring());
        for (core::YearNotice& n : http::shipped_notices())
            if (auto ok = book.put(std::move(n)); !ok) return tl::unexpected(ok.error());
        return book;
    }
    storage::SqliteCalendarStore store(*db);
    SystemClock clock;
    core::CalendarService service(store, clock);
    return service.book(http::shipped_recurring());
}

}  // namespace motcua::app
