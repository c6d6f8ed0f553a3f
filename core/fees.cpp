#include "core/fees.hpp"

#include <algorithm>

namespace motcua::core {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool valid_group_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

bool FeeGroup::covers(const Procedure& procedure) const {
    return all_procedures || contains(fields, procedure.field) || contains(procedures, procedure.code);
}

const FeeGroup* FeeExemptions::group(std::string_view id) const {
    for (const FeeGroup& g : groups)
        if (g.id == id) return &g;
    return nullptr;
}

Status validate(const FeeExemptions& exemptions) {
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < exemptions.groups.size(); ++i) {
        const FeeGroup& g = exemptions.groups[i];
        const std::string at = "groups[" + std::to_string(i) + "]";
        if (!valid_group_id(g.id))
            return fail(ErrorKind::invalid_argument, "a group id is 1-64 characters of a-z, 0-9 and _", at + ".id",
                        "invalid_group");
        if (contains(seen, g.id))
            return fail(ErrorKind::invalid_argument, "group \"" + g.id + "\" is defined twice", at + ".id",
                        "duplicate_group");
        seen.push_back(g.id);
        if (g.name.empty())
            return fail(ErrorKind::invalid_argument, "a group needs a name", at + ".name", "missing_field");
        if (g.percent < 1 || g.percent > 100)
            return fail(ErrorKind::invalid_argument, "percent is a whole number from 1 to 100", at + ".percent",
                        "invalid_number");
    }
    return {};
}

const char* to_string(FeeLineKind kind) noexcept {
    switch (kind) {
        case FeeLineKind::intake: return "intake";
        case FeeLineKind::obligation: return "obligation";
    }
    return "intake";
}

Result<std::vector<FeeLine>> intake_fee_lines(const Procedure& procedure, std::string_view group_id,
                                              const FeeExemptions& exemptions, Timestamp at, const std::string& actor) {
    const FeeGroup* group = nullptr;
    if (!group_id.empty()) {
        group = exemptions.group(group_id);
        if (group == nullptr)
            return fail(ErrorKind::unprocessable, "no fee exemption group \"" + std::string(group_id) + "\"",
                        "fee_group", "unknown_fee_group");
    }
    std::vector<FeeLine> lines;
    for (const Fee& fee : procedure.fees) {
        if (fee.amount <= 0) continue;
        FeeLine line;
        line.kind = FeeLineKind::intake;
        line.name = fee.name;
        line.amount = std::min(fee.amount, kMaxFeeAmount);
        line.raised_at = at;
        line.raised_by = actor;
        if (contains(fee.exempt_groups, kEveryApplicant) || (group && contains(fee.exempt_groups, group->id))) {
            line.exempted = line.amount;
            line.exemption = group && contains(fee.exempt_groups, group->id)
                                 ? group->name + " — miễn theo quy định của thủ tục"
                                 : "Miễn theo quy định của thủ tục";
        } else if (group && group->covers(procedure)) {
            // The waived part is rounded down: the applicant pays the đồng that does not divide evenly.
            line.exempted = line.amount / 100 * group->percent + line.amount % 100 * group->percent / 100;
            line.exemption = group->name + (group->basis.empty() ? "" : " (" + group->basis + ")");
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

bool fee_bearing(const Procedure& procedure) {
    return std::any_of(procedure.fees.begin(), procedure.fees.end(), [](const Fee& f) { return f.amount > 0; });
}

}  // namespace motcua::core
