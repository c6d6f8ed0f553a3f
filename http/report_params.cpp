#include "http/report_params.hpp"

namespace motcua::http {

core::Result<std::optional<TableFormat>> table_format(const RouteParams& params) {
    const std::string format = params.query("format").value_or("json");
    if (format == "json") return std::optional<TableFormat>{};
    if (format == "csv") return std::optional<TableFormat>{TableFormat::csv};
    if (format == "xlsx") return std::optional<TableFormat>{TableFormat::xlsx};
    return core::fail(core::ErrorKind::invalid_argument, "format must be json, csv or xlsx", "format",
                      "invalid_format");
}

core::Result<core::ReportPeriod> period_from(const RouteParams& params) {
    auto from = core::parse_date(params.query("from").value_or(""), "from");
    if (!from) return tl::unexpected(from.error());
    auto to = core::parse_date(params.query("to").value_or(""), "to");
    if (!to) return tl::unexpected(to.error());
    return core::ReportPeriod{*from, *to};
}

}  // namespace motcua::http
