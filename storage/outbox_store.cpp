#include "storage/outbox_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/audit_log.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO notification_outbox (dossier_id, event_seq, kind, medium, recipient, params, created_at, "
    "next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
constexpr std::string_view kColumns =
    "SELECT o.id, d.code, o.event_seq, o.kind, o.medium, o.recipient, o.params, o.status, o.attempts, o.created_at, "
    "o.next_attempt_at, o.sent_at, o.channel, o.last_result FROM notification_outbox o "
    "JOIN dossier d ON d.id = o.dossier_id ";
// Claims in one statement: nothing can claim the same rows between the choice and the update.
constexpr std::string_view kClaimSqlite =
    "UPDATE notification_outbox SET status = 'sending', next_attempt_at = ?2 WHERE id IN ("
    "  SELECT id FROM notification_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?1 "
    "  AND medium IN (SELECT value FROM json_each(?4)) ORDER BY next_attempt_at, id LIMIT ?3) RETURNING id";
// On PostgreSQL several workers (one per node) claim at once: each takes rows no other open claim holds, and skips
// the locked ones instead of waiting for them (SQLite has one writer at a time, so its claim needs no lock).
constexpr std::string_view kClaimPostgres =
    "UPDATE notification_outbox SET status = 'sending', next_attempt_at = ?2 WHERE id IN ("
    "  SELECT id FROM notification_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?1 "
    "  AND medium IN (SELECT value FROM json_each(?4)) ORDER BY next_attempt_at, id LIMIT ?3 "
    "  FOR UPDATE SKIP LOCKED) RETURNING id";
constexpr std::string_view kSent =
    "UPDATE notification_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?2, channel = ?3, "
    "last_result = ?4 WHERE id = ?1 AND status = 'sending'";
constexpr std::string_view kFailed =
    "UPDATE notification_outbox SET status = CASE WHEN CAST(?5 AS TEXT) IS NULL THEN 'failed' ELSE 'pending' END, "
    "attempts = attempts + CASE WHEN ?3 = '' THEN 0 ELSE 1 END, next_attempt_at = coalesce(?5, ?2), "
    "channel = CASE WHEN ?3 = '' THEN channel ELSE ?3 END, last_result = ?4 WHERE id = ?1 AND status = 'sending'";
constexpr std::string_view kRequeue =
    "UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2 "
    "WHERE id = ?1 AND status = 'failed'";

std::string utc_text(core::Timestamp t) { return core::format_instant_utc(t); }

core::Timestamp read_instant(const std::string& text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged outbox instant: " + text);
    return *t;
}

core::OutboxEntry read_entry(const Statement& s) {
    core::OutboxEntry e;
    e.id = s.int64(0);
    e.dossier_code = s.text(1);
    e.event_seq = s.int64(2);
    auto kind = core::parse_notification_kind(s.text(3));
    auto medium = core::parse_medium(s.text(4));
    auto status = core::parse_outbox_status(s.text(7));
    if (!kind || !medium || !status) throw StorageError(0, "damaged outbox row " + std::to_string(e.id));
    e.message.kind = *kind;
    e.message.medium = *medium;
    e.message.recipient = s.text(5);
    const auto params = nlohmann::json::parse(s.text(6));  // kept alive: items() refers to it
    for (const auto& [k, v] : params.items()) e.message.params.emplace_back(k, v.get<std::string>());
    e.status = *status;
    e.attempts = s.int32(8);
    e.created_at = read_instant(s.text(9));
    e.next_attempt_at = read_instant(s.text(10));
    if (!s.is_null(11)) e.sent_at = read_instant(s.text(11));
    e.channel = s.text(12);
    e.last_result = s.text(13);
    return e;
}

std::vector<core::OutboxEntry> read_all(Statement& s) {
    std::vector<core::OutboxEntry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

}  // namespace

void enqueue_notifications(Database& db, std::int64_t dossier_id, std::int64_t event_seq,
                           const std::vector<core::Notification>& notify, core::Timestamp at) {
    for (const core::Notification& n : notify) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [k, v] : n.params) params[k] = v;
        db.prepare(kInsert)
            .bind(1, dossier_id)
            .bind(2, event_seq)
            .bind(3, core::to_string(n.kind))
            .bind(4, core::to_string(n.medium))
            .bind(5, n.recipient)
            .bind(6, params.dump())
            .bind(7, utc_text(at))
            .run();
    }
}

std::vector<core::OutboxEntry> SqliteOutboxStore::claim_due(core::Timestamp now, core::Timestamp lease_until, int limit,
                                                            const std::vector<core::Medium>& mediums) {
    nlohmann::json wanted = nlohmann::json::array();
    for (const auto m : mediums) wanted.push_back(core::to_string(m));
    Transaction tx(db_);
    Statement claim = db_.prepare(db_.dialect() == Dialect::postgresql ? kClaimPostgres : kClaimSqlite);
    claim.bind(1, utc_text(now)).bind(2, utc_text(lease_until)).bind(3, limit).bind(4, wanted.dump());
    std::vector<std::int64_t> ids;
    while (claim.step()) ids.push_back(claim.int64(0));
    std::vector<core::OutboxEntry> out;
    for (const auto id : ids) {
        Statement s = db_.prepare(std::string(kColumns) + "WHERE o.id = ?1");
        s.bind(1, id);
        if (s.step()) out.push_back(read_entry(s));
    }
    tx.commit();
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

void SqliteOutboxStore::record_sent(std::int64_t id, core::Timestamp at, const std::string& channel,
                                    const std::string& receipt) {
    db_.prepare(kSent).bind(1, id).bind(2, utc_text(at)).bind(3, channel).bind(4, receipt).run();
}

void SqliteOutboxStore::record_failure(std::int64_t id, core::Timestamp at, const std::string& channel,
                                       const std::string& error, std::optional<core::Timestamp> retry_at) {
    Statement s = db_.prepare(kFailed);
    s.bind(1, id).bind(2, utc_text(at)).bind(3, channel).bind(4, error.substr(0, 500));
    if (retry_at) s.bind(5, utc_text(*retry_at));
    else s.bind_null(5);
    s.run();
}

bool SqliteOutboxStore::requeue(std::int64_t id, core::Timestamp now, const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kRequeue).bind(1, id).bind(2, utc_text(now)).run();
    if (db_.changes() != 1) return false;
    append_audit(db_, audit);
    tx.commit();
    return true;
}

std::vector<core::OutboxEntry> SqliteOutboxStore::for_dossier(std::string_view code) {
    Statement s = db_.prepare(std::string(kColumns) + "WHERE d.code = ?1 ORDER BY o.id");
    s.bind(1, code);
    return read_all(s);
}

std::vector<core::OutboxEntry> SqliteOutboxStore::list(const std::vector<std::string>& agencies,
                                                       std::optional<core::OutboxStatus> status, int limit) {
    Statement s = db_.prepare(std::string(kColumns) +
                              "WHERE (CAST(?1 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?1)) "
                              "       OR d.resolving_agency IN (SELECT value FROM json_each(?1))) "
                              "AND (CAST(?2 AS TEXT) IS NULL OR o.status = ?2) ORDER BY o.id DESC LIMIT ?3");
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    if (status) s.bind(2, core::to_string(*status));
    else s.bind_null(2);
    s.bind(3, limit);
    return read_all(s);
}

std::optional<core::OutboxEntry> SqliteOutboxStore::find(std::int64_t id) {
    Statement s = db_.prepare(std::string(kColumns) + "WHERE o.id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_entry(s);
}

}  // namespace motcua::storage
