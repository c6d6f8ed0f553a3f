#include "http/counts766_routes.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "http/error_response.hpp"
#include "http/json_response.hpp"
#include "http/report_params.hpp"
#include "http/xlsx.hpp"

namespace motcua::http {
namespace {

using nlohmann::json;

/// Every count column, in the order of the CSV/XLSX download and of the JSON row.
const std::vector<std::pair<const char*, std::int64_t core::Counts766::*>>& count_columns() {
    static const std::vector<std::pair<const char*, std::int64_t core::Counts766::*>> columns{
        {"procedures", &core::Counts766::procedures},
        {"procedures_online", &core::Counts766::procedures_online},
        {"procedures_full_online", &core::Counts766::procedures_full_online},
        {"dossiers", &core::Counts766::dossiers},
        {"dossiers_direct", &core::Counts766::dossiers_direct},
        {"dossiers_online", &core::Counts766::dossiers_online},
        {"dossiers_postal", &core::Counts766::dossiers_postal},
        {"full_online_eligible", &core::Counts766::full_online_eligible},
        {"full_online", &core::Counts766::full_online},
        {"fee_procedures", &core::Counts766::fee_procedures},
        {"procedures_with_fee_data", &core::Counts766::procedures_with_fee_data},
        {"procedures_paid_online", &core::Counts766::procedures_paid_online},
        {"fee_dossiers", &core::Counts766::fee_dossiers},
        {"paid_online_dossiers", &core::Counts766::paid_online_dossiers},
        {"paid_online_amount", &core::Counts766::paid_online_amount},
        {"digitised", &core::Counts766::digitised},
        {"digitised_with_electronic_result", &core::Counts766::digitised_with_electronic_result},
        {"certified_copies", &core::Counts766::certified_copies},
        {"reused", &core::Counts766::reused},
        {"results_requiring_document", &core::Counts766::results_requiring_document},
        {"electronic_results", &core::Counts766::electronic_results},
        {"served_counter", &core::Counts766::served_counter},
        {"served_online_self", &core::Counts766::served_online_self},
        {"served_online_volunteer", &core::Counts766::served_online_volunteer},
        {"served_home_visit", &core::Counts766::served_home_visit},
        {"submissions_waiting", &core::Counts766::submissions_waiting},
        {"submissions_refused", &core::Counts766::submissions_refused},
    };
    return columns;
}

json row_json(const core::Counts766Row& row) {
    json out{{"key", row.key}, {"name", row.name}};
    for (const auto& [name, member] : count_columns()) out[name] = row.counts.*member;
    json indicators = json::array();
    for (const auto& i : row.indicators) indicators.push_back(indicator_json(i));
    out["indicators"] = std::move(indicators);
    return out;
}

std::string rate_text(double rate) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", rate);
    return buffer;
}

}  // namespace

json indicator_json(const core::Indicator766& i) {
    return json{{"id", i.id},
                {"group", i.group},
                {"name", i.name},
                {"numerator", i.numerator},
                {"denominator", i.denominator},
                {"counted", i.denominator},  // what the older indicators of /reports/index766 call the denominator
                {"rate_percent", i.rate_percent},
                {"points", i.points},
                {"max_points", i.rule.max_points},
                {"threshold_percent", i.rule.threshold_percent}};
}

void add_counts766_routes(Router& router, core::ReportService& reports, core::Index766Rules rules,
                          core::PaymentService* payments) {
    router.add(Verb::get, "/api/v1/reports/index766/counts",
               Access::staff({core::Role::agency_head, core::Role::supervisor, core::Role::admin}),
               [&reports, rules, payments](const Request& req, const RouteParams& params) {
                   auto period = period_from(params);
                   if (!period) return error_response(period.error(), req);
                   auto table = table_format(params);
                   if (!table) return error_response(table.error(), req);
                   auto report = reports.counts766(*period, params.principal().user, rules, payments != nullptr);
                   if (!report) return error_response(report.error(), req);
                   if (*table) {
                       CsvRow header{"key", "name"};
                       for (const auto& [name, member] : count_columns()) header.emplace_back(name);
                       for (const auto& i : report->total.indicators) header.push_back("rate_" + i.id);
                       NumericColumns numeric(header.size(), true);
                       numeric[0] = numeric[1] = false;
                       std::vector<CsvRow> rows;
                       auto add = [&rows](const std::string& key, const core::Counts766Row& r) {
                           CsvRow row{key, r.name};
                           for (const auto& [name, member] : count_columns())
                               row.push_back(std::to_string(r.counts.*member));
                           for (const auto& i : r.indicators) row.push_back(rate_text(i.rate_percent));
                           rows.push_back(std::move(row));
                       };
                       for (const auto& r : report->rows) add(r.key, r);
                       add("total", report->total);
                       return table_response(**table,
                                             "index766-counts-" + core::format_date(report->period.from) + "-" +
                                                 core::format_date(report->period.to),
                                             header, rows, req, numeric);
                   }
                   json rows = json::array();
                   for (const auto& r : report->rows) rows.push_back(row_json(r));
                   json total = row_json(report->total);
                   total.erase("key");
                   return json_response(
                       beast_http::status::ok,
                       json{{"period", {{"from", core::format_date(report->period.from)},
                                        {"to", core::format_date(report->period.to)}}},
                            {"filters", {{"scope", params.principal().user.agency}}},
                            {"rule_version", "index766-2026.1"},
                            {"computed_at", core::format_instant(reports.now())},
                            {"rows", rows},
                            {"total", total}},
                       req);
               });
}

}  // namespace motcua::http
