#pragma once
// The server's log: one line per event on stderr, "<UTC time> <level> <text>".
#include <string_view>

namespace motcua::http {

/// Writes "2026-03-02T02:15:00Z <level> <text>\n" to stderr in one write. `level` is "info", "warn" or "error"
/// (4xx answers are warnings, 5xx errors). `text` is written as given: callers clean request data first.
void log_line(std::string_view level, std::string_view text);

}  // namespace motcua::http
