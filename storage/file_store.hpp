#pragma once
// Content-addressed files on disk (core::FileStore): <dir>/<first two hex digits>/<sha256>. Written to a temporary
// file in the same directory, fsynced, renamed into place, and the directory fsynced, so that a file is durable
// before the record that names it commits.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/ports.hpp"

namespace motcua::storage {

class DiskFileStore final : public core::FileStore {
public:
    /// Files live under `dir` (created when missing).
    explicit DiskFileStore(std::filesystem::path dir);
    void put(std::string_view sha256, std::string_view bytes) override;
    std::optional<std::string> get(std::string_view sha256) override;
    /// Where the file named `sha256` is (or would be). Throws std::invalid_argument when `sha256` is not 64
    /// lower-case hex digits (a name never becomes a path of its own).
    [[nodiscard]] std::filesystem::path path_of(std::string_view sha256) const;
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

/// The files directory that goes with a database file by default: "<db>.files".
[[nodiscard]] std::filesystem::path default_files_dir(const std::string& db_path);

/// SHA-256 of a file's content, lower-case hex (streamed; for verification of stored files).
[[nodiscard]] std::string sha256_of_file(const std::filesystem::path& file);

}  // namespace motcua::storage
