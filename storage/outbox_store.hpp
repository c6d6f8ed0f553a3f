#pragma once
// core::OutboxStore on SQLite (table notification_outbox, schema 0008).
#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// Writes `notify` as outbox rows of dossier `dossier_id`, caused by its event `event_seq`, in the caller's
/// transaction (DossierStore calls it beside the event, so both commit or neither does).
void enqueue_notifications(Database& db, std::int64_t dossier_id, std::int64_t event_seq,
                           const std::vector<core::Notification>& notify, core::Timestamp at);

class SqliteOutboxStore final : public core::OutboxStore {
public:
    explicit SqliteOutboxStore(Database& db) : db_(db) {}
    std::vector<core::OutboxEntry> claim_due(core::Timestamp now, core::Timestamp lease_until, int limit,
                                             const std::vector<core::Medium>& mediums) override;
    void record_sent(std::int64_t id, core::Timestamp at, const std::string& channel,
                     const std::string& receipt) override;
    void record_failure(std::int64_t id, core::Timestamp at, const std::string& channel, const std::string& error,
                        std::optional<core::Timestamp> retry_at) override;
    bool requeue(std::int64_t id, core::Timestamp now, const core::AuditRecord& audit) override;
    [[nodiscard]] std::vector<core::OutboxEntry> for_dossier(std::string_view code) override;
    [[nodiscard]] std::vector<core::OutboxEntry> list(const std::vector<std::string>& agencies,
                                                      std::optional<core::OutboxStatus> status, int limit) override;
    [[nodiscard]] std::optional<core::OutboxEntry> find(std::int64_t id) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
