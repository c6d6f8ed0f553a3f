#include "storage/backup.hpp"

#include <filesystem>

#include <sqlite3.h>

namespace motcua::storage {

BackupReport backup(Database& source, const std::string& target) {
    if (std::filesystem::exists(target)) throw StorageError(0, "backup target " + target + " already exists");
    const std::string partial = target + ".partial";
    std::filesystem::remove(partial);
    BackupReport report;
    {
        Database copy(partial);
        sqlite3_backup* b = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
        if (b == nullptr) throw StorageError(sqlite3_errcode(copy.handle()), sqlite3_errmsg(copy.handle()));
        // -1: all pages in one step, under one read transaction of the source: a consistent snapshot.
        int rc = SQLITE_OK;
        for (int attempt = 0; attempt < 100; ++attempt) {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            sqlite3_sleep(50);
        }
        report.pages = sqlite3_backup_pagecount(b);
        const int finish = sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE || finish != SQLITE_OK) {
            std::filesystem::remove(partial);
            throw StorageError(rc, std::string("backup failed: ") + sqlite3_errstr(rc));
        }
        copy.exec("PRAGMA journal_mode = DELETE");  // a single self-contained file
    }
    std::filesystem::rename(partial, target);
    report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(target));
    return report;
}

}  // namespace motcua::storage
