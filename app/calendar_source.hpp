#pragma once
// Where a command's working-time calendar comes from: the data shipped with the release, or a database (whose
// notices an administrator may have replaced), plus the deadline engines built from it.
#include <memory>
#include <optional>
#include <string>

#include "core/calendar_service.hpp"
#include "storage/database.hpp"

namespace motcua::app {

/// Opens an existing database file for a command (error "not_found" when the file does not exist) and applies
/// pending migrations.
[[nodiscard]] core::Result<std::unique_ptr<storage::Database>> open_existing_database(const std::string& path);

/// The calendar book: shipped notices when `db` is null, else the database's notices; recurring days are shipped.
[[nodiscard]] core::Result<core::CalendarBook> load_calendar_book(storage::Database* db);

}  // namespace motcua::app
