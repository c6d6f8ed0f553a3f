#include "core/catalogue.hpp"

#include "core/enum_text.hpp"

#include <algorithm>
#include <set>

namespace motcua::core {
namespace {

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }


}  // namespace

const char* to_string(AgencyLevel level) noexcept {
    switch (level) {
        case AgencyLevel::province: return "province";
        case AgencyLevel::department: return "department";
        case AgencyLevel::commune: return "commune";
        case AgencyLevel::ministry_unit: return "ministry_unit";
    }
    return "department";
}

Result<AgencyLevel> parse_agency_level(std::string_view text, std::string_view field) {
    static constexpr AgencyLevel kAll[] = {AgencyLevel::province, AgencyLevel::department, AgencyLevel::commune,
                                           AgencyLevel::ministry_unit};
    return parse_enum<AgencyLevel>(text, kAll, field, "level");
}

const char* to_string(Role role) noexcept {
    switch (role) {
        case Role::clerk: return "clerk";
        case Role::officer: return "officer";
        case Role::agency_head: return "agency_head";
        case Role::supervisor: return "supervisor";
        case Role::admin: return "admin";
        case Role::volunteer: return "volunteer";
    }
    return "clerk";
}

Result<Role> parse_role(std::string_view text, std::string_view field) {
    static constexpr Role kAll[] = {Role::clerk, Role::officer, Role::agency_head, Role::supervisor, Role::admin,
                                    Role::volunteer};
    return parse_enum<Role>(text, kAll, field, "role");
}

const char* to_string(OnlineLevel level) noexcept {
    switch (level) {
        case OnlineLevel::full: return "full";
        case OnlineLevel::partial: return "partial";
        case OnlineLevel::none: return "none";
    }
    return "none";
}

Result<OnlineLevel> parse_online_level(std::string_view text, std::string_view field) {
    static constexpr OnlineLevel kAll[] = {OnlineLevel::full, OnlineLevel::partial, OnlineLevel::none};
    return parse_enum<OnlineLevel>(text, kAll, field, "online_level");
}

Status validate_agency_code(std::string_view code, std::string_view field) {
    bool ok = !code.empty() && code.size() <= 13 && is_upper_alnum(code.front()) && is_upper_alnum(code.back());
    for (char c : code) ok = ok && (is_upper_alnum(c) || c == '.');
    if (!ok)
        return fail(ErrorKind::invalid_argument,
                    "agency code \"" + std::string(code) +
                        "\" must be 1–13 characters of A–Z, 0–9 and dots (QCVN 102, e.g. 000.00.12.H56)",
                    std::string(field), "invalid_agency_code");
    return {};
}

Status validate(const Agency& agency) {
    if (auto ok = validate_agency_code(agency.code); !ok) return ok;
    if (agency.name.empty()) return fail(ErrorKind::invalid_argument, "an agency needs a name", "name", "missing_field");
    if (!agency.parent.empty()) {
        if (auto ok = validate_agency_code(agency.parent, "parent"); !ok) return ok;
        if (agency.parent == agency.code)
            return fail(ErrorKind::invalid_argument, "an agency cannot be its own parent", "parent", "invalid_parent");
    }
    return {};
}

const Component* Procedure::component(std::string_view id) const {
    for (const Component& c : components)
        if (c.id == id) return &c;
    return nullptr;
}

bool Procedure::same_content(const Procedure& o) const {
    return code == o.code && name == o.name && field == o.field && agency == o.agency && duration == o.duration &&
           cutoff == o.cutoff && online_level == o.online_level && fees == o.fees && legal_basis == o.legal_basis &&
           result_type == o.result_type && electronic_result == o.electronic_result && effective_from == o.effective_from && components == o.components &&
           steps == o.steps;
}

int budget_hours(const Budget& budget) {
    if (const auto* d = std::get_if<WorkingDays>(&budget)) return d->count * 8;
    return std::get<WorkingHours>(budget).count;
}

Status validate(const Procedure& p) {
    const bool code_ok = p.code.size() == 8 && is_digit(p.code[0]) && p.code[1] == '.' &&
                         std::all_of(p.code.begin() + 2, p.code.end(), is_digit);
    if (!code_ok)
        return fail(ErrorKind::invalid_argument,
                    "procedure code \"" + p.code + "\" must be a national code like 1.000948", "code",
                    "invalid_procedure_code");
    if (p.name.empty()) return fail(ErrorKind::invalid_argument, "a procedure needs a name", "name", "missing_field");
    if (p.field.empty()) return fail(ErrorKind::invalid_argument, "a procedure needs a field", "field", "missing_field");
    if (auto ok = validate_agency_code(p.agency, "agency"); !ok) return ok;
    if (budget_hours(p.duration) < 1)
        return fail(ErrorKind::invalid_argument, "the statutory duration must be at least one working hour",
                    "duration", "invalid_duration");
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < p.components.size(); ++i) {
        const Component& c = p.components[i];
        const std::string field = "components[" + std::to_string(i) + "]";
        if (c.id.empty() || !ids.insert(c.id).second)
            return fail(ErrorKind::invalid_argument, "component ids must be present and unique", field + ".id",
                        "invalid_component");
        if (c.name.empty())
            return fail(ErrorKind::invalid_argument, "a component needs a name", field + ".name", "missing_field");
        if (c.originals < 0 || c.copies < 0 || c.certified_copies < 0 ||
            c.originals + c.copies + c.certified_copies == 0)
            return fail(ErrorKind::invalid_argument,
                        "a component needs at least one original, copy or certified copy, and no negative counts",
                        field, "invalid_component");
    }
    if (!p.steps.empty()) {
        int sum = 0;
        for (std::size_t i = 0; i < p.steps.size(); ++i) {
            const ProcessStep& s = p.steps[i];
            const std::string field = "steps[" + std::to_string(i) + "]";
            if (s.name.empty())
                return fail(ErrorKind::invalid_argument, "a step needs a name", field + ".name", "missing_field");
            if (s.budget.count < 1)
                return fail(ErrorKind::invalid_argument, "a step's budget must be at least one working hour",
                            field + ".hours", "invalid_duration");
            if (!s.agency.empty())
                if (auto ok = validate_agency_code(s.agency, field + ".agency"); !ok) return ok;
            sum += s.budget.count;
        }
        if (sum != budget_hours(p.duration))
            return fail(ErrorKind::unprocessable,
                        "the step budgets sum to " + std::to_string(sum) + " working hours but the statutory duration is " +
                            std::to_string(budget_hours(p.duration)),
                        "steps", "steps_do_not_sum");
    }
    return {};
}

}  // namespace motcua::core
