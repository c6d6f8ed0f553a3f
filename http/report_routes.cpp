#include "http/report_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/calendar_json.hpp"
#include "http/counts766_routes.hpp"
#include "http/report_params.hpp"
#include "http/xlsx.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "core/embedded_file.hpp"
#include "http/error_response.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

// One JSON value appended as text, exactly as json_response encodes it (invalid UTF-8 replaced, not thrown).
void append_json(std::string& out, const json& value) {
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// One string appended as a JSON string, the same bytes as append_json(out, json(text)). Codes, agencies, instants
// and statuses are printable ASCII with nothing to escape, which the JSON library writes as they are: they are
// copied between quotes without building a JSON value (a whole report has hundreds of thousands of them); any
// other text (a reason in Vietnamese, a quote, a control character, invalid UTF-8) goes through the library.
void append_json_string(std::string& out, std::string_view text) {
    const bool plain = std::all_of(text.begin(), text.end(),
                                   [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (!plain) return append_json(out, json(std::string(text)));
    out += '"';
    out += text;
    out += '"';
}

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

// `month_ok`: group_by=month is accepted (the monthly trend; the query's grouping stays the default).
core::Result<core::TimelinessQuery> query_from(const RouteParams& params, core::ReportPeriod period,
                                               bool month_ok = false) {
    core::TimelinessQuery q;
    q.period = period;
    if (auto g = params.query("group_by"); g && !(month_ok && *g == "month")) {
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
void add_status_count_routes(Router& router, core::ReportService& reports);

void add_report_routes(Router& router, core::ReportService& reports, core::SatisfactionService& satisfaction,
                       core::Index766Rules rules, core::PaymentService* payments) {
    add_apology_routes(router, reports);
    add_status_count_routes(router, reports);
    add_counts766_routes(router, reports, rules, payments);
    router.add(Verb::get, "/api/v1/reports/index766", reporting(),
               [&reports, &satisfaction, rules, payments](const Request& req, const RouteParams& params) {
                   auto request = period_request(params);
                   if (!request) return error_response(request.error(), req);
                   auto r = reports.index766(request->period, request->who.user, rules.tdgq_2_1);
                   if (!r) return error_response(r.error(), req);
                   auto progress =
                       reports.progress766(request->period, request->who.user, rules.ckmb_progress, rules.realtime_lag);
                   if (!progress) return error_response(progress.error(), req);
                   auto ratings = satisfaction.ratings(core::SatisfactionQuery{request->period, {}}, request->who.user);
                   if (!ratings) return error_response(ratings.error(), req);
                   const auto mdhl = core::mdhl_766(r->counted, r->counted - r->on_time,
                                                    ratings->total.dissatisfied, rules.mdhl_5_4);
                   auto counts = reports.counts766(request->period, request->who.user, rules, payments != nullptr);
                   if (!counts) return error_response(counts.error(), req);
                   if (request->table) {
                       std::vector<CsvRow> rows;
                       for (const auto& l : r->late) rows.push_back({l.code, l.agency, l.reason});
                       return table_response(*request->table, "index766-2.1-late", {"code", "agency", "reason"}, rows,
                                             req);
                   }
                   json late_updates = json::array();
                   for (const auto& l : progress->late)
                       late_updates.push_back(json{{"code", l.code},
                                                   {"agency", l.agency},
                                                   {"events", l.events},
                                                   {"longest_delay_minutes", l.longest.count() / 60}});
                   json late = json::array();
                   for (const auto& l : r->late)
                       late.push_back(json{{"code", l.code}, {"agency", l.agency}, {"reason", l.reason}});
                   json body{{"period", {{"from", core::format_date(r->period.from)},
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
                                               {"threshold_percent", r->rule.threshold_percent}},
                                          json{{"id", "ckmb-progress"},
                                               {"group", "CKMB"},
                                               {"name", "Hồ sơ được cập nhật trạng thái, tiến độ kịp thời"},
                                               {"counted", progress->counted},
                                               {"on_time", progress->real_time},
                                               {"rate_percent", progress->rate_percent},
                                               {"points", progress->points},
                                               {"max_points", progress->rule.max_points},
                                               {"threshold_percent", progress->rule.threshold_percent},
                                               {"realtime_lag_minutes", progress->lag.count()}},
                                          json{{"id", "5.4"},
                                               {"group", "MDHL"},
                                               {"name", "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC"},
                                               {"counted", mdhl.counted},
                                               {"late", mdhl.late},
                                               {"disliked", mdhl.disliked},
                                               {"rate_percent", mdhl.rate_percent},
                                               {"points", mdhl.points},
                                               {"max_points", mdhl.rule.max_points},
                                               {"threshold_percent", mdhl.rule.threshold_percent}}})},
                            {"not_yet_computed", json::array({"CKMB publication and synchronisation", "TTTT", "MDSH 4.4 and 4.5"})},
                            {"late", late},
                            {"late_updates", late_updates}};
                   for (const auto& i : counts->total.indicators) body["indicators"].push_back(indicator_json(i));
                   if (payments) body["not_yet_computed"] = json::array({"CKMB publication and synchronisation", "MDSH"});
                   return json_response(beast_http::status::ok, body, req);
               });
    router.add(Verb::get, "/api/v1/reports/timeliness", reporting(), [&reports](const Request& req, const RouteParams& params) {
        auto request = period_request(params);
        if (!request) return error_response(request.error(), req);
        // group_by=month: the monthly trend, one row per month of a period of whole months ("YYYY-MM").
        const bool by_month = params.query("group_by").value_or("") == "month";
        auto q = query_from(params, request->period, true);
        if (!q) return error_response(q.error(), req);
        auto report = by_month ? reports.timeliness_by_month(q->period, q->window, request->who.user)
                               : reports.timeliness(*q, request->who.user);
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
                 {"group_by", by_month ? "month" : core::to_string(q->grouping)},
                 {"window", core::to_string(q->window)},
                 {"rule_version", core::kReportRuleVersion},
                 {"computed_at", core::format_instant(reports.now())},
                 {"rows", rows},
                 {"total", counts_json(report->total)}},
            req);
    });

    router.add(Verb::get, "/api/v1/reports/timeliness/dossiers", reporting(),
               [&reports](const Request& req, const RouteParams& params) {
        auto request = period_request(params);
        if (!request) return error_response(request.error(), req);
        auto q = query_from(params, request->period);
        if (!q) return error_response(q.error(), req);
        auto column = core::parse_timeliness_column(params.query("column").value_or(""), "column");
        if (!column) return error_response(column.error(), req);
        const std::string key = params.query("key").value_or("");
        auto items = reports.timeliness_dossiers(*q, key, *column, request->who.user);
        if (!items) return error_response(items.error(), req);
        const auto opt = [](const std::optional<core::Timestamp>& t) {
            return t ? core::format_instant(*t) : std::string();
        };
        if (request->table) {
            std::vector<CsvRow> rows;
            for (const auto& f : *items)
                rows.push_back({f.code, f.agency, f.procedure_code, f.field, core::to_string(f.status),
                                core::to_string(f.channel), core::format_instant(f.received_at),
                                core::format_instant(f.original_due_at), opt(f.resolved_at),
                                f.timeliness ? core::to_string(*f.timeliness) : ""});
            return table_response(*request->table, std::string("ii06a-") + core::to_string(*column),
                                  {"code", "agency", "procedure_code", "field", "status", "channel", "received_at",
                                   "due_at", "resolved_at", "timeliness"},
                                  rows, req);
        }
        json out = json::array();
        for (const auto& f : *items) {
            json item{{"code", f.code},
                      {"agency", f.agency},
                      {"procedure_code", f.procedure_code},
                      {"field", f.field},
                      {"status", core::to_string(f.status)},
                      {"channel", core::to_string(f.channel)},
                      {"received_at", core::format_instant(f.received_at)},
                      {"due_at", core::format_instant(f.original_due_at)},
                      {"apologized", f.apologized}};
            if (f.resolved_at) item["resolved_at"] = core::format_instant(*f.resolved_at);
            if (f.timeliness) item["timeliness"] = core::to_string(*f.timeliness);
            out.push_back(std::move(item));
        }
        const auto period = core::window_for(q->period, q->window);
        return json_response(
            beast_http::status::ok,
            json{{"period", {{"from", core::format_date(period.from)}, {"to", core::format_date(period.to)}}},
                 {"group_by", core::to_string(q->grouping)},
                 {"window", core::to_string(q->window)},
                 {"key", key},
                 {"column", core::to_string(*column)},
                 {"rule_version", core::kReportRuleVersion},
                 {"computed_at", core::format_instant(reports.now())},
                 {"total", out.size()},
                 {"items", out}},
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
        auto page = page_from(params);
        if (!page) return error_response(page.error(), req);
        // The downloads are always the whole list.
        auto list = reports.overdue(who.user, params.query("agency").value_or(""), near && *near == "true",
                                    *table ? core::Page{} : *page);
        if (!list) return error_response(list.error(), req);
        const auto& items = list->items;
        if (*table) {
            std::vector<CsvRow> rows;
            for (const auto& i : items)
                rows.push_back({i.code, i.agency, i.procedure_code, core::format_instant(i.due_at),
                                std::to_string(static_cast<double>(i.overdue.value.count()) / 60.0), i.current_step,
                                i.apologized ? "yes" : "no"});
            return table_response(**table, near && *near == "true" ? "near-due" : "overdue",
                                  {"code", "agency", "procedure_code", "due_at", "overdue_working_hours", "current_step",
                                   "apology"},
                                  rows, req, {false, false, false, false, true, false, false});
        }
        // The whole list is tens of thousands of items at a province's scale: written as text item by item rather
        // than built as a tree of JSON objects first (which took two thirds of the call at 1 M dossiers). The same
        // bytes as json_response would send: keys in the same (sorted) order, numbers and strings encoded by the
        // JSON library, invalid UTF-8 replaced (tests/http/report_paging_test.cpp compares the two).
        std::string body = "{\"computed_at\":";
        append_json_string(body, core::format_instant(reports.now()));
        body += ",\"items\":[";
        bool first = true;
        for (const auto& i : items) {
            body += first ? "{\"agency\":" : ",{\"agency\":";
            first = false;
            append_json_string(body, i.agency);
            body += ",\"apology\":{";
            if (i.extended_due_at) {
                body += "\"extended_due_at\":";
                append_json_string(body, core::format_instant(*i.extended_due_at));
                body += ',';
            }
            body += i.apologized ? "\"issued\":true" : "\"issued\":false";
            body += i.late_apology ? ",\"late\":true}" : ",\"late\":false}";
            body += ",\"code\":";
            append_json_string(body, i.code);
            body += ",\"current_step\":";
            append_json_string(body, i.current_step);
            body += ",\"due_at\":";
            append_json_string(body, core::format_instant(i.due_at));
            body += ",\"original_due_at\":";
            append_json_string(body, core::format_instant(i.original_due_at));
            body += ",\"overdue_working_hours\":";
            append_json(body, json(static_cast<double>(i.overdue.value.count()) / 60.0));
            body += ",\"procedure_code\":";
            append_json_string(body, i.procedure_code);
            body += ",\"status\":";
            append_json_string(body, core::to_string(i.status));
            body += ",\"step_role\":";
            append_json_string(body, i.step_role);
            body += '}';
        }
        body += near && *near == "true" ? "],\"near_due\":true,\"total\":" : "],\"near_due\":false,\"total\":";
        append_json(body, json(list->total));
        body += '}';
        return json_text_response(beast_http::status::ok, std::move(body), req);
    });
}

void add_status_count_routes(Router& router, core::ReportService& reports) {
    // The dashboard's counts by status, one call (schema 0023); each count is the total of
    // /api/v1/dossiers?status=… for the same user, which lists the dossiers behind it.
    router.add(Verb::get, "/api/v1/reports/status-counts", reporting(),
               [&reports](const Request& req, const RouteParams& params) {
                   json counts = json::object();
                   std::int64_t total = 0;
                   for (const auto& [status, n] : reports.status_counts(params.principal().user)) {
                       counts[core::to_string(status)] = n;
                       total += n;
                   }
                   return json_response(beast_http::status::ok,
                                        json{{"counts", counts},
                                             {"total", total},
                                             {"computed_at", core::format_instant(reports.now())}},
                                        req);
               });
}

void add_apology_routes(Router& router, core::ReportService& reports) {
    router.add(Verb::get, "/api/v1/reports/apologies", reporting(), [&reports](const Request& req, const RouteParams& params) {
        auto r = period_request(params);
        if (!r) return error_response(r.error(), req);
        auto page = page_from(params);
        if (!page) return error_response(page.error(), req);
        // The downloads are always the whole report; the JSON pages both lists alike.
        auto report = reports.apologies(r->period, r->who.user, r->table ? core::Page{} : *page);
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
        // The whole report is tens of thousands of items at a province's scale: written as text item by item, like
        // the overdue list, rather than built as a tree of JSON objects first (decision 0046). The same bytes as
        // json_response would send: keys in the same (sorted) order, numbers and strings encoded by the JSON
        // library, invalid UTF-8 replaced (tests/http/report_paging_test.cpp compares the two).
        const auto& c = report->counts;
        std::string body = "{\"computed_at\":";
        append_json_string(body, core::format_instant(reports.now()));
        body += ",\"counts\":{\"broken\":" + std::to_string(c.broken) + ",\"closed\":" + std::to_string(c.closed) +
                ",\"issued\":" + std::to_string(c.issued) + ",\"issued_late\":" + std::to_string(c.issued_late) +
                ",\"kept\":" + std::to_string(c.kept) + ",\"pending\":" + std::to_string(c.pending) +
                ",\"violations\":" + std::to_string(c.violations) + "},\"items\":[";
        body.reserve(body.size() + 256 * (report->apologies.size() + report->violations.size()));
        bool first = true;
        for (const auto& [a, outcome] : report->apologies) {
            body += first ? "{\"agency\":" : ",{\"agency\":";
            first = false;
            append_json_string(body, a.agency);
            body += ",\"code\":";
            append_json_string(body, a.code);
            body += ",\"issued_at\":";
            append_json_string(body, core::format_instant(a.at));
            body += a.late ? ",\"late\":true,\"new_due_at\":" : ",\"late\":false,\"new_due_at\":";
            append_json_string(body, core::format_instant(a.new_due_at));
            body += ",\"original_due_at\":";
            append_json_string(body, core::format_instant(a.original_due_at));
            body += ",\"outcome\":";
            append_json_string(body, core::to_string(outcome));
            body += ",\"reason\":";
            append_json_string(body, a.reason);
            body += '}';
        }
        body += "],\"items_total\":" + std::to_string(c.issued) + ",\"period\":{\"from\":";
        append_json_string(body, core::format_date(report->period.from));
        body += ",\"to\":";
        append_json_string(body, core::format_date(report->period.to));
        body += "},\"rule_version\":";
        append_json_string(body, core::kReportRuleVersion);
        body += ",\"violations\":[";
        first = true;
        for (const auto& v : report->violations) {
            body += first ? "{\"agency\":" : ",{\"agency\":";
            first = false;
            append_json_string(body, v.agency);
            body += ",\"code\":";
            append_json_string(body, v.code);
            body += ",\"original_due_at\":";
            append_json_string(body, core::format_instant(v.original_due_at));
            body += ",\"procedure_code\":";
            append_json_string(body, v.procedure_code);
            if (v.resolved_at) {
                body += ",\"result_ready_at\":";
                append_json_string(body, core::format_instant(*v.resolved_at));
            }
            body += '}';
        }
        body += "],\"violations_total\":" + std::to_string(c.violations) + '}';
        return json_text_response(beast_http::status::ok, std::move(body), req);
    });
}

std::span<const EmbeddedFile> embedded_report_data();

namespace {

core::Result<core::PointRule> point_rule(const json& doc, const char* name, bool required, core::PointRule fallback) {
    auto rule = doc.find(name);
    if (rule == doc.end()) {
        if (required) return core::fail(core::ErrorKind::invalid_argument, std::string(name) + " is required", name,
                                        "missing_field");
        return fallback;
    }
    if (!rule->is_object())
        return core::fail(core::ErrorKind::invalid_argument, std::string(name) + " must be an object", name,
                          "invalid_type");
    // max_points 0: an indicator the portal tracks without points of its own (CLGQ 3.1, 3.3).
    core::PointRule out;
    for (auto [key, target, zero_ok] : {std::tuple{"max_points", &out.max_points, true},
                                        std::tuple{"threshold_percent", &out.threshold_percent, false}}) {
        auto v = rule->find(key);
        if (v == rule->end() || !v->is_number() || v->get<double>() < 0 || (!zero_ok && v->get<double>() == 0) ||
            v->get<double>() > 100)
            return core::fail(core::ErrorKind::invalid_argument,
                              std::string(key) + (zero_ok ? " must be a number in [0, 100]" : " must be a number in (0, 100]"),
                              std::string(name) + "." + key, "invalid_number");
        *target = v->get<double>();
    }
    return out;
}

}  // namespace

core::Result<core::Index766Rules> parse_index766_config(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return core::fail(core::ErrorKind::invalid_argument, "the 766 configuration is not a JSON object", {},
                          "invalid_json");
    core::Index766Rules out;
    auto tdgq = point_rule(doc, "tdgq_2_1", true, out.tdgq_2_1);
    if (!tdgq) return tl::unexpected(tdgq.error());
    out.tdgq_2_1 = *tdgq;
    // Every other indicator's rule may be left out (the built-in default applies).
    for (auto [name, target] : {std::pair{"ckmb_progress", &out.ckmb_progress}, std::pair{"mdhl_5_4", &out.mdhl_5_4},
                                std::pair{"clgq_full_online", &out.clgq_full_online},
                                std::pair{"clgq_3_1", &out.clgq_3_1}, std::pair{"clgq_3_3", &out.clgq_3_3},
                                std::pair{"tttt_3_5", &out.tttt_3_5}, std::pair{"tttt_3_5b", &out.tttt_3_5b},
                                std::pair{"tttt_3_6", &out.tttt_3_6},
                                std::pair{"mdsh_4_1", &out.mdsh_4_1}, std::pair{"mdsh_4_2", &out.mdsh_4_2},
                                std::pair{"mdsh_certified_copies", &out.mdsh_certified_copies},
                                std::pair{"mdsh_4_3", &out.mdsh_4_3}}) {
        auto rule = point_rule(doc, name, false, *target);
        if (!rule) return tl::unexpected(rule.error());
        *target = *rule;
    }
    if (auto p = doc.find("ckmb_progress"); p != doc.end()) {
        if (auto lag = p->find("realtime_lag_minutes"); lag != p->end()) {
            if (!lag->is_number_integer() || lag->get<long long>() < 1 || lag->get<long long>() > 7 * 24 * 60)
                return core::fail(core::ErrorKind::invalid_argument,
                                  "realtime_lag_minutes must be a whole number of minutes from 1 to 10080",
                                  "ckmb_progress.realtime_lag_minutes", "invalid_number");
            out.realtime_lag = std::chrono::minutes(lag->get<long long>());
        }
    }
    return out;
}

core::Index766Rules default_index766_rule() {
    for (const EmbeddedFile& f : embedded_report_data())
        if (f.name == "index766.json") {
            auto rule = parse_index766_config(f.content);
            if (!rule) throw std::logic_error("shipped index766.json: " + rule.error().message);
            return *rule;
        }
    return {};
}

}  // namespace motcua::http
