#include "storage/codec.hpp"

#include <nlohmann/json.hpp>

#include "storage/database.hpp"

namespace motcua::storage {
namespace {

using nlohmann::json;

std::string utc(core::Timestamp t) { return core::format_instant_utc(t); }

core::Timestamp instant(const json& j) {
    auto t = core::parse_instant(j.get<std::string>());
    if (!t) throw StorageError(0, "damaged instant in stored JSON: " + t.error().message);
    return *t;
}

std::optional<core::Timestamp> optional_instant(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    return instant(*it);
}

void put_optional(json& obj, const char* key, const std::optional<core::Timestamp>& t) {
    if (t) obj[key] = utc(*t);
}

json parse(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw StorageError(0, "damaged JSON column");
    return j;
}

template <typename T>
T value_or(const json& obj, const char* key, T fallback) {
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? fallback : it->get<T>();
}

std::optional<core::Timeliness> timeliness_of(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    const std::string t = it->get<std::string>();
    if (t == "early") return core::Timeliness::early;
    if (t == "on_time") return core::Timeliness::on_time;
    return core::Timeliness::late;
}

json components_json(const std::vector<core::HandedComponent>& cs) {
    json out = json::array();
    for (const auto& c : cs)
        out.push_back(json{{"component_id", c.component_id},
                           {"originals", c.originals},
                           {"copies", c.copies},
                           {"certified_copies", c.certified_copies}});
    return out;
}

}  // namespace

std::string encode_applicant(const core::Applicant& a) {
    json j{{"name", a.name}, {"id_number", a.id_number}, {"phone", a.phone}, {"email", a.email}, {"address", a.address}};
    if (a.representative)
        j["representative"] = json{{"name", a.representative->name},
                                   {"id_number", a.representative->id_number},
                                   {"phone", a.representative->phone}};
    return j.dump();
}

core::Applicant decode_applicant(const std::string& text) {
    const json j = parse(text);
    core::Applicant a{value_or<std::string>(j, "name", ""),  value_or<std::string>(j, "id_number", ""),
                      value_or<std::string>(j, "phone", ""), value_or<std::string>(j, "email", ""),
                      value_or<std::string>(j, "address", ""), std::nullopt};
    if (auto r = j.find("representative"); r != j.end() && r->is_object())
        a.representative = core::Representative{value_or<std::string>(*r, "name", ""),
                                                value_or<std::string>(*r, "id_number", ""),
                                                value_or<std::string>(*r, "phone", "")};
    return a;
}

std::string encode_components(const std::vector<core::HandedComponent>& c) { return components_json(c).dump(); }

std::string encode_strings(const std::vector<std::string>& items) { return json(items).dump(); }

std::string encode_state(const core::Dossier& d) {
    json pauses = json::array();
    for (const auto& p : d.pauses) {
        json span{{"from", utc(p.from)}};
        put_optional(span, "to", p.to);
        pauses.push_back(span);
    }
    json j{{"components", components_json(d.components)},
           {"clock_start", utc(d.clock_start)},
           {"pauses", pauses},
           {"supplement_rounds", d.supplement_rounds},
           {"apologized", d.apologized},
           {"late_apology", d.late_apology},
           {"step_index", d.step_index},
           {"step_started_at", utc(d.step_started_at)},
           {"rule_set", d.rule_set}};
    put_optional(j, "restarted_at", d.restarted_at);
    put_optional(j, "step_due_at", d.step_due_at);
    return j.dump();
}

void decode_state(const std::string& text, core::Dossier& d) {
    const json j = parse(text);
    d.components.clear();
    for (const auto& c : j.value("components", json::array()))
        d.components.push_back(core::HandedComponent{c.value("component_id", ""), c.value("originals", 0),
                                                     c.value("copies", 0), c.value("certified_copies", 0)});
    d.clock_start = instant(j.at("clock_start"));
    d.pauses.clear();
    for (const auto& p : j.value("pauses", json::array()))
        d.pauses.push_back(core::PauseSpan{instant(p.at("from")), optional_instant(p, "to")});
    d.supplement_rounds = j.value("supplement_rounds", 0);
    d.apologized = j.value("apologized", false);
    d.late_apology = j.value("late_apology", false);
    d.step_index = j.value("step_index", 0);
    d.step_started_at = instant(j.at("step_started_at"));
    d.rule_set = j.value("rule_set", "");
    d.restarted_at = optional_instant(j, "restarted_at");
    d.step_due_at = optional_instant(j, "step_due_at");
}

std::string encode_event_data(const core::DossierEvent& e) {
    json j = json::object();
    auto put = [&](const char* key, const std::string& v) {
        if (!v.empty()) j[key] = v;
    };
    put("reason", e.reason);
    put("note", e.note);
    put("to_unit", e.to_unit);
    put("agency", e.agency);
    put("signer", e.signer);
    if (!e.items.empty()) j["items"] = e.items;
    put_optional(j, "new_due_at", e.new_due_at);
    if (e.method) j["method"] = core::to_string(*e.method);
    put_optional(j, "step_due_at", e.step_due_at);
    if (e.step_result) j["step_result"] = core::to_string(*e.step_result);
    put_optional(j, "due_after", e.due_after);
    if (e.late_apology) j["late_apology"] = true;
    if (e.timeliness) j["timeliness"] = core::to_string(*e.timeliness);
    return j.dump();
}

void decode_event_data(const std::string& text, core::DossierEvent& e) {
    if (text == "{}") return;  // most events carry no data: skip the parser (the citizen's lookup reads them all)
    const json j = parse(text);
    e.reason = j.value("reason", "");
    e.note = j.value("note", "");
    e.to_unit = j.value("to_unit", "");
    e.agency = j.value("agency", "");
    e.signer = j.value("signer", "");
    e.items = j.value("items", std::vector<std::string>{});
    e.new_due_at = optional_instant(j, "new_due_at");
    if (auto m = j.find("method"); m != j.end()) {
        auto method = core::parse_return_method(m->get<std::string>());
        if (method) e.method = *method;
    }
    e.step_due_at = optional_instant(j, "step_due_at");
    e.step_result = timeliness_of(j, "step_result");
    e.due_after = optional_instant(j, "due_after");
    e.late_apology = j.value("late_apology", false);
    e.timeliness = timeliness_of(j, "timeliness");
}

std::string encode_procedure_body(const core::Procedure& p) {
    json components = json::array();
    for (const auto& c : p.components)
        components.push_back(json{{"id", c.id},
                                  {"name", c.name},
                                  {"originals", c.originals},
                                  {"copies", c.copies},
                                  {"certified_copies", c.certified_copies},
                                  {"required", c.required},
                                  {"form", c.form}});
    json steps = json::array();
    for (const auto& s : p.steps)
        steps.push_back(json{{"name", s.name}, {"role", core::to_string(s.role)}, {"agency", s.agency}, {"hours", s.budget.count}});
    json fees = json::array();
    for (const auto& f : p.fees) fees.push_back(json{{"name", f.name}, {"amount", f.amount}, {"note", f.note}});
    std::string cutoff = "auto";
    if (p.cutoff.mode == core::CutoffRule::Mode::none) cutoff = "none";
    if (p.cutoff.mode == core::CutoffRule::Mode::at) cutoff = core::format_time_of_day(p.cutoff.time);
    return json{{"cutoff", cutoff},
                {"online_level", core::to_string(p.online_level)},
                {"fees", fees},
                {"legal_basis", p.legal_basis},
                {"result_type", p.result_type},
                {"electronic_result", p.electronic_result},
                {"effective_from", core::format_date(p.effective_from)},
                {"components", components},
                {"steps", steps}}
        .dump();
}

void decode_procedure_body(const std::string& text, core::Procedure& p) {
    const json j = parse(text);
    const std::string cutoff = j.value("cutoff", "auto");
    if (cutoff == "none") p.cutoff = {core::CutoffRule::Mode::none, {}};
    else if (cutoff == "auto") p.cutoff = {};
    else if (auto t = core::parse_time_of_day(cutoff)) p.cutoff = {core::CutoffRule::Mode::at, *t};
    if (auto level = core::parse_online_level(j.value("online_level", "none"))) p.online_level = *level;
    p.fees.clear();
    for (const auto& f : j.value("fees", json::array()))
        p.fees.push_back(core::Fee{f.value("name", ""), f.value("amount", std::int64_t{0}), f.value("note", "")});
    p.legal_basis = j.value("legal_basis", std::vector<std::string>{});
    p.result_type = j.value("result_type", "");
    p.electronic_result = j.value("electronic_result", true);
    if (auto d = core::parse_date(j.value("effective_from", "2025-07-01"))) p.effective_from = *d;
    p.components.clear();
    for (const auto& c : j.value("components", json::array()))
        p.components.push_back(core::Component{c.value("id", ""), c.value("name", ""), c.value("originals", 0),
                                               c.value("copies", 0), c.value("certified_copies", 0),
                                               c.value("required", true), c.value("form", "")});
    p.steps.clear();
    for (const auto& s : j.value("steps", json::array())) {
        auto role = core::parse_role(s.value("role", "officer"));
        p.steps.push_back(core::ProcessStep{s.value("name", ""), role ? *role : core::Role::officer,
                                            s.value("agency", ""), core::WorkingHours{s.value("hours", 0)}});
    }
}

}  // namespace motcua::storage
