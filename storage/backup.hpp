#pragma once
#include <string>

#include "storage/database.hpp"

namespace motcua::storage {

struct BackupReport {
    int pages = 0;
    std::int64_t bytes = 0;
};

/// Copies the whole database to `target` with SQLite's online backup API, in one step, so the copy is a consistent
/// snapshot even while the server keeps writing (WAL readers do not block writers). The target file must not exist;
/// it is written next to its final name and renamed into place only when complete.
BackupReport backup(Database& source, const std::string& target);

}  // namespace motcua::storage
