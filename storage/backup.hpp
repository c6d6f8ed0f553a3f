#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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

/// What became of the attached files (schema 0014) in a backup or a verification.
struct FilesReport {
    std::int64_t files = 0;              ///< stored files recorded in the database
    std::int64_t bytes = 0;              ///< their recorded sizes, summed
    std::vector<std::string> missing;    ///< hashes whose file is not in the directory
    std::vector<std::string> damaged;    ///< hashes whose file's content no longer has that hash
    [[nodiscard]] bool intact() const { return missing.empty() && damaged.empty(); }
};

/// Copies every file the database `backup_copy` records (the snapshot just taken: files are written before their
/// record commits and never changed, so every one it names exists) from `from_dir` to `to_dir` (content-addressed
/// layout, each copy fsynced and checked against its hash). A file missing or damaged at the source is reported,
/// not copied.
FilesReport backup_files(const std::string& backup_copy, const std::filesystem::path& from_dir,
                         const std::filesystem::path& to_dir);

/// Re-hashes every stored file that `db` records under `dir` and reports the missing and damaged ones.
[[nodiscard]] FilesReport verify_files(Database& db, const std::filesystem::path& dir);

}  // namespace motcua::storage
