#include "http/report_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/calendar_json.hpp"
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

core::Result<core::TimelinessQuery> query_from(const RouteParams& params) {
    core::TimelinessQuery q;
    auto from = core::parse_date(params.query("from").value_or(""), "from");
    if (!from) return tl::unexpected(from.error());
    auto to = core::parse_date(params.query("to").value_or(""), "to");
    if (!to) return tl::unexpected(to.error());
    q.period = {*from, *to};
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

void add_report_routes(Router& router, core::ReportService& reports, const Authenticator& auth) {
    router.add(Verb::get, "/api/v1/reports/timeliness", [&reports, &auth](const Request& req, const RouteParams& params) {
        auto who = auth.require(req, {Role::agency_head, Role::supervisor, Role::admin});
        if (!who) return error_response(who.error(), req);
        auto q = query_from(params);
        if (!q) return error_response(q.error(), req);
        auto report = reports.timeliness(*q, who->user);
        if (!report) return error_response(report.error(), req);
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

    router.add(Verb::get, "/api/v1/reports/overdue", [&reports, &auth](const Request& req, const RouteParams& params) {
        auto who = auth.require(req);
        if (!who) return error_response(who.error(), req);
        const auto near = params.query("near_due");
        if (near && *near != "true" && *near != "false")
            return error_response(core::Error{core::ErrorKind::invalid_argument, "invalid_type",
                                              "near_due must be true or false", "near_due"},
                                  req);
        auto items = reports.overdue(who->user, params.query("agency").value_or(""), near && *near == "true");
        if (!items) return error_response(items.error(), req);
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

}  // namespace motcua::http
