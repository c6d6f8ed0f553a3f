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

// Closed means finished for good: a result returned, or the dossier withdrawn, stopped or refused. A result that is
// ready but not collected is still open (peers.md §4: "closed" must mean a result was delivered).
bool is_closed(core::DossierStatus s) {
    return s == core::DossierStatus::returned || s == core::DossierStatus::withdrawn ||
           s == core::DossierStatus::stopped || s == core::DossierStatus::refused;
}

const char* status_note(core::DossierStatus s) {
    switch (s) {
        case core::DossierStatus::submitted_online: return "Hồ sơ nộp trực tuyến, chờ tiếp nhận";
        case core::DossierStatus::received: return "Đã tiếp nhận hồ sơ";
        case core::DossierStatus::refused: return "Không được tiếp nhận";
        case core::DossierStatus::processing: return "Đang giải quyết";
        case core::DossierStatus::supplement_requested: return "Cần bổ sung hồ sơ: xem danh sách giấy tờ cần bổ sung";
        case core::DossierStatus::financial_obligation: return "Chờ thực hiện nghĩa vụ tài chính";
        case core::DossierStatus::withdrawn: return "Công dân đã rút hồ sơ";
        case core::DossierStatus::stopped: return "Dừng giải quyết";
        case core::DossierStatus::result_ready: return "Đã có kết quả, mời đến nhận";
        case core::DossierStatus::returned: return "Đã trả kết quả";
    }
    return "";
}

const char* event_summary(core::EventType t) {
    switch (t) {
        case core::EventType::receive: return "Tiếp nhận hồ sơ";
        case core::EventType::handover: return "Chuyển bước xử lý";
        case core::EventType::consult: return "Lấy ý kiến cơ quan phối hợp";
        case core::EventType::request_supplement: return "Yêu cầu bổ sung hồ sơ";
        case core::EventType::supplement_received: return "Đã nhận hồ sơ bổ sung";
        case core::EventType::supplement_expired: return "Hết hạn bổ sung hồ sơ";
        case core::EventType::pause: return "Tạm dừng chờ nghĩa vụ tài chính";
        case core::EventType::resume: return "Tiếp tục giải quyết";
        case core::EventType::apologize: return "Xin lỗi và hẹn lại ngày trả kết quả";
        case core::EventType::result_ready: return "Đã có kết quả";
        case core::EventType::return_result: return "Đã trả kết quả";
        case core::EventType::withdraw: return "Rút hồ sơ";
        case core::EventType::stop: return "Dừng giải quyết";
        case core::EventType::retime: return "Tính lại hạn theo lịch nghỉ mới";
        case core::EventType::submit: return "Nộp hồ sơ trực tuyến";
        case core::EventType::request_supplement_at_intake: return "Yêu cầu bổ sung hồ sơ trước khi tiếp nhận";
        case core::EventType::refuse: return "Từ chối tiếp nhận hồ sơ";
    }
    return "";
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
               [&catalogue, &dossiers](const Request& req, const RouteParams& params) {
                   auto d = dossiers.lookup(params.path("code"), params.query("key").value_or(""));
                   if (!d) return open311_error(beast_http::status::not_found, "no request with that id and key", req);
                   auto p = catalogue.procedure(d->procedure_code, d->procedure_version);
                   std::string agency_name = d->resolving_agency;
                   for (const auto& a : catalogue.agencies())
                       if (a.code == d->resolving_agency) agency_name = a.name;
                   json notes = json::array();
                   for (const auto& e : d->timeline)
                       notes.push_back(json{{"type", core::to_string(e.type)},
                                            {"datetime", core::format_instant(e.at)},
                                            {"summary", event_summary(e.type)}});
                   json request{{"service_request_id", d->code},
                                {"status", is_closed(d->status) ? "closed" : "open"},
                                {"status_notes", status_note(d->status)},
                                {"service_name", p ? p->name : std::string()},
                                {"service_code", d->procedure_code},
                                {"agency_responsible", agency_name},
                                {"requested_datetime", core::format_instant(d->received_at)},
                                {"updated_datetime", core::format_instant(d->timeline.back().at)},
                                {"expected_datetime", core::format_instant(d->due_at)},
                                {"notes", notes}};
                   return json_response(beast_http::status::ok, json::array({request}), req);
               });
}

}  // namespace motcua::http
