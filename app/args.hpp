#pragma once
// A small, strict command-line reader: positionals, `--name value` options and `--flag` switches. Unknown options
// are errors, so a typo never silently changes what a command does.
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace motcua::app {

struct ArgSpec {
    std::set<std::string, std::less<>> options;  ///< take a value: "--db PATH"
    std::set<std::string, std::less<>> flags;    ///< take none: "--leap"
};

class Args final {
public:
    /// Parses `argv` (without the command words) against `spec`. Error code "usage".
    [[nodiscard]] static core::Result<Args> parse(std::span<const std::string_view> argv, const ArgSpec& spec);

    [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }
    [[nodiscard]] std::optional<std::string> option(std::string_view name) const;
    [[nodiscard]] bool flag(std::string_view name) const { return flags_.count(name) != 0; }
    /// The option's value, or a "usage" error naming it.
    [[nodiscard]] core::Result<std::string> required(std::string_view name) const;

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string, std::less<>> options_;
    std::set<std::string, std::less<>> flags_;
};

[[nodiscard]] core::Error usage_error(std::string message);

}  // namespace motcua::app
