#pragma once
// Query parameters every report shares: the period (?from=&to=) and the answer's format (?format=json|csv|xlsx).
#include <optional>

#include "core/page.hpp"
#include "core/reports.hpp"
#include "http/router.hpp"
#include "http/xlsx.hpp"

namespace motcua::http {

/// ?format=json (default, nullopt), csv or xlsx: the table formats download the same rows. Error "invalid_format".
[[nodiscard]] core::Result<std::optional<TableFormat>> table_format(const RouteParams& params);

/// ?from=YYYY-MM-DD&to=YYYY-MM-DD, both required; errors name the field. Whether the period is sensible is core's
/// check (core::check_report_period).
[[nodiscard]] core::Result<core::ReportPeriod> period_from(const RouteParams& params);

/// ?limit=N&offset=M of the report lists: limit a whole number from 1 to core::kMaxPageLimit (none: the whole list),
/// offset a whole number from 0 (default 0). Errors invalid_argument "invalid_number" naming the field.
[[nodiscard]] core::Result<core::Page> page_from(const RouteParams& params);

}  // namespace motcua::http
