#include "payments/fee_config.hpp"

#include <span>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/embedded_file.hpp"

namespace motcua::payments {

std::span<const EmbeddedFile> embedded_fee_data();

namespace {

using nlohmann::json;

core::Error bad(std::string code, std::string message, std::string field) {
    return core::Error{core::ErrorKind::invalid_argument, std::move(code), std::move(message), std::move(field)};
}

}  // namespace

core::Result<core::FeeExemptions> parse_fee_exemptions(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return tl::unexpected(bad("invalid_json", "the fee exemption file is not a JSON object", {}));
    auto groups = doc.find("groups");
    if (groups == doc.end() || !groups->is_array())
        return tl::unexpected(bad("missing_field", "groups must be a list", "groups"));
    core::FeeExemptions out;
    for (std::size_t i = 0; i < groups->size(); ++i) {
        const json& g = (*groups)[i];
        const std::string at = "groups[" + std::to_string(i) + "]";
        if (!g.is_object()) return tl::unexpected(bad("invalid_type", "a group is an object", at));
        core::FeeGroup group;
        for (auto [key, target] : {std::pair{"id", &group.id}, std::pair{"name", &group.name},
                                   std::pair{"basis", &group.basis}}) {
            auto v = g.find(key);
            if (v == g.end()) continue;
            if (!v->is_string())
                return tl::unexpected(bad("invalid_type", std::string(key) + " must be a string", at + "." + key));
            *target = v->get<std::string>();
        }
        if (auto p = g.find("percent"); p != g.end()) {
            if (!p->is_number_integer())
                return tl::unexpected(bad("invalid_number", "percent is a whole number", at + ".percent"));
            const auto v = p->get<long long>();
            group.percent = v < 0 || v > 1000 ? 0 : static_cast<int>(v);
        }
        if (auto a = g.find("all_procedures"); a != g.end()) {
            if (!a->is_boolean())
                return tl::unexpected(bad("invalid_type", "all_procedures is true or false", at + ".all_procedures"));
            group.all_procedures = a->get<bool>();
        }
        for (auto [key, target] : {std::pair{"fields", &group.fields}, std::pair{"procedures", &group.procedures}}) {
            auto list = g.find(key);
            if (list == g.end()) continue;
            if (!list->is_array())
                return tl::unexpected(bad("invalid_type", std::string(key) + " is a list of strings", at + "." + key));
            for (const json& item : *list) {
                if (!item.is_string())
                    return tl::unexpected(bad("invalid_type", std::string(key) + " is a list of strings", at + "." + key));
                target->push_back(item.get<std::string>());
            }
        }
        out.groups.push_back(std::move(group));
    }
    if (auto ok = core::validate(out); !ok) return tl::unexpected(ok.error());
    return out;
}

core::FeeExemptions default_fee_exemptions() {
    for (const EmbeddedFile& f : embedded_fee_data())
        if (f.name == "exemptions.json") {
            auto parsed = parse_fee_exemptions(f.content);
            if (!parsed) throw std::logic_error("shipped exemptions.json: " + parsed.error().message);
            return *parsed;
        }
    return {};
}

}  // namespace motcua::payments
