#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports.hpp"
#include "storage/database.hpp"
#include "storage/report_store.hpp"

namespace motcua::storage {

/// The SQLite statements of the apology report's reads (SqliteDossierStore::apologies, SqliteReportStore::
/// late_candidates), each of which SQLite must answer from its partial index alone (schema 0027, decision 0043): for
/// the test that asks SQLite's planner.
[[nodiscard]] std::vector<std::string_view> apology_report_statements_sqlite();

/// The columns of a dossier and its events that insert_many_unlocked writes and that depend on the dossier alone,
/// not on the database (its code, id and audit rows do): encoded beforehand, on another thread for a bulk load
/// (decision 0052). encode_for_insert is the one encoding: insert_unlocked calls it when given none.
struct EncodedDossier {
    std::string received_at, due_at, original_due_at;
    std::optional<std::string> extended_due_at, result_ready_at, returned_at, submitted_at, closed_at;
    std::string applicant, state;
    struct Event {
        std::string at, data;
    };
    std::vector<Event> events;  ///< one per timeline event, in order
};
[[nodiscard]] EncodedDossier encode_for_insert(const core::Dossier& d);

/// core::DossierStore on SQLite (tables dossier, dossier_event, dossier_sequence, intake_record).
class SqliteDossierStore final : public core::DossierStore {
public:
    explicit SqliteDossierStore(Database& db) : db_(db) {}
    core::Dossier insert_received(core::Dossier dossier, const core::AuditRecord& audit,
                                  const std::vector<core::Notification>& notify = {}) override;
    std::int64_t insert_intake_record(const core::IntakeRecord& record, const core::AuditRecord& audit) override;
    [[nodiscard]] std::optional<core::Dossier> find(std::string_view code, bool with_timeline = true) override;
    [[nodiscard]] std::optional<core::PublicRecord> find_public(std::string_view code,
                                                                   core::PublicForm form) override;
    [[nodiscard]] std::vector<core::DossierEvent> timeline(std::int64_t dossier_id) override;
    [[nodiscard]] core::DossierPage list(const core::DossierFilter& filter) override;
    bool update(const core::Dossier& after, const core::AuditRecord& audit,
                const std::vector<core::Notification>& notify = {}) override;
    [[nodiscard]] std::vector<core::DossierFacts> facts(const std::vector<std::string>& agencies,
                                                        core::Timestamp received_before) override;
    [[nodiscard]] std::vector<core::ApologyFacts> apologies(const std::vector<std::string>& agencies,
                                                            core::Timestamp from, core::Timestamp to) override;
    [[nodiscard]] std::vector<core::ApologyKey> apology_keys(const std::vector<std::string>& agencies,
                                                             core::Timestamp from, core::Timestamp to) override;
    [[nodiscard]] std::vector<core::ApologyFacts> apologies_of(const std::vector<core::ApologyKey>& keys) override;

    /// Inserts many received dossiers (with all their events) in the caller's transaction; used by the demo
    /// generator and bulk loads. Codes are assigned as in insert_received. With `counts766` false the dossiers' 766
    /// marks (schema 0025) are left to the caller, who adds them with add_counts766 once it has written what else
    /// it writes for them in the same transaction (the demo's payments): one read of each dossier's facts instead of
    /// one per write.
    /// `encoded`, when given, holds encode_for_insert of each dossier, in the same order.
    void insert_many_unlocked(std::vector<core::Dossier>& dossiers, const std::string& actor, core::Timestamp at,
                              bool counts766 = true, const std::vector<EncodedDossier>* encoded = nullptr);
    /// Adds the stored dossiers' 766 marks to the counters, in the caller's transaction (see insert_many_unlocked).
    void add_counts766(const std::vector<core::Dossier>& dossiers);

private:
    core::Dossier insert_unlocked(core::Dossier d, core::AuditRecord audit, bool counts766 = true,
                                  const EncodedDossier* encoded = nullptr);
    void insert_event_unlocked(const core::Dossier& d, std::size_t index, core::AuditRecord audit,
                               const EncodedDossier::Event* encoded = nullptr);

    Database& db_;
    DayCountDeltas day_counts_;        ///< report_day changes of the write in progress
    StatusCountDeltas status_counts_;  ///< status_count changes of the write in progress
    Counts766Deltas counts766_;        ///< counts766_day / counts766_paid changes of the write in progress
};

}  // namespace motcua::storage
