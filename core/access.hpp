#pragma once
// Who may see and change what (scope by agency). Role-per-route checks live in the HTTP route table; this is the
// data-scope half, used by every service that returns or changes a dossier.
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/ports.hpp"

namespace motcua::core {

/// The agencies a user may act for: their own agency (clerk, officer, agency head); their agency and every agency
/// below it (supervisor); every agency (admin). A volunteer acts for no agency: their scope is the dossiers they
/// prepared (helper()).
class Scope final {
public:
    Scope(const User& user, const std::vector<Agency>& agencies);
    [[nodiscard]] bool all() const { return all_; }
    /// A volunteer's username (their scope is the dossiers prepared_by them); empty for staff.
    [[nodiscard]] const std::string& helper() const { return helper_; }
    [[nodiscard]] bool covers(std::string_view agency) const;
    /// The agencies covered (empty when all()).
    [[nodiscard]] const std::vector<std::string>& agencies() const { return agencies_; }

private:
    bool all_ = false;
    std::vector<std::string> agencies_;
    std::string helper_;
};

/// Whether the user may see a dossier: its receiving or its resolving agency is in scope; for a volunteer, they
/// prepared it.
[[nodiscard]] bool can_see(const Scope& scope, const Dossier& dossier);

}  // namespace motcua::core
