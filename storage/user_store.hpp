#pragma once
#include <vector>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// core::UserStore on SQLite (tables app_user, session). Every change writes its audit row in the same transaction.
class SqliteUserStore final : public core::UserStore {
public:
    explicit SqliteUserStore(Database& db) : db_(db) {}

    /// Errors: already_exists "username_taken" (field "username"); unprocessable "unknown_agency" (field
    /// "agency") when no agency has the user's agency code.
    [[nodiscard]] core::Result<core::User> add(const core::User& user, const std::string& password_hash,
                                               const core::AuditRecord& audit) override;
    void set_password(std::int64_t user_id, const std::string& password_hash, const core::AuditRecord& audit) override;
    [[nodiscard]] std::optional<std::pair<core::User, std::string>> find_with_hash(std::string_view username) override;
    [[nodiscard]] std::optional<core::User> find(std::int64_t id) override;
    /// Every user, by username (no password hashes).
    [[nodiscard]] std::vector<core::User> list();

    void create_session(const core::Session& session, const core::AuditRecord& audit) override;
    /// The session with this token digest, unless it was revoked (expiry is core's decision, not the store's).
    [[nodiscard]] std::optional<core::Session> session(std::string_view token_hash) override;
    void touch_session(std::string_view token_hash, core::Timestamp at) override;
    /// Marks the session revoked at `audit.at`. Revoking a revoked or unknown session changes nothing and writes no
    /// audit row.
    void revoke_session(std::string_view token_hash, const core::AuditRecord& audit) override;
    void record_login_failure(const core::AuditRecord& audit) override;
    std::int64_t purge_sessions(core::Timestamp now, core::Timestamp idle_since, const core::AuditRecord& audit) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
