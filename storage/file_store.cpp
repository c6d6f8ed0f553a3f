#include "storage/file_store.hpp"

#include "storage/database.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace motcua::storage {
namespace {

[[noreturn]] void io_error(const std::string& what, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void fsync_path(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) io_error("cannot open", path);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) io_error("cannot fsync", path);
}

bool is_hex_digest(std::string_view s) {
    if (s.size() != 64) return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::filesystem::path default_files_dir(const std::string& db_path) {
    // PostgreSQL: several nodes share the database, so files must be on storage they share too; `--files` says
    // where. Without it, a directory in the working directory (fine for one node and for tests).
    if (is_postgresql_url(db_path)) return "motcua.files";
    return db_path + ".files";
}

DiskFileStore::DiskFileStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::filesystem::path DiskFileStore::path_of(std::string_view sha256) const {
    if (!is_hex_digest(sha256)) throw std::invalid_argument("not a SHA-256 digest: " + std::string(sha256));
    return dir_ / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

void DiskFileStore::put(std::string_view sha256, std::string_view bytes) {
    const auto target = path_of(sha256);
    if (std::filesystem::exists(target)) return;  // identical content is stored once
    const auto folder = target.parent_path();
    std::filesystem::create_directories(folder);
    std::random_device random;
    const auto temp = folder / (".tmp-" + std::string(sha256.substr(0, 16)) + "-" + std::to_string(random()));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) io_error("cannot create", temp);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            std::filesystem::remove(temp);
            io_error("cannot write", temp);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        std::filesystem::remove(temp);
        io_error("cannot fsync", temp);
    }
    ::close(fd);
    std::filesystem::rename(temp, target);
    fsync_path(folder, O_RDONLY | O_DIRECTORY);  // the rename itself is durable
}

std::optional<std::string> DiskFileStore::get(std::string_view sha256) {
    const auto file = path_of(sha256);
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) io_error("cannot read", file);
    return bytes;
}

std::string sha256_of_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) io_error("cannot open", file);
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::array<char, 64 * 1024> chunk{};
    while (in) {
        in.read(chunk.data(), chunk.size());
        const auto got = in.gcount();
        if (got > 0)
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(chunk.data()),
                                      static_cast<unsigned long long>(got));
    }
    if (in.bad()) io_error("cannot read", file);
    std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
    crypto_hash_sha256_final(&state, hash.data());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
    return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace motcua::storage
