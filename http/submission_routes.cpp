#include "http/submission_routes.hpp"

#include <charconv>

#include "http/dossier_json.hpp"
#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

// Who prepares dossiers for others: volunteers, and staff serving people at home.
Access helpers() {
    return Access::staff({Role::volunteer, Role::clerk, Role::officer, Role::agency_head, Role::admin});
}

// What the citizen (or their helper) needs to follow the dossier: the code and the key, and the status.
json submitted_json(const core::Dossier& d) {
    return json{{"code", d.code},
                {"lookup_key", d.lookup_key},
                {"status", core::to_string(d.status)},
                {"status_code", core::status_code(d.status)},
                {"service_mode", core::to_string(d.service_mode)},
                {"submitted_at", core::format_instant(d.submitted_at.value_or(d.received_at))}};
}

Response submit(core::DossierService& dossiers, const Request& req, const core::User* helper) {
    if (req.body().size() > kSubmissionBodyLimit)
        return error_response(core::Error{core::ErrorKind::invalid_argument, "payload_too_large",
                                          "a submission is at most " + std::to_string(kSubmissionBodyLimit) +
                                              " bytes; attach files separately",
                                          {}},
                              req);
    auto body = parse_object(req.body());
    if (!body) return error_response(body.error(), req);
    auto request = parse_submission(*body);
    if (!request) return error_response(request.error(), req);
    auto d = dossiers.submit_online(*request, helper);
    if (!d) return error_response(d.error(), req);
    return json_response(beast_http::status::created, submitted_json(*d), req);
}

core::Result<int> page_of(const RouteParams& params) {
    const auto text = params.query("page");
    if (!text) return 1;
    int page = 0;
    if (std::from_chars(text->data(), text->data() + text->size(), page).ptr != text->data() + text->size() ||
        page < 1 || page > 100000)
        return core::fail(core::ErrorKind::invalid_argument, "page must be a whole number from 1", "page",
                          "invalid_page");
    return page;
}

constexpr const char* kPublicUploadPattern = "/api/v1/public/submissions/{code}/components/{component_id}/files";

}  // namespace

UploadRoute submission_upload_route(std::size_t max_file_bytes) {
    return UploadRoute{Verb::post, kPublicUploadPattern, max_file_bytes};
}

void add_submission_routes(Router& router, core::DossierService& dossiers, core::AttachmentService& attachments,
                           core::RateLimiter& submit_limit) {
    // The citizen (or their helper) attaches the scans of a submission with its key, until a clerk receives it.
    router.add(Verb::post, kPublicUploadPattern, Access::anyone().limited(submit_limit),
               [&dossiers, &attachments](const Request& req, const RouteParams& params) {
                   auto d = dossiers.lookup(params.path("code"), params.query("key").value_or(""));
                   if (!d) return error_response(d.error(), req);
                   if (core::is_received(*d) || core::is_terminal(d->status))
                       return error_response(
                           core::Error{core::ErrorKind::failed_precondition, "not_awaiting_files",
                                       "files are attached online until a clerk receives the submission", {}},
                           req);
                   const std::string name = params.query("name").value_or("");
                   auto a = attachments.attach(d->code, params.path("component_id"), core::Upload{req.body(), name},
                                               "citizen");
                   if (!a) return error_response(a.error(), req);
                   return json_response(beast_http::status::created,
                                        json{{"id", a->id},
                                             {"component_id", a->component_id},
                                             {"file_name", a->file_name},
                                             {"content_type", a->content_type},
                                             {"size", a->size},
                                             {"sha256", a->sha256}},
                                        req);
               });

    router.add(Verb::post, "/api/v1/public/submissions", Access::anyone().limited(submit_limit),
               [&dossiers](const Request& req, const RouteParams&) { return submit(dossiers, req, nullptr); });

    router.add(Verb::post, "/api/v1/submissions", helpers(), [&dossiers](const Request& req, const RouteParams& params) {
        return submit(dossiers, req, &params.principal().user);
    });

    router.add(Verb::get, "/api/v1/submissions", helpers(), [&dossiers](const Request& req, const RouteParams& params) {
        auto page = page_of(params);
        if (!page) return error_response(page.error(), req);
        core::DossierFilter filter;
        filter.prepared_by = params.principal().user.username;
        filter.page = *page;
        auto found = dossiers.list(filter, params.principal().user);
        if (!found) return error_response(found.error(), req);
        json items = json::array();
        for (const auto& d : found->items) items.push_back(to_staff_json(d, false));
        return json_response(beast_http::status::ok,
                             json{{"items", items}, {"total", found->total}, {"page", filter.page},
                                  {"page_size", filter.page_size}},
                             req);
    });

    router.add(Verb::get, "/api/v1/submissions/{code}", helpers(),
               [&dossiers](const Request& req, const RouteParams& params) {
                   const auto& user = params.principal().user;
                   auto d = dossiers.open_record(params.path("code"), user);
                   // Staff see their scope through /dossiers/{code}; here only what the caller prepared.
                   if (d && d->prepared_by != user.username)
                       d = core::fail(core::ErrorKind::not_found, "you did not prepare a dossier with that code", {},
                                      "dossier_not_found");
                   if (!d) return error_response(d.error(), req);
                   return json_response(beast_http::status::ok, to_staff_json(*d), req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/intake", Access::staff({Role::clerk, Role::agency_head, Role::admin}),
               [&dossiers](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto decision = parse_submission_decision(*body);
                   if (!decision) return error_response(decision.error(), req);
                   auto d = dossiers.decide_submission(params.path("code"), *decision, params.principal().user);
                   if (!d) return error_response(d.error(), req);
                   return json_response(beast_http::status::created, to_staff_json(*d), req);
               });
}

}  // namespace motcua::http
