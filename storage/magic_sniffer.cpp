#include "storage/magic_sniffer.hpp"

#include <stdexcept>

#include <magic.h>

namespace motcua::storage {

struct MagicSniffer::Cookie {
    magic_t handle = nullptr;
};

MagicSniffer::MagicSniffer() : cookie_(std::make_unique<Cookie>()) {
    // MAGIC_MIME_TYPE: only the media type ("application/pdf"), no charset. No MAGIC_SYMLINK/compress: buffers only.
    cookie_->handle = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (cookie_->handle == nullptr) throw std::runtime_error("libmagic: cannot open a cookie");
    if (magic_load(cookie_->handle, nullptr) != 0) {
        const std::string why = magic_error(cookie_->handle) ? magic_error(cookie_->handle) : "unknown error";
        magic_close(cookie_->handle);
        throw std::runtime_error("libmagic: cannot load the magic database: " + why);
    }
}

MagicSniffer::~MagicSniffer() {
    if (cookie_ && cookie_->handle) magic_close(cookie_->handle);
}

std::string MagicSniffer::media_type(std::string_view bytes) {
    const std::lock_guard lock(mutex_);
    const char* type = magic_buffer(cookie_->handle, bytes.data(), bytes.size());
    if (type == nullptr) return "application/octet-stream";
    return type;
}

}  // namespace motcua::storage
