#pragma once
// Reading an enumeration from its wire name, with an error that lists the accepted names.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace motcua::core {

/// The enumerator of `values` whose to_string() is `text`; otherwise invalid_argument "invalid_<what>" on `field`.
template <typename Enum, typename Values>
[[nodiscard]] Result<Enum> parse_enum(std::string_view text, const Values& values, std::string_view field,
                                      const char* what) {
    std::string expected;
    for (Enum v : values) {
        if (text == to_string(v)) return v;
        expected += expected.empty() ? "" : ", ";
        expected += to_string(v);
    }
    return fail(ErrorKind::invalid_argument,
                "unknown " + std::string(what) + " \"" + std::string(text) + "\"; expected one of " + expected,
                std::string(field), std::string("invalid_") + what);
}

}  // namespace motcua::core
