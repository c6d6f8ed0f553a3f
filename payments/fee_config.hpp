#pragma once
// The province's fee exemption groups (core/fees.hpp FeeExemptions) as a JSON file: data/fees/exemptions.json ships
// the default; `motcua serve --fee-exemptions FILE` replaces it.
#include <string_view>

#include "core/fees.hpp"

namespace motcua::payments {

/// Reads {"groups": [{"id", "name", "basis"?, "percent"?, "all_procedures"?, "fields"?, "procedures"?}]}; errors
/// invalid_argument naming the field ("groups[1].percent").
[[nodiscard]] core::Result<core::FeeExemptions> parse_fee_exemptions(std::string_view text);
/// The shipped default (data/fees/exemptions.json).
[[nodiscard]] core::FeeExemptions default_fee_exemptions();

}  // namespace motcua::payments
