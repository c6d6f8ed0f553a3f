#pragma once
// JSON mapping of the catalogue: the file format of `motcua catalogue import/export` and the API shapes
// (agency: {"code","name","level","parent"}; procedure: {"code","name","field","agency","duration":{"unit","value"},
// "components":[...], ...}). The two are the same shape, so an export can be imported again.
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/catalogue_service.hpp"

namespace motcua::http {

[[nodiscard]] core::Result<core::Catalogue> parse_catalogue(std::string_view text);
[[nodiscard]] nlohmann::json to_json(const core::Agency& agency);
[[nodiscard]] nlohmann::json to_json(const core::Procedure& procedure);
/// The list entry: code, name, field, agency, duration, online level, version.
[[nodiscard]] nlohmann::json to_summary_json(const core::Procedure& procedure);
[[nodiscard]] nlohmann::json to_json(const core::Catalogue& catalogue);

/// The demo catalogue shipped in data/catalogue (compiled in).
[[nodiscard]] core::Catalogue demo_catalogue();

}  // namespace motcua::http
