#include "storage/user_store.hpp"

#include <sqlite3.h>

#include "storage/audit_log.hpp"
#include "storage/returning.hpp"

namespace motcua::storage {
namespace {

constexpr InsertReturningId kInsertUser{
    "INSERT INTO app_user (username, display_name, role, agency, password_hash, active, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
constexpr std::string_view kSetPassword = "UPDATE app_user SET password_hash = ?2 WHERE id = ?1";
constexpr std::string_view kUserByName =
    "SELECT id, username, display_name, role, agency, active, password_hash FROM app_user WHERE username = ?1";
constexpr std::string_view kUserById =
    "SELECT id, username, display_name, role, agency, active FROM app_user WHERE id = ?1";
constexpr std::string_view kUsers =
    "SELECT id, username, display_name, role, agency, active FROM app_user ORDER BY username";
constexpr std::string_view kInsertSession =
    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSessionByHash =
    "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM session "
    "WHERE token_hash = ?1 AND revoked_at IS NULL";
constexpr std::string_view kTouchSession =
    "UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL";
constexpr std::string_view kPurgeSessions =
    "DELETE FROM session WHERE revoked_at IS NOT NULL OR expires_at <= ?1 OR last_seen_at <= ?2";
constexpr std::string_view kRevokeSession =
    "UPDATE session SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL";

// Rows were written by this code through CHECK constraints; a row that does not parse means a damaged database.
template <typename T>
T must(core::Result<T> r, std::string_view what) {
    if (!r) throw StorageError(0, "damaged user data (" + std::string(what) + "): " + r.error().message);
    return std::move(*r);
}

// Columns 0-5 of kUserByName, kUserById and kUsers.
core::User read_user(const Statement& s) {
    core::User u;
    u.id = s.int64(0);
    u.username = s.text(1);
    u.display_name = s.text(2);
    u.role = must(core::parse_role(s.text(3)), "role");
    u.agency = s.text(4);
    u.active = s.int64(5) != 0;
    return u;
}

}  // namespace

core::Result<core::User> SqliteUserStore::add(const core::User& user, const std::string& password_hash,
                                              const core::AuditRecord& audit) {
    Transaction tx(db_);
    core::User added = user;
    try {
        added.id = inserted_id(db_, kInsertUser.prepare(db_)
            .bind(1, user.username)
            .bind(2, user.display_name)
            .bind(3, core::to_string(user.role))
            .bind(4, user.agency)
            .bind(5, password_hash)
            .bind(6, user.active ? 1 : 0)
            .bind(7, core::format_instant_utc(audit.at)));
    } catch (const StorageError& e) {
        if (is_unique_violation(e))
            return core::fail(core::ErrorKind::already_exists, "the username " + user.username + " is taken",
                              "username", "username_taken");
        if (is_foreign_key_violation(e))
            return core::fail(core::ErrorKind::unprocessable, "no agency with code \"" + user.agency + "\"", "agency",
                              "unknown_agency");
        throw;
    }
    append_audit(db_, audit);
    tx.commit();
    return added;
}

void SqliteUserStore::set_password(std::int64_t user_id, const std::string& password_hash,
                                   const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kSetPassword).bind(1, user_id).bind(2, password_hash).run();
    append_audit(db_, audit);
    tx.commit();
}

std::optional<std::pair<core::User, std::string>> SqliteUserStore::find_with_hash(std::string_view username) {
    Statement s = db_.prepare(kUserByName);
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return std::pair{read_user(s), s.text(6)};
}

std::optional<core::User> SqliteUserStore::find(std::int64_t id) {
    Statement s = db_.prepare(kUserById);
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::vector<core::User> SqliteUserStore::list() {
    std::vector<core::User> out;
    Statement s = db_.prepare(kUsers);
    while (s.step()) out.push_back(read_user(s));
    return out;
}

void SqliteUserStore::create_session(const core::Session& session, const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kInsertSession)
        .bind(1, session.token_hash)
        .bind(2, session.user_id)
        .bind(3, session.csrf_token)
        .bind(4, core::format_instant_utc(session.created_at))
        .bind(5, core::format_instant_utc(session.last_seen_at))
        .bind(6, core::format_instant_utc(session.expires_at))
        .run();
    append_audit(db_, audit);
    tx.commit();
}

std::optional<core::Session> SqliteUserStore::session(std::string_view token_hash) {
    Statement s = db_.prepare(kSessionByHash);
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    core::Session out;
    out.token_hash = s.text(0);
    out.user_id = s.int64(1);
    out.csrf_token = s.text(2);
    out.created_at = must(core::parse_instant(s.text(3)), "created_at");
    out.last_seen_at = must(core::parse_instant(s.text(4)), "last_seen_at");
    out.expires_at = must(core::parse_instant(s.text(5)), "expires_at");
    return out;
}

// Not audited: it records that a session was used, which changes no one's rights.
void SqliteUserStore::touch_session(std::string_view token_hash, core::Timestamp at) {
    db_.prepare(kTouchSession).bind(1, token_hash).bind(2, core::format_instant_utc(at)).run();
}

void SqliteUserStore::revoke_session(std::string_view token_hash, const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kRevokeSession).bind(1, token_hash).bind(2, core::format_instant_utc(audit.at)).run();
    if (db_.changes() == 0) return;  // nothing changed: roll back, no audit row
    append_audit(db_, audit);
    tx.commit();
}

std::int64_t SqliteUserStore::purge_sessions(core::Timestamp now, core::Timestamp idle_since,
                                             const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kPurgeSessions)
        .bind(1, core::format_instant_utc(now))
        .bind(2, core::format_instant_utc(idle_since))
        .run();
    const std::int64_t count = db_.changes();
    if (count == 0) return 0;  // nothing changed: roll back, no audit row
    core::AuditRecord with_count = audit;
    with_count.detail.emplace_back("count", std::to_string(count));
    append_audit(db_, with_count);
    tx.commit();
    return count;
}

void SqliteUserStore::record_login_failure(const core::AuditRecord& audit) {
    Transaction tx(db_);
    append_audit(db_, audit);
    tx.commit();
}

}  // namespace motcua::storage
