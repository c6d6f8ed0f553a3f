#include "http/dossier_json.hpp"

#include <algorithm>

#include "http/json_reader.hpp"

namespace motcua::http {
namespace {

using nlohmann::json;

json instant_or_null(const std::optional<core::Timestamp>& t) {
    return t ? json(core::format_instant(*t)) : json(nullptr);
}

json event_json(const core::DossierEvent& e, bool staff) {
    json out{{"type", core::to_string(e.type)}, {"at", core::format_instant(e.at)}};
    if (staff) out["actor"] = e.actor;
    // The public timeline carries only what the citizen must act on: what to supplement, and why and until when
    // the appointment was extended. Other reasons are free text written by staff and stay internal.
    const bool citizen_facing = e.type == core::EventType::request_supplement || e.type == core::EventType::apologize ||
                                e.type == core::EventType::request_supplement_at_intake ||
                                e.type == core::EventType::refuse;  // form 03 states its reasons to the citizen
    if (!e.reason.empty() && (staff || citizen_facing)) out["reason"] = e.reason;
    if (!e.items.empty()) out["items"] = e.items;
    if (e.new_due_at) out["new_due_at"] = core::format_instant(*e.new_due_at);
    if (e.method) out["method"] = core::to_string(*e.method);
    if (e.timeliness) out["timeliness"] = core::to_string(*e.timeliness);
    if (e.due_after) out["due_at"] = core::format_instant(*e.due_after);
    if (staff) {
        if (!e.note.empty()) out["note"] = e.note;
        if (!e.to_unit.empty()) out["to_unit"] = e.to_unit;
        if (!e.agency.empty()) out["agency"] = e.agency;
        if (!e.signer.empty()) out["signer"] = e.signer;
        if (e.step_due_at) out["step_due_at"] = core::format_instant(*e.step_due_at);
        if (e.step_result) out["step_result"] = core::to_string(*e.step_result);
        if (e.type == core::EventType::apologize) out["late_apology"] = e.late_apology;
    }
    return out;
}

json common_json(const core::Dossier& d) {
    json out{{"code", d.code},
             {"status", core::to_string(d.status)},
             {"status_code", core::status_code(d.status)},
             {"procedure_code", d.procedure_code},
             {"procedure_version", d.procedure_version},
             {"agency", d.agency},
             {"resolving_agency", d.resolving_agency},
             {"channel", core::to_string(d.channel)},
             {"rule_set", d.rule_set},
             {"service_mode", core::to_string(d.service_mode)}};
    // An online submission no clerk has received yet has no receipt and no appointment.
    if (core::is_received(d)) {
        out["received_at"] = core::format_instant(d.received_at);
        out["due_at"] = core::format_instant(d.due_at);
        out["original_due_at"] = core::format_instant(d.original_due_at);
    }
    if (d.submitted_at) out["submitted_at"] = core::format_instant(*d.submitted_at);
    if (d.extended_due_at) out["extended_due_at"] = core::format_instant(*d.extended_due_at);
    if (d.result_ready_at) out["result_ready_at"] = core::format_instant(*d.result_ready_at);
    if (d.returned_at) out["returned_at"] = core::format_instant(*d.returned_at);
    if (d.timeliness) out["timeliness"] = core::to_string(*d.timeliness);
    return out;
}

core::Result<core::Applicant> parse_applicant(const JsonObject& root) {
    core::Error e;
    auto applicant = root.object("applicant", true);
    if (!applicant) return tl::unexpected(applicant.error());
    const JsonObject& a = **applicant;
    auto name = a.string("name", true, 200);
    auto id = a.string("id_number", true, 32);
    auto phone = a.string("phone", true, 32);
    auto email = a.string("email", false, 254);
    auto address = a.string("address", true, 500);
    if (failed(name, e) || failed(id, e) || failed(phone, e) || failed(email, e) || failed(address, e))
        return tl::unexpected(e);
    core::Applicant applicant_out{*name, *id, *phone, *email, *address, std::nullopt};
    auto rep = a.object("representative");
    if (!rep) return tl::unexpected(rep.error());
    if (*rep) {
        auto rname = (*rep)->string("name", true, 200);
        auto rid = (*rep)->string("id_number", true, 32);
        auto rphone = (*rep)->string("phone", false, 32);
        if (failed(rname, e) || failed(rid, e) || failed(rphone, e)) return tl::unexpected(e);
        applicant_out.representative = core::Representative{*rname, *rid, *rphone};
    }
    return applicant_out;
}

core::Result<std::vector<core::HandedComponent>> parse_components(const JsonObject& root) {
    core::Error e;
    std::vector<core::HandedComponent> out;
    auto components = root.objects("components", false, 200);
    if (!components) return tl::unexpected(components.error());
    for (const JsonObject& c : *components) {
        auto cid = c.string("component_id", true, 32);
        auto originals = c.integer("originals", 0, 0, 1000);
        auto copies = c.integer("copies", 0, 0, 1000);
        auto certified = c.integer("certified_copies", 0, 0, 1000);
        if (failed(cid, e) || failed(originals, e) || failed(copies, e) || failed(certified, e))
            return tl::unexpected(e);
        out.push_back(core::HandedComponent{*cid, static_cast<int>(*originals), static_cast<int>(*copies),
                                            static_cast<int>(*certified)});
    }
    return out;
}

// Public input is refused when it carries a field the route does not read (a typo, or a try at "status" or
// "service_mode"), rather than silently ignored.
core::Status only_fields(const json& body, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : body.items()) {
        (void)value;
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return core::fail(core::ErrorKind::invalid_argument, "unknown field \"" + key + "\"", key,
                              "unknown_field");
    }
    return {};
}

}  // namespace

core::Result<core::SubmissionRequest> parse_submission(const json& body) {
    if (auto ok = only_fields(body, {"procedure_code", "agency", "applicant", "components"}); !ok)
        return tl::unexpected(ok.error());
    const JsonObject root(body, "");
    core::Error e;
    auto procedure = root.string("procedure_code", true, 32);
    auto agency = root.string("agency", false, 13);
    if (failed(procedure, e) || failed(agency, e)) return tl::unexpected(e);
    core::SubmissionRequest r;
    r.procedure_code = *procedure;
    r.agency = *agency;
    auto applicant = parse_applicant(root);
    if (!applicant) return tl::unexpected(applicant.error());
    r.applicant = std::move(*applicant);
    auto components = parse_components(root);
    if (!components) return tl::unexpected(components.error());
    r.components = std::move(*components);
    return r;
}

core::Result<core::SubmissionDecision> parse_submission_decision(const json& body) {
    if (auto ok = only_fields(body, {"decision", "at", "reason", "items", "components"}); !ok)
        return tl::unexpected(ok.error());
    const JsonObject root(body, "");
    core::Error e;
    auto decision = root.string("decision", true, 32);
    auto at = root.instant("at");
    auto reason = root.string("reason", false, 4000);
    auto items = root.strings("items");
    if (failed(decision, e) || failed(at, e) || failed(reason, e) || failed(items, e)) return tl::unexpected(e);
    auto d = core::parse_intake_decision(*decision, "decision");
    if (!d) return tl::unexpected(d.error());
    core::SubmissionDecision c;
    c.decision = *d;
    c.at = *at;
    c.reason = *reason;
    c.items = *items;
    if (root.has("components")) {
        auto components = parse_components(root);
        if (!components) return tl::unexpected(components.error());
        c.components = std::move(*components);
    }
    return c;
}

core::Result<core::IntakeRequest> parse_intake(const json& body) {
    const JsonObject root(body, "");
    core::IntakeRequest r;
    core::Error e;
    auto procedure = root.string("procedure_code", true, 32);
    auto agency = root.string("agency", false, 13);
    auto channel = root.string("channel", false, 16);
    auto received = root.instant("received_at");
    auto decision = root.string("decision", true, 32);
    auto reason = root.string("reason", false, 4000);
    auto items = root.strings("items");
    auto fee_group = root.string("fee_group", false, 64);
    if (failed(procedure, e) || failed(agency, e) || failed(channel, e) || failed(received, e) ||
        failed(decision, e) || failed(reason, e) || failed(items, e) || failed(fee_group, e))
        return tl::unexpected(e);
    r.fee_group = *fee_group;
    r.procedure_code = *procedure;
    r.agency = *agency;
    if (!channel->empty()) {
        auto c = core::parse_channel(*channel, "channel");
        if (!c) return tl::unexpected(c.error());
        r.channel = *c;
    }
    r.received_at = *received;
    auto d = core::parse_intake_decision(*decision, "decision");
    if (!d) return tl::unexpected(d.error());
    r.decision = *d;
    r.reason = *reason;
    r.items = *items;

    auto applicant = parse_applicant(root);
    if (!applicant) return tl::unexpected(applicant.error());
    r.applicant = std::move(*applicant);
    auto components = parse_components(root);
    if (!components) return tl::unexpected(components.error());
    r.components = std::move(*components);
    auto mode = root.string("service_mode", false, 32);
    if (!mode) return tl::unexpected(mode.error());
    if (!mode->empty()) {
        auto m = core::parse_service_mode(*mode, "service_mode");
        if (!m) return tl::unexpected(m.error());
        r.service_mode = *m;
    }
    return r;
}

core::Result<core::EventCommand> parse_event(const json& body) {
    const JsonObject root(body, "");
    core::Error e;
    auto type = root.string("type", true, 32);
    auto at = root.instant("at");
    auto reason = root.string("reason", false, 4000);
    auto note = root.string("note", false, 4000);
    auto items = root.strings("items");
    auto to_unit = root.string("to_unit", false, 300);
    auto agency = root.string("agency", false, 13);
    auto signer = root.string("signer", false, 300);
    auto new_due = root.instant("new_due_at");
    auto method = root.string("method", false, 16);
    if (failed(type, e) || failed(at, e) || failed(reason, e) || failed(note, e) || failed(items, e) ||
        failed(to_unit, e) || failed(agency, e) || failed(signer, e) || failed(new_due, e) || failed(method, e))
        return tl::unexpected(e);
    auto t = core::parse_event_type(*type, "type");
    if (!t) return tl::unexpected(t.error());
    core::EventCommand c;
    c.type = *t;
    c.at = *at;
    c.inputs.reason = *reason;
    c.inputs.note = *note;
    c.inputs.items = *items;
    c.inputs.to_unit = *to_unit;
    c.inputs.agency = *agency;
    c.inputs.signer = *signer;
    c.inputs.new_due_at = *new_due;
    if (!method->empty()) {
        auto m = core::parse_return_method(*method, "method");
        if (!m) return tl::unexpected(m.error());
        c.inputs.method = *m;
    }
    return c;
}

json to_staff_json(const core::Dossier& d, bool with_timeline) {
    json out = common_json(d);
    out["lookup_key"] = d.lookup_key;
    json applicant{{"name", d.applicant.name},
                   {"id_number", d.applicant.id_number},
                   {"phone", d.applicant.phone},
                   {"email", d.applicant.email},
                   {"address", d.applicant.address}};
    if (d.applicant.representative)
        applicant["representative"] = json{{"name", d.applicant.representative->name},
                                           {"id_number", d.applicant.representative->id_number},
                                           {"phone", d.applicant.representative->phone}};
    out["applicant"] = applicant;
    out["received_by"] = d.received_by;
    if (!d.prepared_by.empty()) out["prepared_by"] = d.prepared_by;
    out["supplement_rounds"] = d.supplement_rounds;
    out["apologized"] = d.apologized;
    out["late_apology"] = d.late_apology;
    out["step"] = json{{"index", d.step_index},
                       {"started_at", core::format_instant(d.step_started_at)},
                       {"due_at", instant_or_null(d.step_due_at)}};
    if (!with_timeline) return out;
    json components = json::array();
    for (const auto& c : d.components)
        components.push_back(json{{"component_id", c.component_id},
                                  {"originals", c.originals},
                                  {"copies", c.copies},
                                  {"certified_copies", c.certified_copies}});
    out["components"] = components;
    json timeline = json::array();
    for (const auto& e : d.timeline) timeline.push_back(event_json(e, true));
    out["timeline"] = timeline;
    json allowed = json::array();
    for (auto t : core::allowed_events(d)) allowed.push_back(core::to_string(t));
    out["allowed_events"] = allowed;
    return out;
}

json to_public_json(const core::Dossier& d, const std::string& procedure_name) {
    json out = common_json(d);
    out["procedure_name"] = procedure_name;
    json timeline = json::array();
    for (const auto& e : d.timeline) timeline.push_back(event_json(e, false));
    out["timeline"] = timeline;
    return out;
}

}  // namespace motcua::http
