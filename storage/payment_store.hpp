#pragma once
#include "core/ports.hpp"
#include "storage/database.hpp"
#include "storage/dossier_store.hpp"

namespace motcua::storage {

/// Writes a dossier's fee lines (in the caller's transaction). Used by SqliteDossierStore at intake.
void insert_fee_lines(Database& db, std::int64_t dossier_id, const std::vector<core::FeeLine>& lines);

/// core::PaymentStore on SQLite (tables dossier_fee, payment, receipt_sequence, payment_request; schema 0016).
/// Writes that change a dossier's state go through `dossiers` inside the payment's own transaction.
class SqlitePaymentStore final : public core::PaymentStore {
public:
    SqlitePaymentStore(Database& db, SqliteDossierStore& dossiers) : db_(db), dossiers_(dossiers) {}
    [[nodiscard]] core::FeeAccount account(std::string_view dossier_code) override;
    core::Result<core::Payment> record_payment(core::Payment payment, const core::AuditRecord& audit,
                                               const std::optional<core::Dossier>& resumed,
                                               const core::AuditRecord& resume_audit) override;
    core::Result<core::Payment> record_reversal(core::Payment reversal, const core::AuditRecord& audit) override;
    bool raise_obligation(const core::Dossier& after, const std::vector<core::FeeLine>& lines,
                          const core::AuditRecord& audit) override;
    void add_request(const core::PaymentRequest& request, const core::AuditRecord& audit) override;
    [[nodiscard]] std::optional<core::PaymentRequest> request(std::string_view reference) override;
    void fail_request(std::string_view reference, const core::AuditRecord& audit) override;
    [[nodiscard]] std::optional<core::Payment> by_transaction(std::string_view gateway,
                                                              std::string_view transaction_id) override;
    void note(const core::AuditRecord& audit) override;
    [[nodiscard]] std::vector<core::Counts766Sums> counts766_sums(const std::vector<std::string>& agencies,
                                                                  core::ReportPeriod period) override;

    // The per-dossier reads the 766 counters replace (decision 0039), kept only as the tests' oracle.
    /// Dossiers of `agencies` (receiving or resolving; empty: all) received in [from, to), with their fee figures.
    [[nodiscard]] std::vector<core::DossierFeeFacts> fee_facts(const std::vector<std::string>& agencies,
                                                               core::Timestamp from, core::Timestamp to);
    /// Online payments in [from, to), not reversed, of dossiers of `agencies` (receiving or resolving; empty: all).
    [[nodiscard]] std::vector<core::OnlinePaymentFacts> online_payments(const std::vector<std::string>& agencies,
                                                                        core::Timestamp from, core::Timestamp to);

    /// Bulk load (the demo): writes a payment of the dossier with id `dossier_id` (receipt number, row, audit row) in
    /// the caller's transaction, without the dossier's 766 counters: the caller adds those once its payments are
    /// written (SqliteDossierStore::insert_many_unlocked with counts766 false, then add_counts766).
    core::Payment record_payment_unlocked(std::int64_t dossier_id, core::Payment payment, const core::AuditRecord& audit);

private:
    std::int64_t dossier_id(std::string_view code);
    /// The next receipt number of the payment's agency and year (its sequence row advanced).
    std::string next_receipt_no(const core::Payment& p);
    /// The audit row of a recorded payment: `audit` with the payment's id and receipt number.
    void append_payment_audit(const core::Payment& p, const core::AuditRecord& audit);
    std::vector<core::Payment> payments_where(std::string_view sql, std::string_view key);

    Database& db_;
    SqliteDossierStore& dossiers_;
};

}  // namespace motcua::storage
