#pragma once
// Fees and charges (phí, lệ phí) owed on a dossier: the fee lines raised at intake from the procedure's fees, less
// exemptions, and the lines of a financial obligation raised during processing (domain.md §8, docs/payments.md).
// Amounts are whole Vietnamese đồng (VND) in std::int64_t; money is never a floating-point number.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// The largest amount one fee line or one payment may carry: 10^13 VND (far above any administrative fee; keeps
/// every sum of lines well inside std::int64_t).
inline constexpr std::int64_t kMaxFeeAmount = 10'000'000'000'000;

/// An applicant group with an exemption or reduction, as the province's People's Council resolution sets it
/// (which groups exist and what they are exempt from is province configuration [M]; the shipped default is
/// data/fees/exemptions.json). The group covers a procedure when `all_procedures` is set, or its field is in
/// `fields`, or its code is in `procedures`.
struct FeeGroup {
    std::string id;       ///< stable id the clerk picks at intake, e.g. "nguoi_co_cong"
    std::string name;     ///< Vietnamese name shown to people
    std::string basis;    ///< the legal basis, e.g. the resolution's number
    int percent = 100;    ///< share of each covered fee waived, 1..100
    bool all_procedures = false;
    std::vector<std::string> fields;
    std::vector<std::string> procedures;
    friend bool operator==(const FeeGroup&, const FeeGroup&) = default;

    [[nodiscard]] bool covers(const Procedure& procedure) const;
};

struct FeeExemptions {
    std::vector<FeeGroup> groups;
    [[nodiscard]] const FeeGroup* group(std::string_view id) const;
};

/// Checks a group list: ids [a-z0-9_]+ (at most 64 characters) and unique, names present, percent 1..100.
/// Errors name the field ("groups[2].percent").
[[nodiscard]] Status validate(const FeeExemptions& exemptions);

enum class FeeLineKind {
    intake,      ///< from the procedure's published fees, raised when the dossier is received
    obligation,  ///< a financial obligation raised during processing (status 6, e.g. land-use levies)
};
[[nodiscard]] const char* to_string(FeeLineKind kind) noexcept;

/// One amount owed on a dossier.
struct FeeLine {
    std::int64_t id = 0;  ///< storage key; 0 before insertion
    FeeLineKind kind = FeeLineKind::intake;
    std::string name;
    std::int64_t amount = 0;    ///< the listed amount, VND (>= 0)
    std::int64_t exempted = 0;  ///< the part waived (0..amount)
    std::string exemption;      ///< why: the group's name and basis, or "miễn theo quy định của thủ tục"
    Timestamp raised_at;
    std::string raised_by;
    [[nodiscard]] std::int64_t due() const { return amount - exempted; }
    friend bool operator==(const FeeLine&, const FeeLine&) = default;
};

/// The wildcard of Fee::exempt_groups: the fee is waived for every applicant of that procedure.
inline constexpr std::string_view kEveryApplicant = "*";

/// The fee lines a dossier of `procedure` owes at intake, for an applicant of group `group` (empty: none).
///  - a fee whose `exempt_groups` lists the group, or "*", is waived in full (per-procedure exemption, catalogue data);
///  - otherwise, when the province's group covers the procedure, `percent` of it is waived, rounded down to the đồng
///    (the applicant pays the rest);
///  - fees of amount 0 give no line.
/// Error unprocessable "unknown_fee_group" (field "fee_group") for a group the configuration does not define.
[[nodiscard]] Result<std::vector<FeeLine>> intake_fee_lines(const Procedure& procedure, std::string_view group,
                                                            const FeeExemptions& exemptions, Timestamp at,
                                                            const std::string& actor);

/// Whether the procedure is fee-bearing: at least one published fee above 0 (Decision 766 indicator 3.5).
[[nodiscard]] bool fee_bearing(const Procedure& procedure);

}  // namespace motcua::core
