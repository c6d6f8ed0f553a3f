#include "http/report_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/calendar_json.hpp"
#include "http/xlsx.hpp"

#include <span>
#include <stdexcept>

#include "core/embedded_file.hpp"
#include "http/error_response.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

json counts_json(const core::TimelinessCounts& c) {
    return json{{"carried_over", c.carried_over},       {"received_online", c.received_online},
                {"received_direct", c.received_direct}, {"received_postal", c.received_postal},
                {"received_total", c.received_total()}, {"resolved_early", c.resolved_early},
                {"resolved_on_time", c.resolved_on_time}, {"resolved_late", c.resolved_late},
                {"resolved_total", c.resolved_total()}, {"pending_within", c.pending_within},
                {"pending_overdue", c.pending_overdue}, {"pending_total", c.pending_total()},
                {"closed_other", c.closed_other}};
}

const char* const kCountColumns[] = {"carried_over",    "received_online", "received_direct", "received_postal",
                                     "received_total",  "resolved_early",  "resolved_on_time", "resolved_late",
                                     "resolved_total",  "pending_within",  "pending_overdue",  "pending_total",
                                     "closed_other"};

// ?format=json (default), csv or xlsx: the table formats download the same rows.
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

// The common part of the period reports: a reporting role, a period, and the answer's format.
struct PeriodRequest {
    core::Principal who;
    core::ReportPeriod period;
    std::optional<TableFormat> table;
};

/// Who may read the period reports.
Access reporting() { return Access::staff({Role::agency_head, Role::supervisor, Role::admin}); }

core::Result<PeriodRequest> period_request(const RouteParams& params) {
    auto period = period_from(params);
    if (!period) return tl::unexpected(period.error());
    auto table = table_format(params);
    if (!table) return tl::unexpected(table.error());
    return PeriodRequest{params.principal(), *period, *table};
}

core::Result<core::TimelinessQuery> query_from(const RouteParams& params, core::ReportPeriod period) {
    core::TimelinessQuery q;
    q.period = period;
    if (auto g = params.query("group_by")) {
        auto grouping = core::parse_grouping(*g, "group_by");
        if (!grouping) return tl::unexpected(grouping.error());
        q.grouping = *grouping;
    }
    if (auto w = params.query("window")) {
        auto window = core::parse_window(*w, "window");
        if (!window) return tl::unexpected(window.error());
        q.window = *window;
    }
    return q;
}

}  // namespace

void add_apology_routes(Router& router, core::ReportService& reports);

void add_report_routes(Router& router, core::ReportService& reports, core::PointRule tdgq_rule) {
    add_apology_routes(router, reports);
    router.add(Verb::get, "/api/v1/reports/index766", reporting(),
               [&reports, tdgq_rule](const Request& req, const RouteParams& params) {
                   auto request = period_request(params);
                   if (!request) return error_response(request.error(), req);
                   auto r = reports.index766(request->period, request->who.user, tdgq_rule);
                   if (!r) return error_response(r.error(), req);
                   if (request->table) {
                       std::vector<CsvRow> rows;
                       for (const auto& l : r->late) rows.push_back({l.code, l.agency, l.reason});
                       return table_response(*request->table, "index766-2.1-late", {"code", "agency", "reason"}, rows,
                                             req);
                   }
                   json late = json::array();
                   for (const auto& l : r->late)
                       late.push_back(json{{"code", l.code}, {"agency", l.agency}, {"reason", l.reason}});
                   return json_response(
                       beast_http::status::ok,
                       json{{"period", {{"from", core::format_date(r->period.from)},
                                        {"to", core::format_date(r->period.to)}}},
                            {"rule_version", "index766-2026.1"},
                            {"computed_at", core::format_instant(reports.now())},
                            {"indicators",
                             json::array({json{{"id", "2.1"},
                                               {"group", "TDGQ"},
                                               {"name", "Hồ sơ xử lý trước hạn, đúng hạn"},
                                               {"counted", r->counted},
                                               {"on_time", r->on_time},
                                               {"rate_percent", r->rate_percent},
                                               {"points", r->points},
                                               {"max_points", r->rule.max_points},
                                               {"threshold_percent", r->rule.threshold_percent}}})},
                            {"not_yet_computed", json::array({"CKMB", "CLGQ", "TTTT", "MDSH", "MDHL"})},
                            {"late", late}},
                       req);
               });
    router.add(Verb::get, "/api/v1/reports/timeliness", reporting(), [&reports](const Request& req, const RouteParams& params) {
        auto request = period_request(params);
        if (!request) return error_response(request.error(), req);
        auto q = query_from(params, request->period);
        if (!q) return error_response(q.error(), req);
        auto report = reports.timeliness(*q, request->who.user);
        if (!report) return error_response(report.error(), req);
        if (request->table) {
            CsvRow header{"key", "name"};
            header.insert(header.end(), std::begin(kCountColumns), std::end(kCountColumns));
            NumericColumns counts_numeric(header.size(), true);
            counts_numeric[0] = counts_numeric[1] = false;
            std::vector<CsvRow> rows;
            auto add = [&rows](const std::string& key, const std::string& name, const core::TimelinessCounts& c) {
                const json j = counts_json(c);
                CsvRow row{key, name};
                for (const char* col : kCountColumns) row.push_back(std::to_string(j[col].get<std::int64_t>()));
                rows.push_back(std::move(row));
            };
            for (const auto& r : report->rows) add(r.key, r.name, r.counts);
            add("total", "Tổng cộng", report->total);
            return table_response(*request->table,
                                  "ii06a-" + core::format_date(report->period.from) + "-" +
                                      core::format_date(report->period.to),
                                  header, rows, req, counts_numeric);
        }
        json rows = json::array();
        for (const auto& r : report->rows) {
            json row = counts_json(r.counts);
            row["key"] = r.key;
            row["name"] = r.name;
            rows.push_back(row);
        }
        return json_response(
            beast_http::status::ok,
            json{{"period", {{"from", core::format_date(report->period.from)}, {"to", core::format_date(report->period.to)}}},
                 {"group_by", core::to_string(q->grouping)},
                 {"window", core::to_string(q->window)},
                 {"rule_version", core::kReportRuleVersion},
                 {"computed_at", core::format_instant(reports.now())},
                 {"rows", rows},
                 {"total", counts_json(report->total)}},
            req);
    });

    router.add(Verb::get, "/api/v1/reports/overdue", Access::staff(), [&reports](const Request& req, const RouteParams& params) {
        const auto& who = params.principal();
        const auto near = params.query("near_due");
        if (near && *near != "true" && *near != "false")
            return error_response(core::Error{core::ErrorKind::invalid_argument, "invalid_type",
                                              "near_due must be true or false", "near_due"},
                                  req);
        auto table = table_format(params);
        if (!table) return error_response(table.error(), req);
        auto items = reports.overdue(who.user, params.query("agency").value_or(""), near && *near == "true");
        if (!items) return error_response(items.error(), req);
        if (*table) {
            std::vector<CsvRow> rows;
            for (const auto& i : *items)
                rows.push_back({i.code, i.agency, i.procedure_code, core::format_instant(i.due_at),
                                std::to_string(static_cast<double>(i.overdue.value.count()) / 60.0), i.current_step,
                                i.apologized ? "yes" : "no"});
            return table_response(**table, near && *near == "true" ? "near-due" : "overdue",
                                  {"code", "agency", "procedure_code", "due_at", "overdue_working_hours", "current_step",
                                   "apology"},
                                  rows, req, {false, false, false, false, true, false, false});
        }
        json out = json::array();
        for (const auto& i : *items) {
            const double hours = static_cast<double>(i.overdue.value.count()) / 60.0;
            json apology{{"issued", i.apologized}, {"late", i.late_apology}};
            if (i.extended_due_at) apology["extended_due_at"] = core::format_instant(*i.extended_due_at);
            out.push_back(json{{"code", i.code},
                               {"agency", i.agency},
                               {"procedure_code", i.procedure_code},
                               {"status", core::to_string(i.status)},
                               {"due_at", core::format_instant(i.due_at)},
                               {"original_due_at", core::format_instant(i.original_due_at)},
                               {"overdue_working_hours", hours},
                               {"current_step", i.current_step},
                               {"step_role", i.step_role},
                               {"apology", apology}});
        }
        return json_response(beast_http::status::ok,
                             json{{"items", out},
                                  {"near_due", near && *near == "true"},
                                  {"computed_at", core::format_instant(reports.now())}},
                             req);
    });
}

void add_apology_routes(Router& router, core::ReportService& reports) {
    router.add(Verb::get, "/api/v1/reports/apologies", reporting(), [&reports](const Request& req, const RouteParams& params) {
        auto r = period_request(params);
        if (!r) return error_response(r.error(), req);
        auto report = reports.apologies(r->period, r->who.user);
        if (!report) return error_response(report.error(), req);
        if (r->table) {
            std::vector<CsvRow> rows;
            for (const auto& [a, outcome] : report->apologies)
                rows.push_back({"apology", a.code, a.agency, core::format_instant(a.at), a.reason,
                                core::format_instant(a.original_due_at), core::format_instant(a.new_due_at),
                                a.late ? "late" : "on_time", core::to_string(outcome)});
            for (const auto& v : report->violations)
                rows.push_back({"violation", v.code, v.agency, "", "", core::format_instant(v.original_due_at), "",
                                "", v.resolved_at ? "resolved_late" : "open_overdue"});
            return table_response(*r->table, "apologies",
                                  {"kind", "code", "agency", "issued_at", "reason", "original_due_at", "new_due_at",
                                   "issued", "outcome"},
                                  rows, req);
        }
        json items = json::array();
        for (const auto& [a, outcome] : report->apologies)
            items.push_back(json{{"code", a.code},
                                 {"agency", a.agency},
                                 {"issued_at", core::format_instant(a.at)},
                                 {"reason", a.reason},
                                 {"original_due_at", core::format_instant(a.original_due_at)},
                                 {"new_due_at", core::format_instant(a.new_due_at)},
                                 {"late", a.late},
                                 {"outcome", core::to_string(outcome)}});
        json violations = json::array();
        for (const auto& v : report->violations) {
            json item{{"code", v.code},
                      {"agency", v.agency},
                      {"procedure_code", v.procedure_code},
                      {"original_due_at", core::format_instant(v.original_due_at)}};
            if (v.resolved_at) item["result_ready_at"] = core::format_instant(*v.resolved_at);
            violations.push_back(item);
        }
        const auto& c = report->counts;
        return json_response(beast_http::status::ok,
                             json{{"period", {{"from", core::format_date(report->period.from)},
                                              {"to", core::format_date(report->period.to)}}},
                                  {"rule_version", core::kReportRuleVersion},
                                  {"computed_at", core::format_instant(reports.now())},
                                  {"counts", {{"issued", c.issued}, {"issued_late", c.issued_late}, {"kept", c.kept},
                                              {"broken", c.broken}, {"pending", c.pending}, {"closed", c.closed},
                                              {"violations", c.violations}}},
                                  {"items", items},
                                  {"violations", violations}},
                             req);
    });
}

std::span<const EmbeddedFile> embedded_report_data();

core::Result<core::PointRule> parse_index766_config(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return core::fail(core::ErrorKind::invalid_argument, "the 766 configuration is not a JSON object", {},
                          "invalid_json");
    auto rule = doc.find("tdgq_2_1");
    if (rule == doc.end() || !rule->is_object())
        return core::fail(core::ErrorKind::invalid_argument, "tdgq_2_1 is required", "tdgq_2_1", "missing_field");
    core::PointRule out;
    for (auto [key, target] : {std::pair{"max_points", &out.max_points}, std::pair{"threshold_percent", &out.threshold_percent}}) {
        auto v = rule->find(key);
        if (v == rule->end() || !v->is_number() || v->get<double>() <= 0 || v->get<double>() > 100)
            return core::fail(core::ErrorKind::invalid_argument, std::string(key) + " must be a number in (0, 100]",
                              std::string("tdgq_2_1.") + key, "invalid_number");
        *target = v->get<double>();
    }
    return out;
}

core::PointRule default_index766_rule() {
    for (const EmbeddedFile& f : embedded_report_data())
        if (f.name == "index766.json") {
            auto rule = parse_index766_config(f.content);
            if (!rule) throw std::logic_error("shipped index766.json: " + rule.error().message);
            return *rule;
        }
    return {};
}

}  // namespace motcua::http
