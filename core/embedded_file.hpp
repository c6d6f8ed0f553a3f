#pragma once
// A file compiled into the binary (migrations, shipped calendar notices). See cmake/Embed.cmake.
#include <span>
#include <string_view>

namespace motcua {

struct EmbeddedFile {
    std::string_view name;     ///< file name without directory, e.g. "0001_foundation.sql"
    std::string_view content;  ///< the file's bytes
};

}  // namespace motcua
