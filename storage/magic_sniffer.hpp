#pragma once
// core::ContentSniffer over libmagic (the `file` command's database): a file's type from its bytes.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/ports.hpp"

namespace motcua::storage {

class MagicSniffer final : public core::ContentSniffer {
public:
    /// Loads the system's magic database. Throws std::runtime_error when it cannot.
    MagicSniffer();
    ~MagicSniffer() override;
    MagicSniffer(const MagicSniffer&) = delete;
    MagicSniffer& operator=(const MagicSniffer&) = delete;
    /// Thread-safe (a libmagic cookie is not: calls are serialised).
    std::string media_type(std::string_view bytes) override;

private:
    struct Cookie;
    std::unique_ptr<Cookie> cookie_;
    std::mutex mutex_;
};

}  // namespace motcua::storage
