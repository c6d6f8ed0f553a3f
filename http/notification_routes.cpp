#include "http/notification_routes.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "http/error_response.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

json entry_json(const core::OutboxEntry& e) {
    const auto text = core::render(e);
    json out{{"id", e.id},
             {"dossier_code", e.dossier_code},
             {"event_seq", e.event_seq},
             {"kind", core::to_string(e.message.kind)},
             {"medium", core::to_string(e.message.medium)},
             {"recipient", e.message.recipient},
             {"status", core::to_string(e.status)},
             {"attempts", e.attempts},
             {"created_at", core::format_instant(e.created_at)},
             {"next_attempt_at", core::format_instant(e.next_attempt_at)},
             {"channel", e.channel},
             {"last_result", e.last_result},
             {"subject", text.subject},
             {"body", text.body}};
    if (e.sent_at) out["sent_at"] = core::format_instant(*e.sent_at);
    return out;
}

json items_json(const std::vector<core::OutboxEntry>& entries) {
    json items = json::array();
    for (const auto& e : entries) items.push_back(entry_json(e));
    return items;
}

core::Result<int> whole(std::string_view text, int lo, int hi, const char* field) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi)
        return core::fail(core::ErrorKind::invalid_argument,
                          std::string(field) + " must be a whole number from " + std::to_string(lo) + " to " +
                              std::to_string(hi),
                          field, "invalid_number");
    return value;
}

}  // namespace

void add_notification_routes(Router& router, core::NotificationService& notifications, bool email_channel,
                             bool sms_channel) {
    router.add(Verb::get, "/api/v1/dossiers/{code}/notifications", Access::staff(),
               [&notifications](const Request& req, const RouteParams& params) {
                   auto entries = notifications.for_dossier(params.path("code"), params.principal().user);
                   if (!entries) return error_response(entries.error(), req);
                   return json_response(beast_http::status::ok, json{{"items", items_json(*entries)}}, req);
               });

    router.add(Verb::get, "/api/v1/notifications", Access::staff(),
               [&notifications, email_channel, sms_channel](const Request& req, const RouteParams& params) {
                   std::optional<core::OutboxStatus> status;
                   if (auto s = params.query("status"); s && !s->empty()) {
                       auto parsed = core::parse_outbox_status(*s, "status");
                       if (!parsed) return error_response(parsed.error(), req);
                       status = *parsed;
                   }
                   int limit = 100;
                   if (auto l = params.query("limit")) {
                       auto parsed = whole(*l, 1, 1000, "limit");
                       if (!parsed) return error_response(parsed.error(), req);
                       limit = *parsed;
                   }
                   auto entries = notifications.list(params.principal().user, params.query("agency").value_or(""),
                                                     status, limit);
                   if (!entries) return error_response(entries.error(), req);
                   return json_response(beast_http::status::ok,
                                        json{{"items", items_json(*entries)},
                                             {"channels", {{"email", email_channel}, {"sms", sms_channel}}}},
                                        req);
               });

    router.add(Verb::post, "/api/v1/notifications/{id}/retry",
               Access::staff({Role::clerk, Role::agency_head, Role::admin}),
               [&notifications](const Request& req, const RouteParams& params) {
                   auto id = whole(params.path("id"), 1, std::numeric_limits<int>::max(), "id");
                   if (!id) return error_response(id.error(), req);
                   auto entry = notifications.requeue(*id, params.principal().user);
                   if (!entry) return error_response(entry.error(), req);
                   return json_response(beast_http::status::ok, entry_json(*entry), req);
               });
}

}  // namespace motcua::http
