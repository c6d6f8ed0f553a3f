#pragma once
// The `motcua` command line: `serve` and the administrative sub-commands. Output is JSON on stdout; errors go to
// stderr as one line, with exit code 2 for usage errors and 1 for everything else.
#include <iosfwd>
#include <span>
#include <string_view>

namespace motcua::app {

struct CliIo {
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
};

/// Runs one command; `args` excludes the program name. Returns the process exit code.
int run_cli(std::span<const std::string_view> args, CliIo io);

}  // namespace motcua::app
