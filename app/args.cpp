#include "app/args.hpp"

namespace motcua::app {

core::Error usage_error(std::string message) {
    return core::Error{core::ErrorKind::invalid_argument, "usage", std::move(message), {}};
}

core::Result<Args> Args::parse(std::span<const std::string_view> argv, const ArgSpec& spec) {
    Args args;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string_view a = argv[i];
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            std::string name(a.substr(2));
            std::optional<std::string> inline_value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name.resize(eq);
            }
            if (spec.flags.count(name) != 0 && !inline_value) {
                args.flags_.insert(name);
            } else if (spec.options.count(name) != 0) {
                if (!inline_value) {
                    if (i + 1 >= argv.size()) return tl::unexpected(usage_error("--" + name + " needs a value"));
                    inline_value = std::string(argv[++i]);
                }
                if (args.options_.count(name) != 0)
                    return tl::unexpected(usage_error("--" + name + " is given twice"));
                args.options_.emplace(name, *inline_value);
            } else {
                return tl::unexpected(usage_error("unknown option --" + name));
            }
        } else {
            args.positional_.emplace_back(a);
        }
    }
    return args;
}

std::optional<std::string> Args::option(std::string_view name) const {
    auto it = options_.find(name);
    if (it == options_.end()) return std::nullopt;
    return it->second;
}

core::Result<std::string> Args::required(std::string_view name) const {
    if (auto v = option(name)) return *v;
    return tl::unexpected(usage_error("--" + std::string(name) + " is required"));
}

}  // namespace motcua::app
