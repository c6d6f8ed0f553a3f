#include "core/catalogue_service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace motcua::core {
namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Error at_index(Error e, const std::string& prefix) {
    e.field = e.field.empty() ? prefix : prefix + "." + e.field;
    return e;
}

}  // namespace

Result<CatalogueImport> CatalogueService::import(const Catalogue& c, const std::string& actor) {
    std::set<std::string, std::less<>> known;
    for (const Agency& a : store_.agencies()) known.insert(a.code);
    std::set<std::string, std::less<>> in_file;
    for (std::size_t i = 0; i < c.agencies.size(); ++i) {
        if (auto ok = validate(c.agencies[i]); !ok)
            return tl::unexpected(at_index(ok.error(), "agencies[" + std::to_string(i) + "]"));
        if (!in_file.insert(c.agencies[i].code).second)
            return fail(ErrorKind::invalid_argument, "agency " + c.agencies[i].code + " appears twice",
                        "agencies[" + std::to_string(i) + "].code", "duplicate_agency");
        known.insert(c.agencies[i].code);
    }
    for (std::size_t i = 0; i < c.agencies.size(); ++i)
        if (!c.agencies[i].parent.empty() && known.count(c.agencies[i].parent) == 0)
            return fail(ErrorKind::unprocessable, "parent agency " + c.agencies[i].parent + " is unknown",
                        "agencies[" + std::to_string(i) + "].parent", "unknown_agency");

    CatalogueImport result;
    std::vector<Procedure> new_versions;
    std::vector<AuditRecord> audit;
    const Timestamp now = clock_.now();
    std::set<std::string, std::less<>> codes;
    for (std::size_t i = 0; i < c.procedures.size(); ++i) {
        const std::string prefix = "procedures[" + std::to_string(i) + "]";
        Procedure p = c.procedures[i];
        if (auto ok = validate(p); !ok) return tl::unexpected(at_index(ok.error(), prefix));
        if (!codes.insert(p.code).second)
            return fail(ErrorKind::invalid_argument, "procedure " + p.code + " appears twice", prefix + ".code",
                        "duplicate_procedure");
        if (known.count(p.agency) == 0)
            return fail(ErrorKind::unprocessable, "resolving agency " + p.agency + " is unknown",
                        prefix + ".agency", "unknown_agency");
        for (std::size_t s = 0; s < p.steps.size(); ++s)
            if (!p.steps[s].agency.empty() && known.count(p.steps[s].agency) == 0)
                return fail(ErrorKind::unprocessable, "step agency " + p.steps[s].agency + " is unknown",
                            prefix + ".steps[" + std::to_string(s) + "].agency", "unknown_agency");
        auto current = store_.procedure(p.code);
        if (current && current->same_content(p)) {
            ++result.procedures_unchanged;
            continue;
        }
        p.version = current ? current->version + 1 : 1;
        (current ? result.procedures_changed : result.procedures_new) += 1;
        audit.push_back(AuditRecord{now, actor, current ? "catalogue.procedure_changed" : "catalogue.procedure_added",
                                    "procedure:" + p.code, {{"version", std::to_string(p.version)}, {"name", p.name}}});
        new_versions.push_back(std::move(p));
    }
    for (const Agency& a : c.agencies)
        audit.push_back(AuditRecord{now, actor, "catalogue.agency_saved", "agency:" + a.code, {{"name", a.name}}});
    result.agencies_written = static_cast<int>(c.agencies.size());
    store_.save(c.agencies, new_versions, audit);
    return result;
}

std::vector<Procedure> CatalogueService::procedures(const ProcedureQuery& q) {
    std::vector<Procedure> out;
    const std::string needle = ascii_lower(q.text);
    for (Procedure& p : store_.procedures()) {
        if (!q.field.empty() && p.field != q.field) continue;
        if (!q.agency.empty() && p.agency != q.agency) continue;
        if (!needle.empty() && ascii_lower(p.name).find(needle) == std::string::npos &&
            p.code.find(needle) == std::string::npos)
            continue;
        out.push_back(std::move(p));
    }
    return out;
}

Result<Procedure> CatalogueService::procedure(std::string_view code, std::optional<int> version) {
    auto p = store_.procedure(code, version);
    if (!p) return fail(ErrorKind::not_found, "no procedure with code " + std::string(code), {}, "procedure_not_found");
    return *p;
}

Catalogue CatalogueService::export_all() { return Catalogue{store_.agencies(), store_.procedures()}; }

}  // namespace motcua::core
