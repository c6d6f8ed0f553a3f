#include "http/attachment_routes.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

constexpr const char* kUploadPattern = "/api/v1/dossiers/{code}/components/{component_id}/files";
constexpr const char* kResultPattern = "/api/v1/dossiers/{code}/result-document";

Access clerks() { return Access::staff({Role::clerk, Role::officer, Role::agency_head, Role::admin}); }

json to_json(const core::Attachment& a) {
    json out{{"id", a.id},
             {"dossier_code", a.dossier_code},
             {"component_id", a.component_id.empty() ? json(nullptr) : json(a.component_id)},
             {"file_name", a.file_name},
             {"content_type", a.content_type},
             {"size", a.size},
             {"sha256", a.sha256},
             {"attached_at", core::format_instant(a.attached_at)},
             {"attached_by", a.attached_by},
             {"reused_by", a.reused_by}};
    if (a.reused_from) out["reused_from"] = json{{"attachment_id", *a.reused_from}, {"dossier_code", a.reused_from_dossier}};
    else out["reused_from"] = nullptr;
    return out;
}

json to_json(const core::ComponentMark& m) {
    return json{{"component_id", m.component_id},     {"digitised", m.digitised},
                {"certified_copy", m.certified_copy}, {"reused", m.reused},
                {"marked_at", core::format_instant(m.marked_at)}, {"marked_by", m.marked_by}};
}

json to_json(const core::ElectronicResult& r, bool staff) {
    json out{{"number", r.number},
             {"issued_on", core::format_date(r.issued_on)},
             {"signer", r.signer},
             {"issuing_body", r.issuing_body}};
    if (staff) {
        out["attachment_id"] = r.attachment_id;
        out["recorded_at"] = core::format_instant(r.recorded_at);
        out["recorded_by"] = r.recorded_by;
    }
    return out;
}

// RFC 6266/8187: an ASCII fallback name and the UTF-8 name percent-encoded.
std::string content_disposition(const std::string& name) {
    std::string ascii;
    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                           c == '.' || c == '-' || c == '_';
        ascii += (u >= 0x20 && u < 0x7f && c != '"' && c != '\\' && c != ';') ? c : '_';
        if (plain) encoded += c;
        else {
            encoded += '%';
            encoded += kHex[u >> 4];
            encoded += kHex[u & 0x0F];
        }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

Response file_response(const core::FileContent& file, const Request& req) {
    Response res{beast_http::status::ok, req.version()};
    res.set(beast_http::field::content_type, file.attachment.content_type);
    res.set(beast_http::field::content_disposition, content_disposition(file.attachment.file_name));
    res.set(beast_http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    res.body() = file.bytes;
    res.prepare_payload();
    return res;
}

core::Result<std::int64_t> id_param(const std::string& text, const char* field) {
    std::int64_t id = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), id).ptr != text.data() + text.size() || id < 1)
        return core::fail(core::ErrorKind::invalid_argument, std::string(field) + " must be a positive whole number",
                          field, "invalid_id");
    return id;
}

}  // namespace

std::vector<UploadRoute> attachment_upload_routes(std::size_t max_file_bytes) {
    return {UploadRoute{Verb::post, kUploadPattern, max_file_bytes},
            UploadRoute{Verb::post, kResultPattern, max_file_bytes}};
}

void add_attachment_routes(Router& router, core::AttachmentService& attachments, core::RateLimiter& lookup_limit) {
    // Upload: the file is the raw body (any Content-Type; the type is sniffed from the content), its name in ?name=.
    router.add(Verb::post, kUploadPattern, clerks(), [&attachments](const Request& req, const RouteParams& params) {
        const std::string name = params.query("name").value_or("");
        auto a = attachments.attach_as(params.path("code"), params.path("component_id"),
                                       core::Upload{req.body(), name}, params.principal().user);
        if (!a) return error_response(a.error(), req);
        return json_response(beast_http::status::created, to_json(*a), req);
    });

    router.add(Verb::get, "/api/v1/dossiers/{code}/files", Access::staff(),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto f = attachments.files(params.path("code"), params.principal().user);
                   if (!f) return error_response(f.error(), req);
                   json items = json::array();
                   for (const auto& a : f->attachments) items.push_back(to_json(a));
                   json marks = json::array();
                   for (const auto& m : f->marks) marks.push_back(to_json(m));
                   return json_response(beast_http::status::ok,
                                        json{{"dossier_code", f->dossier_code},
                                             {"attachments", items},
                                             {"components", marks},
                                             {"result", f->result ? to_json(*f->result, true) : json(nullptr)}},
                                        req);
               });

    router.add(Verb::get, "/api/v1/dossiers/{code}/files/{id}", Access::staff(),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto id = id_param(params.path("id"), "id");
                   if (!id) return error_response(id.error(), req);
                   auto f = attachments.download(params.path("code"), *id, params.principal().user);
                   if (!f) return error_response(f.error(), req);
                   return file_response(*f, req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/components/{component_id}/digitisation", clerks(),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   const JsonObject o(*body, "");
                   core::Error e;
                   auto digitised = o.boolean("digitised", false);
                   auto certified = o.boolean("certified_copy", false);
                   if (failed(digitised, e) || failed(certified, e)) return error_response(e, req);
                   auto m = attachments.mark(params.path("code"), params.path("component_id"), *digitised,
                                             *certified, params.principal().user);
                   if (!m) return error_response(m.error(), req);
                   return json_response(beast_http::status::ok, to_json(*m), req);
               });

    router.add(Verb::get, "/api/v1/dossiers/{code}/reusable", clerks(),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto list = attachments.reusable(params.path("code"), params.principal().user);
                   if (!list) return error_response(list.error(), req);
                   json items = json::array();
                   for (const auto& c : *list) {
                       json item = to_json(c.attachment);
                       item["procedure_code"] = c.procedure_code;
                       item["received_at"] = core::format_instant(c.received_at);
                       items.push_back(item);
                   }
                   return json_response(beast_http::status::ok, json{{"items", items}}, req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/components/{component_id}/reuse", clerks(),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   const JsonObject o(*body, "");
                   core::Error e;
                   auto source = o.integer("attachment_id", 0, 0, INT64_MAX);
                   if (failed(source, e)) return error_response(e, req);
                   auto a = attachments.reuse(params.path("code"), params.path("component_id"), *source,
                                              params.principal().user);
                   if (!a) return error_response(a.error(), req);
                   return json_response(beast_http::status::created, to_json(*a), req);
               });

    // The electronic result: the document's particulars in the query, its file as the raw body.
    router.add(Verb::post, kResultPattern, clerks(), [&attachments](const Request& req, const RouteParams& params) {
        core::ResultDocument doc;
        doc.number = params.query("number").value_or("");
        doc.signer = params.query("signer").value_or("");
        doc.issuing_body = params.query("issuing_body").value_or("");
        if (auto issued = params.query("issued_on"); issued && !issued->empty()) {
            auto d = core::parse_date(*issued, "issued_on");
            if (!d) return error_response(d.error(), req);
            doc.issued_on = *d;
        }
        const std::string name = params.query("name").value_or("");
        auto r = attachments.record_result(params.path("code"), doc, core::Upload{req.body(), name},
                                           params.principal().user);
        if (!r) return error_response(r.error(), req);
        return json_response(beast_http::status::created, to_json(*r, true), req);
    });

    // The citizen's electronic result: the particulars, and the file itself. Every failure answers like the lookup.
    router.add(Verb::get, "/api/v1/public/dossiers/{code}/result", Access::anyone().limited(lookup_limit),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto r = attachments.public_result_info(params.path("code"), params.query("key").value_or(""));
                   if (!r) return error_response(r.error(), req);
                   return json_response(beast_http::status::ok, to_json(*r, false), req);
               });
    router.add(Verb::get, "/api/v1/public/dossiers/{code}/result/file", Access::anyone().limited(lookup_limit),
               [&attachments](const Request& req, const RouteParams& params) {
                   auto f = attachments.public_result(params.path("code"), params.query("key").value_or(""));
                   if (!f) return error_response(f.error(), req);
                   return file_response(*f, req);
               });
}

}  // namespace motcua::http
