#include "http/payment_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"
#include "http/log.hpp"

namespace motcua::http {
namespace {

using core::Role;
using nlohmann::json;

json line_json(const core::FeeLine& l, bool staff) {
    json out{{"id", l.id},
             {"kind", core::to_string(l.kind)},
             {"name", l.name},
             {"amount", l.amount},
             {"exempted", l.exempted},
             {"due", l.due()},
             {"exemption", l.exemption},
             {"raised_at", core::format_instant(l.raised_at)}};
    if (staff) out["raised_by"] = l.raised_by;
    return out;
}

json payment_json(const core::Payment& p, bool staff) {
    json out{{"id", p.id},
             {"method", core::to_string(p.method)},
             {"amount", p.amount},
             {"at", core::format_instant(p.at)},
             {"receipt_no", p.receipt_no},
             {"reversed", p.reversed_by.has_value()}};
    if (p.reverses) out["reverses"] = *p.reverses;
    if (staff) {
        out["reference"] = p.reference;
        out["gateway"] = p.gateway;
        out["recorded_by"] = p.recorded_by;
        out["recorded_at"] = core::format_instant(p.recorded_at);
        out["note"] = p.note;
        if (p.reversed_by) out["reversed_by"] = *p.reversed_by;
    }
    return out;
}

json account_json(const core::FeeAccount& a, bool staff, bool online) {
    json lines = json::array();
    for (const auto& l : a.lines) lines.push_back(line_json(l, staff));
    json payments = json::array();
    for (const auto& p : a.payments) payments.push_back(payment_json(p, staff));
    return json{{"dossier_code", a.dossier_code},
                {"currency", "VND"},
                {"lines", lines},
                {"payments", payments},
                {"listed", a.listed()},
                {"exempted", a.exempted()},
                {"due", a.due()},
                {"paid", a.paid()},
                {"outstanding", a.outstanding()},
                {"online_payment", online}};
}

core::Result<core::PaymentCommand> parse_payment(const json& body) {
    const JsonObject root(body, "");
    core::Error e;
    auto method = root.string("method", true, 16);
    auto amount = root.integer("amount", 0, 1, core::kMaxFeeAmount);
    auto at = root.instant("at");
    auto reference = root.string("reference", false, 128);
    auto note = root.string("note", false, 1000);
    if (failed(method, e) || failed(amount, e) || failed(at, e) || failed(reference, e) || failed(note, e))
        return tl::unexpected(e);
    auto m = core::parse_payment_method(*method, "method");
    if (!m) return tl::unexpected(m.error());
    if (!root.has("amount"))
        return core::fail(core::ErrorKind::invalid_argument, "amount is required", "amount", "missing_field");
    return core::PaymentCommand{*m, *amount, *at, *reference, *note};
}

core::Result<core::ObligationCommand> parse_obligation(const json& body) {
    const JsonObject root(body, "");
    core::Error e;
    auto reason = root.string("reason", true, 4000);
    auto at = root.instant("at");
    auto lines = root.objects("lines", true, 50);
    if (failed(reason, e) || failed(at, e) || failed(lines, e)) return tl::unexpected(e);
    core::ObligationCommand c{*reason, {}, *at};
    for (const JsonObject& l : *lines) {
        auto name = l.string("name", true, 300);
        auto amount = l.integer("amount", 0, 1, core::kMaxFeeAmount);
        if (failed(name, e) || failed(amount, e)) return tl::unexpected(e);
        if (!l.has("amount"))
            return core::fail(core::ErrorKind::invalid_argument, "amount is required", l.field("amount"),
                              "missing_field");
        core::FeeLine line;
        line.name = *name;
        line.amount = *amount;
        c.lines.push_back(std::move(line));
    }
    return c;
}

std::string header(const Request& req, std::string_view name) {
    auto it = req.find(name);
    return it == req.end() ? std::string() : std::string(it->value());
}

}  // namespace

void add_payment_routes(Router& router, core::PaymentService& payments, const core::FeeExemptions& exemptions,
                        core::RateLimiter& lookup_limit) {
    router.add(Verb::get, "/api/v1/fee-groups", Access::staff(), [&exemptions](const Request& req, const RouteParams&) {
        json groups = json::array();
        for (const auto& g : exemptions.groups)
            groups.push_back(json{{"id", g.id},
                                  {"name", g.name},
                                  {"basis", g.basis},
                                  {"percent", g.percent},
                                  {"all_procedures", g.all_procedures},
                                  {"fields", g.fields},
                                  {"procedures", g.procedures}});
        return json_response(beast_http::status::ok, json{{"groups", groups}}, req);
    });

    router.add(Verb::get, "/api/v1/dossiers/{code}/fees", Access::staff(),
               [&payments](const Request& req, const RouteParams& params) {
                   auto a = payments.account(params.path("code"), params.principal().user);
                   if (!a) return error_response(a.error(), req);
                   return json_response(beast_http::status::ok, account_json(*a, true, payments.online_enabled()),
                                        req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/payments", Access::staff({Role::clerk, Role::agency_head, Role::admin}),
               [&payments](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto command = parse_payment(*body);
                   if (!command) return error_response(command.error(), req);
                   auto out = payments.record_payment(params.path("code"), *command, params.principal().user);
                   if (!out) return error_response(out.error(), req);
                   json answer{{"payment", payment_json(out->payment, true)},
                               {"account", account_json(out->account, true, payments.online_enabled())},
                               {"resumed", out->resumed.has_value()}};
                   if (out->resumed) {
                       answer["status"] = core::to_string(out->resumed->status);
                       answer["due_at"] = core::format_instant(out->resumed->due_at);
                   }
                   return json_response(beast_http::status::created, answer, req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/payments/{id}/reversal",
               Access::staff({Role::clerk, Role::agency_head, Role::admin}),
               [&payments](const Request& req, const RouteParams& params) {
                   const std::string& id_text = params.path("id");
                   std::int64_t id = 0;
                   if (id_text.size() > 18 || id_text.find_first_not_of("0123456789") != std::string::npos)
                       return error_response(core::Error{core::ErrorKind::not_found, "payment_not_found",
                                                         "no payment " + id_text + " on this dossier", {}},
                                             req);
                   id = std::stoll(id_text);
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto reason = JsonObject(*body, "").string("reason", true, 4000);
                   if (!reason) return error_response(reason.error(), req);
                   auto r = payments.reverse_payment(params.path("code"), id, *reason, params.principal().user);
                   if (!r) return error_response(r.error(), req);
                   return json_response(beast_http::status::created, json{{"reversal", payment_json(*r, true)}}, req);
               });

    router.add(Verb::post, "/api/v1/dossiers/{code}/obligations",
               Access::staff({Role::clerk, Role::officer, Role::agency_head, Role::admin}),
               [&payments](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto command = parse_obligation(*body);
                   if (!command) return error_response(command.error(), req);
                   auto d = payments.raise_obligation(params.path("code"), *command, params.principal().user);
                   if (!d) return error_response(d.error(), req);
                   auto account = payments.account(d->code, params.principal().user);
                   if (!account) return error_response(account.error(), req);
                   return json_response(beast_http::status::created,
                                        json{{"code", d->code},
                                             {"status", core::to_string(d->status)},
                                             {"status_code", core::status_code(d->status)},
                                             {"account", account_json(*account, true, payments.online_enabled())}},
                                        req);
               });

    router.add(Verb::get, "/api/v1/public/dossiers/{code}/fees", Access::anyone().limited(lookup_limit),
               [&payments](const Request& req, const RouteParams& params) {
                   auto a = payments.public_account(params.path("code"), params.query("key").value_or(""));
                   if (!a) return error_response(a.error(), req);
                   return json_response(beast_http::status::ok, account_json(*a, false, payments.online_enabled()),
                                        req);
               });

    router.add(Verb::post, "/api/v1/public/dossiers/{code}/payment-requests", Access::anyone().limited(lookup_limit),
               [&payments](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto key = JsonObject(*body, "").string("key", true, 64);
                   if (!key) return error_response(key.error(), req);
                   auto checkout = payments.start_online_payment(params.path("code"), *key);
                   if (!checkout) return error_response(checkout.error(), req);
                   return json_response(beast_http::status::created,
                                        json{{"reference", checkout->request.reference},
                                             {"amount", checkout->request.amount},
                                             {"currency", "VND"},
                                             {"gateway", checkout->request.gateway},
                                             {"expires_at", core::format_instant(checkout->request.expires_at)},
                                             {"redirect_url", checkout->redirect_url}},
                                        req);
               });

    router.add(Verb::post, "/api/v1/payments/callback", Access::anyone(),
               [&payments](const Request& req, const RouteParams& params) {
                   const core::GatewayCallback callback{req.body(), header(req, "X-Gateway-Timestamp"),
                                                        header(req, "X-Gateway-Signature")};
                   auto out = payments.gateway_callback(callback);
                   if (!out) {
                       // Forged, stale, replayed out of its window or mismatched: nothing was recorded (a verified
                       // but mismatched callback left an audit note); the server log keeps the reason.
                       log_line("warn", "payment callback rejected from " + params.client() + ": " + out.error().code);
                       return error_response(out.error(), req);
                   }
                   json answer{{"result", out->result == core::CallbackResult::recorded    ? "recorded"
                                          : out->result == core::CallbackResult::duplicate ? "duplicate"
                                                                                            : "noted"}};
                   if (out->payment) answer["receipt_no"] = out->payment->receipt_no;
                   return json_response(beast_http::status::ok, answer, req);
               });

}

}  // namespace motcua::http
