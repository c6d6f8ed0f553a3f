#include "storage/backup.hpp"

#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

#include "storage/attachment_store.hpp"
#include "storage/file_store.hpp"

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

namespace {

void fsync_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw StorageError(0, "cannot open " + path.string());
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw StorageError(0, "cannot fsync " + path.string());
}

}  // namespace

FilesReport backup_files(const std::string& backup_copy, const std::filesystem::path& from_dir,
                         const std::filesystem::path& to_dir) {
    FilesReport report;
    Database copy(backup_copy, true);
    const DiskFileStore from(from_dir);
    const DiskFileStore to(to_dir);
    for (const StoredFileRecord& f : stored_files(copy)) {
        ++report.files;
        report.bytes += f.size;
        const auto source = from.path_of(f.sha256);
        if (!std::filesystem::exists(source)) {
            report.missing.push_back(f.sha256);
            continue;
        }
        const auto target = to.path_of(f.sha256);
        std::filesystem::create_directories(target.parent_path());
        const auto partial = target.parent_path() / (f.sha256 + ".partial");
        std::filesystem::copy_file(source, partial, std::filesystem::copy_options::overwrite_existing);
        if (sha256_of_file(partial) != f.sha256) {
            std::filesystem::remove(partial);
            report.damaged.push_back(f.sha256);
            continue;
        }
        fsync_file(partial);
        std::filesystem::rename(partial, target);
    }
    return report;
}

FilesReport verify_files(Database& db, const std::filesystem::path& dir) {
    FilesReport report;
    const DiskFileStore files(dir);
    for (const StoredFileRecord& f : stored_files(db)) {
        ++report.files;
        report.bytes += f.size;
        const auto path = files.path_of(f.sha256);
        if (!std::filesystem::exists(path)) report.missing.push_back(f.sha256);
        else if (sha256_of_file(path) != f.sha256) report.damaged.push_back(f.sha256);
    }
    return report;
}

}  // namespace motcua::storage
