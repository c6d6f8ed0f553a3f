#pragma once
// Decision 766: the raw counts per agency behind the groups whose data motcua records (domain.md §11.2.2–11.2.3),
// and the indicators computed from them with the province's point rules. Online services (CLGQ) come from the
// catalogue's online levels and the dossiers' submission channels; digitisation (MDSH) from the files, marks and
// electronic results recorded on dossiers (docs/digitisation.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/dossier.hpp"
#include "core/index766.hpp"
#include "core/reports.hpp"

namespace motcua::core {

/// Where a counted dossier stands: received in the period, or an online submission made in the period that no clerk
/// has received (waiting in status 1, or 5 for a supplement asked before receipt; or refused before receipt).
enum class ReceiptStage { received, waiting, refused };

/// Dossiers received in a period by one agency for one procedure through one channel and service mode, or online
/// submissions of the period not received (what storage counts).
struct ReceiptCount {
    std::string agency;
    std::string procedure_code;
    Channel channel = Channel::direct;
    std::int64_t dossiers = 0;
    ServiceMode service_mode = ServiceMode::counter;
    ReceiptStage stage = ReceiptStage::received;
};

/// What the digitisation counts need to know of one dossier (read from storage).
struct DigitisationFacts {
    std::string code;
    std::string agency;  ///< receiving agency
    Timestamp received_at;
    std::optional<Timestamp> resolved_at;  ///< result ready
    bool result_required = true;           ///< the procedure issues a result document (Procedure::result_type set)
    bool digitised = false;                ///< at least one component marked digitised
    bool certified_copy = false;           ///< at least one component marked an electronic certified copy
    bool reused = false;                   ///< at least one component reused from an earlier dossier
    bool electronic_result = false;        ///< an electronic result with its file is recorded
};

/// The raw counts of one agency (or of the whole scope) in a period.
struct Counts766 {
    // Procedures in the agency's competence (the catalogue's newest versions), and their online level (3.1).
    std::int64_t procedures = 0;
    std::int64_t procedures_online = 0;       ///< partial or full online service
    std::int64_t procedures_full_online = 0;  ///< full online service
    // Dossiers received in the period, by channel (3.3).
    std::int64_t dossiers = 0;
    std::int64_t dossiers_direct = 0;
    std::int64_t dossiers_online = 0;
    std::int64_t dossiers_postal = 0;
    /// Dossiers of procedures offered fully online, and those of them submitted online (CLGQ's scored indicator).
    std::int64_t full_online_eligible = 0;
    std::int64_t full_online = 0;
    // Online payment (TTTT, docs/payments.md; filled by core::add_payment_counts): fee-bearing procedures in
    // the agency's competence, those whose dossiers received in the period carry fee lines (3.5) and those with an
    // online payment in the period (3.5b); dossiers received in the period whose fee lines ask more than 0, those of
    // them paid online (3.6), and the đồng paid online in the period.
    std::int64_t fee_procedures = 0;
    std::int64_t procedures_with_fee_data = 0;
    std::int64_t procedures_paid_online = 0;
    std::int64_t fee_dossiers = 0;
    std::int64_t paid_online_dossiers = 0;
    std::int64_t paid_online_amount = 0;
    // Digitisation (MDSH, docs/digitisation.md). Of the dossiers received in the period:
    std::int64_t digitised = 0;                         ///< with at least one digitised component
    std::int64_t digitised_with_electronic_result = 0;  ///< … and an electronic result (4.2)
    std::int64_t certified_copies = 0;                  ///< with an electronic certified copy of an original
    std::int64_t reused = 0;                            ///< with at least one reused component (4.3)
    // Of the results ready in the period, for procedures that issue a result document (4.1):
    std::int64_t results_requiring_document = 0;
    std::int64_t electronic_results = 0;  ///< with an electronic result recorded
    /// Dossiers received in the period by how the person was served (issue #9; they add up to `dossiers`).
    std::int64_t served_counter = 0;
    std::int64_t served_online_self = 0;
    std::int64_t served_online_volunteer = 0;
    std::int64_t served_home_visit = 0;
    /// Online submissions (status 1) made in the period that no clerk has received: still waiting, or refused before
    /// receipt. Not in `dossiers`.
    std::int64_t submissions_waiting = 0;
    std::int64_t submissions_refused = 0;

    Counts766& operator+=(const Counts766& other);
    friend bool operator==(const Counts766&, const Counts766&) = default;
};

/// One indicator: numerator ÷ denominator as a percentage (two decimals, 0 when nothing is counted) and its points.
struct Indicator766 {
    std::string id;     ///< "3.1", "3.3", "clgq-full-online"
    std::string group;  ///< "CLGQ"
    std::string name;   ///< as the national portal names it
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    double rate_percent = 0;
    double points = 0;
    PointRule rule;
};
[[nodiscard]] Indicator766 indicator_766(std::string id, std::string group, std::string name, std::int64_t numerator,
                                         std::int64_t denominator, const PointRule& rule);

/// The indicators of the online-services group for one set of counts.
[[nodiscard]] std::vector<Indicator766> online_indicators(const Counts766& counts, const Index766Rules& rules);
/// The indicators of the digitisation group (MDSH) motcua computes: 4.1, 4.2, electronic certified copies, 4.3
/// (domain.md §11.2.2–11.2.3 [S]); 4.4 and 4.5 need the national portal and population database and are not computed.
[[nodiscard]] std::vector<Indicator766> digitisation_indicators(const Counts766& counts, const Index766Rules& rules);

/// Adds one dossier's digitisation facts to `counts` for the period [from, to): the received cohort for digitised,
/// certified copies and reuse, the resolved cohort for 4.1.
void count_digitisation(Counts766& counts, const DigitisationFacts& facts, Timestamp from, Timestamp to);

struct Counts766Row {
    std::string key;   ///< the agency's code; empty for the total
    std::string name;
    Counts766 counts;
    std::vector<Indicator766> indicators;
};

struct Counts766Report {
    ReportPeriod period;
    std::vector<Counts766Row> rows;  ///< one per agency in scope with procedures or dossiers, by code
    Counts766Row total;
};

/// One row per agency of `scope` with its procedures counted (3.1), before any dossier is: where both ways of
/// building the report start.
[[nodiscard]] std::map<std::string, Counts766Row> counts766_rows(const std::vector<Agency>& scope,
                                                                 const std::vector<Procedure>& procedures);
/// The report from filled rows: rows with nothing counted are left out, each row and the total get their indicators.
[[nodiscard]] Counts766Report counts766_report(ReportPeriod period, std::map<std::string, Counts766Row> rows,
                                               const Index766Rules& rules);

/// Builds the report for the agencies in `scope` (the caller resolves the user's scope): procedures are counted at their
/// own agency, receipts and digitisation at the receiving agency. Those of agencies outside the scope are ignored.
[[nodiscard]] Counts766Report counts_766(ReportPeriod period, const std::vector<Agency>& scope,
                                         const std::vector<Procedure>& procedures,
                                         const std::vector<ReceiptCount>& receipts, const Index766Rules& rules,
                                         const std::vector<DigitisationFacts>& digitisation = {});

}  // namespace motcua::core
