#pragma once
// The public catalogue: agencies (a tree, as data) and administrative procedures with their components and internal
// process. A procedure change creates a new version; a dossier keeps the version in force when it was received.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/office_hours.hpp"
#include "core/time.hpp"

namespace motcua::core {

enum class AgencyLevel { province, department, commune, ministry_unit };
[[nodiscard]] const char* to_string(AgencyLevel level) noexcept;
[[nodiscard]] Result<AgencyLevel> parse_agency_level(std::string_view text, std::string_view field = {});

struct Agency {
    std::string code;    ///< electronic id per QCVN 102, e.g. "000.00.12.H56" (at most 13 characters)
    std::string name;
    AgencyLevel level = AgencyLevel::department;
    std::string parent;  ///< empty for a root
    OfficeHours office_hours = OfficeHours::standard();
    friend bool operator==(const Agency&, const Agency&) = default;
};

/// Agency codes: 1–13 characters of A–Z, 0–9 and dots, starting and ending with a letter or digit.
[[nodiscard]] Status validate_agency_code(std::string_view code, std::string_view field = "code");
[[nodiscard]] Status validate(const Agency& agency);

/// Staff roles, and `volunteer`: a helper (youth union, ward volunteers) who prepares and submits online dossiers on
/// a citizen's behalf and sees only those; not staff, so a route open to "any staff role" is closed to volunteers.
enum class Role { clerk, officer, agency_head, supervisor, admin, volunteer };
[[nodiscard]] const char* to_string(Role role) noexcept;
[[nodiscard]] Result<Role> parse_role(std::string_view text, std::string_view field = {});

enum class OnlineLevel { full, partial, none };
[[nodiscard]] const char* to_string(OnlineLevel level) noexcept;
[[nodiscard]] Result<OnlineLevel> parse_online_level(std::string_view text, std::string_view field = {});

struct Component {
    std::string id;  ///< stable within the procedure, e.g. "c1"
    std::string name;
    int originals = 0;
    int copies = 0;
    int certified_copies = 0;
    bool required = true;
    std::string form;  ///< form template reference, optional
    friend bool operator==(const Component&, const Component&) = default;
};

struct ProcessStep {
    std::string name;
    Role role = Role::officer;
    std::string agency;  ///< empty: the resolving agency; otherwise a co-operating agency (liên thông)
    WorkingHours budget;
    friend bool operator==(const ProcessStep&, const ProcessStep&) = default;
};

struct Fee {
    std::string name;
    std::int64_t amount = 0;  ///< VND
    std::string note;
    /// Applicant groups (core/fees.hpp FeeGroup ids) exempt from this fee in this procedure; "*" for everyone.
    std::vector<std::string> exempt_groups;
    friend bool operator==(const Fee&, const Fee&) = default;
};

struct Procedure {
    std::string code;  ///< national code d.dddddd
    int version = 1;
    std::string name;
    std::string field;   ///< lĩnh vực
    std::string agency;  ///< resolving agency code
    Budget duration = WorkingDays{1};
    CutoffRule cutoff;
    OnlineLevel online_level = OnlineLevel::none;
    std::vector<Fee> fees;
    std::vector<std::string> legal_basis;
    std::string result_type;
    /// The result may be issued as an electronic document the citizen downloads (docs/digitisation.md) [M: default
    /// true, Decree 107/2021 gives electronic results the value of paper ones; a procedure whose result must stay on
    /// paper sets "electronic_result": false in the catalogue].
    bool electronic_result = true;
    Date effective_from{date::year{2025} / 7 / 1};
    std::vector<Component> components;
    std::vector<ProcessStep> steps;

    [[nodiscard]] const Component* component(std::string_view id) const;
    /// Same content, ignoring the version number (a re-import of an unchanged procedure is not a new version).
    [[nodiscard]] bool same_content(const Procedure& other) const;
};

/// The working hours a budget stands for, with a working day of 8 hours (domain.md §1.4).
[[nodiscard]] int budget_hours(const Budget& budget);

/// Checks a procedure: code pattern d.dddddd, names present, duration >= 1 hour, components with unique ids and
/// non-negative counts (at least one > 0), steps whose budgets sum to the statutory duration ("steps_do_not_sum").
[[nodiscard]] Status validate(const Procedure& procedure);

}  // namespace motcua::core
