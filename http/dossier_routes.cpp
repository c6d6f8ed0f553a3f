#include "http/dossier_routes.hpp"

#include <charconv>

#include "http/catalogue_json.hpp"
#include "http/dossier_json.hpp"
#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

core::Result<int> page_param(const RouteParams& params) {
    const auto text = params.query("page");
    if (!text) return 1;
    int page = 0;
    if (std::from_chars(text->data(), text->data() + text->size(), page).ptr != text->data() + text->size() ||
        page < 1 || page > 100000)
        return core::fail(core::ErrorKind::invalid_argument, "page must be a whole number from 1", "page",
                          "invalid_page");
    return page;
}

core::Result<core::DossierFilter> filter_from(const RouteParams& params) {
    core::DossierFilter f;
    if (auto agency = params.query("agency"); agency && !agency->empty()) f.agencies.push_back(*agency);
    if (auto status = params.query("status"); status && !status->empty()) {
        auto s = core::parse_status(*status, "status");
        if (!s) return tl::unexpected(s.error());
        f.status = *s;
    }
    if (auto due = params.query("due_before"); due && !due->empty()) {
        auto t = due->size() == 10 ? core::parse_date(*due, "due_before").map([](core::Date d) {
            return core::to_utc(core::at(d, core::hm(0, 0)));
        })
                                   : core::parse_instant(*due, "due_before");
        if (!t) return tl::unexpected(t.error());
        f.due_before = *t;
    }
    if (auto overdue = params.query("overdue")) {
        if (*overdue != "true" && *overdue != "false")
            return core::fail(core::ErrorKind::invalid_argument, "overdue must be true or false", "overdue",
                              "invalid_type");
        f.overdue_only = *overdue == "true";
    }
    auto page = page_param(params);
    if (!page) return tl::unexpected(page.error());
    f.page = *page;
    return f;
}

// The intake's result as integrations read it: "received", "supplement_requested" (form 02) or "refused" (form 03).
const char* outcome_name(core::IntakeDecision decision) {
    switch (decision) {
        case core::IntakeDecision::receive: return "received";
        case core::IntakeDecision::request_supplement: return "supplement_requested";
        case core::IntakeDecision::refuse: return "refused";
    }
    return "received";
}

}  // namespace

void add_catalogue_routes(Router& router, core::CatalogueService& catalogue) {
    router.add(Verb::get, "/api/v1/agencies", Access::anyone(), [&catalogue](const Request& req, const RouteParams&) {
        json out = json::array();
        for (const auto& a : catalogue.agencies()) out.push_back(to_json(a));
        return json_response(beast_http::status::ok, out, req);
    });
    router.add(Verb::get, "/api/v1/procedures", Access::anyone(), [&catalogue](const Request& req, const RouteParams& params) {
        const core::ProcedureQuery q{params.query("q").value_or(""), params.query("field").value_or(""),
                                     params.query("agency").value_or("")};
        json out = json::array();
        for (const auto& p : catalogue.procedures(q)) out.push_back(to_summary_json(p));
        return json_response(beast_http::status::ok, out, req);
    });
    router.add(Verb::get, "/api/v1/procedures/{code}", Access::anyone(), [&catalogue](const Request& req, const RouteParams& params) {
        auto p = catalogue.procedure(params.path("code"));
        if (!p) return error_response(p.error(), req);
        return json_response(beast_http::status::ok, to_json(*p), req);
    });
}

void add_dossier_routes(Router& router, core::DossierService& dossiers,
                        core::RateLimiter& lookup_limit) {
    // Staged (decision 0044): decoded on the server thread, written on the group-commit writer, answered back on
    // the server thread.
    router.add(Verb::post, "/api/v1/intakes", Access::staff({Role::clerk, Role::agency_head, Role::admin}),
               make_staged<core::IntakeRequest, core::Result<core::IntakeOutcome>>(
                   [&dossiers](const Request& req, const RouteParams&) -> std::variant<Response, core::IntakeRequest> {
                       auto body = parse_object(req.body());
                       if (!body) return error_response(body.error(), req);
                       auto request = parse_intake(*body);
                       if (!request) return error_response(request.error(), req);
                       dossiers.prepare_intake(*request);  // the lookup key, drawn here, not on the writer
                       return std::move(*request);
                   },
                   [&dossiers](const core::IntakeRequest& request, const RouteParams& params) {
                       return dossiers.intake(request, params.principal().user);
                   },
                   [](const core::Result<core::IntakeOutcome>& outcome, const Request& req) {
        if (!outcome) return error_response(outcome.error(), req);
        json out{{"outcome", outcome_name(outcome->decision)}};
        if (outcome->dossier) {
            out["dossier"] = to_staff_json(*outcome->dossier);
            std::int64_t fees_due = 0;  // what the fee lines ask after exemptions (GET .../fees has the lines)
            for (const auto& line : outcome->dossier->fees) fees_due += line.due();
            out["fees_due"] = fees_due;
        } else {
            out["record_id"] = outcome->record_id;
        }
        return json_response(beast_http::status::created, out, req);
    }));

    router.add(Verb::get, "/api/v1/dossiers", Access::staff(), [&dossiers](const Request& req, const RouteParams& params) {
        auto filter = filter_from(params);
        if (!filter) return error_response(filter.error(), req);
        auto page = dossiers.list(*filter, params.principal().user);
        if (!page) return error_response(page.error(), req);
        json items = json::array();
        for (const auto& d : page->items) items.push_back(to_staff_json(d, false));
        return json_response(beast_http::status::ok,
                             json{{"items", items},
                                  {"total", page->total},
                                  {"page", filter->page},
                                  {"page_size", filter->page_size}},
                             req);
    });

    router.add(Verb::get, "/api/v1/dossiers/{code}", Access::staff(),
               [&dossiers](const Request& req, const RouteParams& params) {
        auto d = dossiers.open_record(params.path("code"), params.principal().user);
        if (!d) return error_response(d.error(), req);
        return json_response(beast_http::status::ok, to_staff_json(*d), req);
    });

    router.add(Verb::post, "/api/v1/dossiers/{code}/events",
               Access::staff({Role::clerk, Role::officer, Role::agency_head, Role::admin}),
               [&dossiers](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto command = parse_event(*body);
                   if (!command) return error_response(command.error(), req);
                   auto d = dossiers.record_event(params.path("code"), *command, params.principal().user);
                   if (!d) return error_response(d.error(), req);
                   return json_response(beast_http::status::created, to_staff_json(*d), req);
               });

    router.add(Verb::get, "/api/v1/public/dossiers/{code}", Access::anyone().limited(lookup_limit),
               [&dossiers](const Request& req, const RouteParams& params) {
                   // The citizen's view as the database keeps it (decision 0026): sent as stored, equal to
                   // to_public_json of the dossier (tests/http/public_view_test.cpp).
                   auto r = dossiers.lookup_public(params.path("code"), params.query("key").value_or(""),
                                                          core::PublicForm::citizen_view);
                   if (!r) return error_response(r.error(), req);
                   return json_text_response(beast_http::status::ok, std::move(r->document), req);
               });
}

}  // namespace motcua::http
