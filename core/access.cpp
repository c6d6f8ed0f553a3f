#include "core/access.hpp"

#include <algorithm>

namespace motcua::core {

Scope::Scope(const User& user, const std::vector<Agency>& agencies) {
    if (user.role == Role::admin) {
        all_ = true;
        return;
    }
    if (user.role == Role::volunteer) {
        helper_ = user.username;
        return;
    }
    agencies_.push_back(user.agency);
    if (user.role != Role::supervisor) return;
    // Breadth-first over the tree below the supervisor's agency.
    for (std::size_t i = 0; i < agencies_.size(); ++i)
        for (const Agency& a : agencies)
            if (a.parent == agencies_[i] && std::find(agencies_.begin(), agencies_.end(), a.code) == agencies_.end())
                agencies_.push_back(a.code);
}

bool Scope::covers(std::string_view agency) const {
    return all_ || std::find(agencies_.begin(), agencies_.end(), agency) != agencies_.end();
}

bool can_see(const Scope& scope, const Dossier& d) {
    if (!scope.helper().empty()) return d.prepared_by == scope.helper();
    return scope.covers(d.agency) || scope.covers(d.resolving_agency);
}

}  // namespace motcua::core
