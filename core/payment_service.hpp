#pragma once
// Fees and payments of dossiers (docs/payments.md): the staff's view of what is owed, cash and bank-transfer
// payments recorded at the desk, the correction of a mistaken entry, financial obligations raised during processing
// (status 6), online payments through a gateway, and the Decision 766 payment indicators (TTTT).
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/counts766.hpp"
#include "core/counts766_rollup.hpp"
#include "core/engines.hpp"
#include "core/index766.hpp"
#include "core/ports.hpp"

namespace motcua::core {

/// A payment as the clerk enters it at the desk.
struct PaymentCommand {
    PaymentMethod method = PaymentMethod::cash;  ///< cash or bank_transfer (online payments come from the gateway)
    std::int64_t amount = 0;
    std::optional<Timestamp> at;  ///< default now; never in the future, never before the dossier's receipt
    std::string reference;        ///< bank_transfer: the bank's reference (required)
    std::string note;
};

/// A financial obligation raised during processing: the dossier pauses (status 6) until the lines are paid.
struct ObligationCommand {
    std::string reason;
    std::vector<FeeLine> lines;  ///< name and amount of each (amount 1..kMaxFeeAmount)
    std::optional<Timestamp> at;
};

struct PaymentOutcome {
    Payment payment;
    FeeAccount account;            ///< after the payment
    std::optional<Dossier> resumed;  ///< the dossier, when the payment ended its financial-obligation pause
};

/// What the citizen's browser needs to pay online.
struct OnlineCheckout {
    PaymentRequest request;
    std::string redirect_url;
};

/// How a gateway callback was taken.
enum class CallbackResult { recorded, duplicate, failed_noted };
struct CallbackOutcome {
    CallbackResult result = CallbackResult::recorded;
    std::optional<Payment> payment;
};

/// The Decision 766 TTTT indicators for a period (domain.md §11.2.2–11.2.3 [S]), with their raw counts.
struct PaymentIndicators {
    ReportPeriod period;
    std::int64_t fee_procedures = 0;            ///< fee-bearing procedures resolved in scope (3.5, 3.5b denominator)
    std::int64_t procedures_with_fee_data = 0;  ///< of those, with a dossier received in the period carrying fee lines
    std::int64_t procedures_paid_online = 0;    ///< of those, with an online payment made in the period
    std::int64_t fee_dossiers = 0;              ///< dossiers received in the period whose lines ask more than 0
    std::int64_t paid_online_dossiers = 0;      ///< of those, paid online (by the period's end)
    double rate_3_5 = 0, points_3_5 = 0;
    double rate_3_5b = 0, points_3_5b = 0;
    double rate_3_6 = 0, points_3_6 = 0;
    PointRule rule_3_5, rule_3_5b, rule_3_6;
    struct AgencyRow {
        std::string agency;
        std::int64_t fee_procedures = 0, procedures_with_fee_data = 0, procedures_paid_online = 0;
        std::int64_t fee_dossiers = 0, paid_online_dossiers = 0;
        std::int64_t paid_online_amount = 0;  ///< VND paid online in the period
    };
    std::vector<AgencyRow> agencies;  ///< per agency (procedures by resolving agency, dossiers by receiving agency)
};

/// The counts behind the TTTT indicators, from the catalogue and the fee facts (pure; tested with a hand-computed
/// fixture). `procedures`: the newest version of each procedure resolved in scope.
[[nodiscard]] PaymentIndicators tttt_766(const std::vector<Procedure>& procedures,
                                         const std::vector<DossierFeeFacts>& dossiers,
                                         const std::vector<OnlinePaymentFacts>& online, ReportPeriod period,
                                         const Index766Rules& rules);

/// The same counts from the per-day 766 counters of the period (decision 0039): `sums` are those of the scope's
/// agencies (receiving or resolving), as fee_facts and online_payments read the dossiers; tests hold the two equal.
[[nodiscard]] PaymentIndicators tttt_766_from_sums(const std::vector<Procedure>& procedures,
                                                   const std::vector<Counts766Sums>& sums, ReportPeriod period,
                                                   const Index766Rules& rules);

/// Indicators 3.5, 3.5b and 3.6 of one set of 766 counts (the payment columns).
[[nodiscard]] std::vector<Indicator766> payment_indicators(const Counts766& counts, const Index766Rules& rules);
/// Adds TTTT figures (tttt_766_from_sums of the report's own period and scope) to a 766 counts report: the payment
/// columns of every agency row and of the total, and indicators 3.5, 3.5b and 3.6 after the others.
void add_payment_counts(Counts766Report& report, const PaymentIndicators& figures, const Index766Rules& rules);

/// How long a citizen has to finish an online payment once started.
inline constexpr std::chrono::minutes kCheckoutLifetime{30};

class PaymentService final {
public:
    /// `gateway` may be null: online payment is then not offered (failed_precondition "no_gateway").
    PaymentService(CatalogueStore& catalogue, DossierStore& dossiers, PaymentStore& payments,
                   PaymentGateway* gateway, EngineRegistry& engines, Crypto& crypto, const Clock& clock,
                   LifecyclePolicy policy = {})
        : catalogue_(catalogue), dossiers_(dossiers), payments_(payments), gateway_(gateway), engines_(engines),
          crypto_(crypto), clock_(clock), policy_(policy) {}

    /// What the dossier owes and what was paid; not_found outside the user's scope.
    [[nodiscard]] Result<FeeAccount> account(std::string_view code, const User& user);
    /// The same for the citizen, with the lookup key (a wrong key answers like an unknown code).
    [[nodiscard]] Result<FeeAccount> public_account(std::string_view code, std::string_view key);

    /// A cash or bank-transfer payment entered at the desk. It must settle everything outstanding (unprocessable
    /// "amount_mismatch" otherwise; "nothing_outstanding" when nothing is owed). A dossier in status 6 is resumed
    /// in the same transaction (event `resume`, actor "system"). Errors also: "online" as method (invalid_argument
    /// "invalid_method"), a closed dossier (failed_precondition "dossier_closed"), a future or too early instant.
    [[nodiscard]] Result<PaymentOutcome> record_payment(std::string_view code, const PaymentCommand& command,
                                                        const User& user);
    /// Cancels a mistaken cash or bank-transfer entry with a reversing record (the receipt number becomes void).
    /// Errors: not_found "payment_not_found", failed_precondition "not_reversible" (online payments, reversals),
    /// already_exists "already_reversed", invalid_argument when `reason` is empty.
    [[nodiscard]] Result<Payment> reverse_payment(std::string_view code, std::int64_t payment_id,
                                                  const std::string& reason, const User& user);
    /// Raises a financial obligation: adds its fee lines and pauses the dossier (status 6) in one transaction.
    /// Errors: illegal_transition from a status that cannot pause, bad lines (invalid_argument naming the field).
    [[nodiscard]] Result<Dossier> raise_obligation(std::string_view code, const ObligationCommand& command,
                                                   const User& user);

    /// The citizen starts an online payment of everything outstanding. Errors: like public_account;
    /// failed_precondition "no_gateway", "nothing_outstanding", "dossier_closed".
    [[nodiscard]] Result<OnlineCheckout> start_online_payment(std::string_view code, std::string_view key);
    /// A gateway's callback. Nothing is recorded unless its signature and timestamp check out (the gateway's error
    /// is returned). A verified success is recorded as an online payment when its reference is a pending request
    /// whose amount equals both the callback's and what is outstanding now; otherwise the callback is rejected
    /// (unprocessable "unknown_reference" / "amount_mismatch", failed_precondition "nothing_outstanding") and only
    /// an audit note is written. A transaction already recorded answers `duplicate` and changes nothing.
    [[nodiscard]] Result<CallbackOutcome> gateway_callback(const GatewayCallback& callback);

    [[nodiscard]] bool online_enabled() const { return gateway_ != nullptr; }
    [[nodiscard]] Timestamp now() const { return clock_.now(); }

private:
    Result<Timestamp> instant_or_now(const std::optional<Timestamp>& at, const Dossier& d) const;
    /// The dossier after the automatic resume at `at`, when it is paused for a financial obligation.
    Result<std::optional<Dossier>> resume_if_paused(const Dossier& d, Timestamp at);
    Result<PaymentOutcome> settle(const Dossier& d, Payment payment, const AuditRecord& audit);

    CatalogueStore& catalogue_;
    DossierStore& dossiers_;
    PaymentStore& payments_;
    PaymentGateway* gateway_;
    EngineRegistry& engines_;
    Crypto& crypto_;
    const Clock& clock_;
    LifecyclePolicy policy_;
};

}  // namespace motcua::core
