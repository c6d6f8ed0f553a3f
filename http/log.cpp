#include "http/log.hpp"

#include <chrono>
#include <iostream>
#include <string>

#include "core/time.hpp"

namespace motcua::http {

void log_line(std::string_view level, std::string_view text) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string line = core::format_instant_utc(now);
    line += ' ';
    line += level;
    line += ' ';
    line += text;
    line += '\n';
    std::cerr << line << std::flush;
}

}  // namespace motcua::http
