#pragma once
// GET /api/v1/reports/index766/counts: the raw counts per agency behind the Decision 766 groups motcua records, with
// their indicators (docs/reports.md, "Decision 766 counts per agency").
#include <nlohmann/json.hpp>

#include "core/counts766.hpp"
#include "core/report_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

[[nodiscard]] nlohmann::json indicator_json(const core::Indicator766& indicator);

void add_counts766_routes(Router& router, core::ReportService& reports, core::Index766Rules rules);

}  // namespace motcua::http
