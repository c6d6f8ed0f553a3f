#include "http/open311_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using nlohmann::json;

// GeoReport v2 errors are a list of {code, description}.
Response open311_error(beast_http::status status, const std::string& description, const Request& req) {
    return json_response(status, json::array({json{{"code", static_cast<int>(status)}, {"description", description}}}),
                         req);
}

json service_json(const core::Procedure& p) {
    return json{{"service_code", p.code},
                {"service_name", p.name},
                {"description", p.field + " — " + p.result_type},
                {"metadata", !p.components.empty()},
                {"type", "batch"},
                {"keywords", p.field},
                {"group", p.field}};
}

}  // namespace

void add_open311_routes(Router& router, core::CatalogueService& catalogue, core::DossierService& dossiers,
                        core::RateLimiter& lookup_limit) {
    router.add(Verb::get, "/open311/v2/discovery.json", Access::anyone(), [](const Request& req, const RouteParams&) {
        return json_response(
            beast_http::status::ok,
            json{{"changeset", "2026-11-26T00:00:00+07:00"},
                 {"contact", "Bộ phận Một cửa"},
                 {"key_service", "Read-only: requests are looked up by dossier code and the key on the receipt"},
                 {"endpoints", json::array({json{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                                 {"url", "/open311/v2"},
                                                 {"changeset", "2026-11-26T00:00:00+07:00"},
                                                 {"type", "production"},
                                                 {"formats", json::array({"application/json"})}}})}},
            req);
    });
    router.add(Verb::get, "/open311/v2/services.json", Access::anyone(), [&catalogue](const Request& req, const RouteParams& params) {
        json out = json::array();
        for (const auto& p : catalogue.procedures({"", "", params.query("agency").value_or("")}))
            out.push_back(service_json(p));
        return json_response(beast_http::status::ok, out, req);
    });
    router.add(Verb::get, "/open311/v2/services/{code}.json", Access::anyone(), [&catalogue](const Request& req, const RouteParams& params) {
        auto p = catalogue.procedure(params.path("code"));
        if (!p) return open311_error(beast_http::status::not_found, "no such service", req);
        json attributes = json::array();
        int order = 1;
        for (const auto& c : p->components)
            attributes.push_back(json{{"variable", false},
                                      {"code", c.id},
                                      {"datatype", "string"},
                                      {"required", c.required},
                                      {"datatype_description", "Bản chính: " + std::to_string(c.originals) +
                                                                    ", bản sao: " + std::to_string(c.copies) +
                                                                    ", bản sao chứng thực: " +
                                                                    std::to_string(c.certified_copies)},
                                      {"order", order++},
                                      {"description", c.name}});
        return json_response(beast_http::status::ok, json{{"service_code", p->code}, {"attributes", attributes}}, req);
    });
    router.add(Verb::get, "/open311/v2/requests/{code}.json", Access::anyone().limited(lookup_limit),
               [&dossiers](const Request& req, const RouteParams& params) {
                   // Kept ready-made by the database with the lookup's view (schema 0013, decision 0026: status
                   // notes, event summaries, open/closed); only the agency's current name is added here, as
                   // "agency_responsible", the first key in the order nlohmann writes.
                   auto r = dossiers.lookup_public(params.path("code"), params.query("key").value_or(""),
                                                          core::PublicForm::open311);
                   if (!r) return open311_error(beast_http::status::not_found, "no request with that id and key", req);
                   std::string body = "[{\"agency_responsible\":";
                   body += json(r->agency_name).dump(-1, ' ', false, json::error_handler_t::replace);
                   body += ',';
                   body.append(r->document, 1);  // the stored object without its '{'
                   body += ']';
                   return json_text_response(beast_http::status::ok, std::move(body), req);
               });
}

}  // namespace motcua::http
