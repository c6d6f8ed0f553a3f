#include "http/report_params.hpp"

#include <charconv>
#include <string>

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

namespace {

// A whole number in [low, high] written in plain decimal digits (no sign, no spaces).
core::Result<std::int64_t> whole_number(std::string_view text, std::int64_t low, std::int64_t high, const char* field) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || text.front() == '-' || ec != std::errc{} || end != text.data() + text.size() || n < low ||
        n > high)
        return core::fail(core::ErrorKind::invalid_argument,
                          std::string(field) + " must be a whole number from " + std::to_string(low) + " to " +
                              std::to_string(high),
                          field, "invalid_number");
    return n;
}

}  // namespace

core::Result<core::Page> page_from(const RouteParams& params) {
    core::Page page;
    if (auto limit = params.query("limit")) {
        auto n = whole_number(*limit, 1, core::kMaxPageLimit, "limit");
        if (!n) return tl::unexpected(n.error());
        page.limit = *n;
    }
    if (auto offset = params.query("offset")) {
        auto n = whole_number(*offset, 0, 1'000'000'000, "offset");
        if (!n) return tl::unexpected(n.error());
        page.offset = *n;
    }
    return page;
}

}  // namespace motcua::http
