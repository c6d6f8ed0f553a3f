#include "http/catalogue_json.hpp"

#include <stdexcept>

#include "core/embedded_file.hpp"
#include "http/calendar_json.hpp"
#include "http/json_reader.hpp"

namespace motcua::http {

std::span<const EmbeddedFile> embedded_catalogue_data();

namespace {

using core::ErrorKind;
using core::fail;
using nlohmann::json;

core::Result<core::Agency> read_agency(const JsonObject& o) {
    core::Error e;
    auto code = o.string("code", true, 13);
    auto name = o.string("name", true, 300);
    auto level = o.string("level", true, 32);
    auto parent = o.string("parent", false, 13);
    auto hours = o.string("office_hours", false, 100);
    if (failed(code, e) || failed(name, e) || failed(level, e) || failed(parent, e) || failed(hours, e))
        return tl::unexpected(e);
    core::Agency a;
    a.code = *code;
    a.name = *name;
    auto lvl = core::parse_agency_level(*level, o.field("level"));
    if (!lvl) return tl::unexpected(lvl.error());
    a.level = *lvl;
    a.parent = *parent;
    if (!hours->empty()) {
        auto parsed = core::OfficeHours::parse(*hours, o.field("office_hours"));
        if (!parsed) return tl::unexpected(parsed.error());
        a.office_hours = *parsed;
    }
    return a;
}

core::Result<core::Procedure> read_procedure(const JsonObject& o) {
    core::Procedure p;
    core::Error e;
    auto code = o.string("code", true, 32);
    auto name = o.string("name", true, 500);
    auto field = o.string("field", true, 200);
    auto agency = o.string("agency", true, 13);
    auto result_type = o.string("result_type", false, 500);
    auto electronic_result = o.boolean("electronic_result", true);
    auto cutoff = o.string("cutoff", false, 8);
    auto online = o.string("online_level", false, 16);
    auto effective = o.string("effective_from", false, 10);
    auto legal = o.strings("legal_basis");
    if (failed(code, e) || failed(name, e) || failed(field, e) || failed(agency, e) || failed(result_type, e) ||
        failed(electronic_result, e) || failed(cutoff, e) || failed(online, e) || failed(effective, e) ||
        failed(legal, e))
        return tl::unexpected(e);
    p.code = *code;
    p.name = *name;
    p.field = *field;
    p.agency = *agency;
    p.result_type = *result_type;
    p.electronic_result = *electronic_result;
    p.legal_basis = *legal;
    if (!online->empty()) {
        auto level = core::parse_online_level(*online, o.field("online_level"));
        if (!level) return tl::unexpected(level.error());
        p.online_level = *level;
    }
    if (!effective->empty()) {
        auto d = core::parse_date(*effective, o.field("effective_from"));
        if (!d) return tl::unexpected(d.error());
        p.effective_from = *d;
    }
    if (cutoff->empty() || *cutoff == "auto") p.cutoff = {};
    else if (*cutoff == "none") p.cutoff = {core::CutoffRule::Mode::none, {}};
    else {
        auto t = core::parse_time_of_day(*cutoff, o.field("cutoff"));
        if (!t) return tl::unexpected(t.error());
        p.cutoff = {core::CutoffRule::Mode::at, *t};
    }
    auto duration = o.object("duration", true);
    if (!duration) return tl::unexpected(duration.error());
    auto unit = (*duration)->string("unit", true, 8);
    auto value = (*duration)->integer("value", 0, 1, 100000);
    if (failed(unit, e) || failed(value, e)) return tl::unexpected(e);
    if (*unit == "days") p.duration = core::WorkingDays{static_cast<int>(*value)};
    else if (*unit == "hours") p.duration = core::WorkingHours{static_cast<int>(*value)};
    else
        return fail(ErrorKind::invalid_argument, "duration unit must be \"days\" or \"hours\"",
                    (*duration)->field("unit"), "invalid_duration");

    auto fees = o.objects("fees");
    if (!fees) return tl::unexpected(fees.error());
    for (const JsonObject& f : *fees) {
        auto fname = f.string("name", true, 300);
        auto amount = f.integer("amount", 0, 0, 1'000'000'000'000);
        auto note = f.string("note", false, 1000);
        if (failed(fname, e) || failed(amount, e) || failed(note, e)) return tl::unexpected(e);
        p.fees.push_back(core::Fee{*fname, *amount, *note});
    }
    auto components = o.objects("components");
    if (!components) return tl::unexpected(components.error());
    for (const JsonObject& c : *components) {
        auto id = c.string("id", true, 32);
        auto cname = c.string("name", true, 1000);
        auto originals = c.integer("originals", 0, 0, 100);
        auto copies = c.integer("copies", 0, 0, 100);
        auto certified = c.integer("certified_copies", 0, 0, 100);
        auto required = c.boolean("required", true);
        auto form = c.string("form", false, 300);
        if (failed(id, e) || failed(cname, e) || failed(originals, e) || failed(copies, e) || failed(certified, e) ||
            failed(required, e) || failed(form, e))
            return tl::unexpected(e);
        p.components.push_back(core::Component{*id, *cname, static_cast<int>(*originals), static_cast<int>(*copies),
                                               static_cast<int>(*certified), *required, *form});
    }
    auto steps = o.objects("steps");
    if (!steps) return tl::unexpected(steps.error());
    for (const JsonObject& s : *steps) {
        auto sname = s.string("name", true, 300);
        auto role = s.string("role", true, 32);
        auto sagency = s.string("agency", false, 13);
        auto hours = s.integer("hours", 0, 1, 100000);
        if (failed(sname, e) || failed(role, e) || failed(sagency, e) || failed(hours, e)) return tl::unexpected(e);
        auto r = core::parse_role(*role, s.field("role"));
        if (!r) return tl::unexpected(r.error());
        p.steps.push_back(core::ProcessStep{*sname, *r, *sagency, core::WorkingHours{static_cast<int>(*hours)}});
    }
    return p;
}

std::string cutoff_text(const core::CutoffRule& rule) {
    switch (rule.mode) {
        case core::CutoffRule::Mode::automatic: return "auto";
        case core::CutoffRule::Mode::none: return "none";
        case core::CutoffRule::Mode::at: return core::format_time_of_day(rule.time);
    }
    return "auto";
}

}  // namespace

core::Result<core::Catalogue> parse_catalogue(std::string_view text) {
    auto doc = parse_object(text);
    if (!doc) return tl::unexpected(doc.error());
    const JsonObject root(*doc, "");
    core::Catalogue out;
    auto agencies = root.objects("agencies", false, 100000);
    if (!agencies) return tl::unexpected(agencies.error());
    for (const JsonObject& a : *agencies) {
        auto agency = read_agency(a);
        if (!agency) return tl::unexpected(agency.error());
        out.agencies.push_back(std::move(*agency));
    }
    auto procedures = root.objects("procedures", false, 100000);
    if (!procedures) return tl::unexpected(procedures.error());
    for (const JsonObject& p : *procedures) {
        auto procedure = read_procedure(p);
        if (!procedure) return tl::unexpected(procedure.error());
        out.procedures.push_back(std::move(*procedure));
    }
    return out;
}

json to_json(const core::Agency& a) {
    return json{{"code", a.code},
                {"name", a.name},
                {"level", core::to_string(a.level)},
                {"parent", a.parent.empty() ? json(nullptr) : json(a.parent)},
                {"office_hours", a.office_hours.to_string()}};
}

json to_summary_json(const core::Procedure& p) {
    return json{{"code", p.code},
                {"version", p.version},
                {"name", p.name},
                {"field", p.field},
                {"agency", p.agency},
                {"duration", to_json(p.duration)},
                {"online_level", core::to_string(p.online_level)}};
}

json to_json(const core::Procedure& p) {
    json out = to_summary_json(p);
    json components = json::array();
    for (const auto& c : p.components) {
        json item{{"id", c.id},
                  {"name", c.name},
                  {"originals", c.originals},
                  {"copies", c.copies},
                  {"certified_copies", c.certified_copies},
                  {"required", c.required}};
        if (!c.form.empty()) item["form"] = c.form;
        components.push_back(item);
    }
    json steps = json::array();
    for (const auto& s : p.steps) {
        json item{{"name", s.name}, {"role", core::to_string(s.role)}, {"hours", s.budget.count}};
        if (!s.agency.empty()) item["agency"] = s.agency;
        steps.push_back(item);
    }
    json fees = json::array();
    for (const auto& f : p.fees) fees.push_back(json{{"name", f.name}, {"amount", f.amount}, {"note", f.note}});
    out["cutoff"] = cutoff_text(p.cutoff);
    out["fees"] = fees;
    out["legal_basis"] = p.legal_basis;
    out["result_type"] = p.result_type;
    out["electronic_result"] = p.electronic_result;
    out["effective_from"] = core::format_date(p.effective_from);
    out["components"] = components;
    out["steps"] = steps;
    return out;
}

json to_json(const core::Catalogue& c) {
    json agencies = json::array();
    for (const auto& a : c.agencies) agencies.push_back(to_json(a));
    json procedures = json::array();
    for (const auto& p : c.procedures) procedures.push_back(to_json(p));
    return json{{"agencies", agencies}, {"procedures", procedures}};
}

core::Catalogue demo_catalogue() {
    for (const EmbeddedFile& f : embedded_catalogue_data()) {
        if (f.name != "demo-catalogue.json") continue;
        auto c = parse_catalogue(f.content);
        if (!c) throw std::logic_error("shipped demo catalogue: " + c.error().message + " [" + c.error().field + "]");
        return *c;
    }
    throw std::logic_error("the demo catalogue is not compiled in");
}

}  // namespace motcua::http
