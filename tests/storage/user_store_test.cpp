#include <string>

#include <doctest/doctest.h>

#include "core/catalogue.hpp"
#include "storage/audit_log.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/user_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;
using namespace std::chrono_literals;

namespace {

constexpr const char* kAgency = "000.00.12.H56";

core::AuditRecord audit(std::string action, std::string subject = "user:ngoc.tran") {
    return core::AuditRecord{test::instant("2026-03-10T09:00:00+07:00"), "admin", std::move(action), std::move(subject),
                             {{"client", "203.0.113.7"}}};
}

core::User clerk(std::string username = "ngoc.tran") {
    core::User u;
    u.username = std::move(username);
    u.display_name = "Trần Thị Bích Ngọc";
    u.role = core::Role::officer;
    u.agency = kAgency;
    return u;
}

core::Session session_for(std::int64_t user_id, std::string token_hash = std::string(64, 'a')) {
    const core::Timestamp at = test::instant("2026-03-10T09:00:00+07:00");
    return core::Session{std::move(token_hash), user_id, "CSRF0000000000000000000000000000", at, at, at + 12h};
}

std::int64_t count(storage::Database& db, std::string_view sql, std::string_view param = {}) {
    auto s = db.prepare(sql);
    if (!param.empty()) s.bind(1, param);
    s.step();
    return s.int64(0);
}

std::int64_t audit_rows(storage::Database& db, std::string_view action) {
    return count(db, "SELECT count(*) FROM audit_log WHERE action = ?1", action);
}

/// A migrated database with the agency the users belong to.
struct Fixture {
    test::TempDatabase tmp;
    storage::SqliteUserStore store{tmp.db()};

    Fixture() {
        core::Agency agency;
        agency.code = kAgency;
        agency.name = "UBND phường Phú Hòa";
        agency.level = core::AgencyLevel::commune;
        storage::SqliteCatalogueStore(tmp.db()).save({agency}, {}, {});
    }

    core::User add(std::string username = "ngoc.tran") {
        auto r = store.add(clerk(std::move(username)), "$argon2id$fake", audit("user.added"));
        REQUIRE(r.has_value());
        return *r;
    }
};

}  // namespace

TEST_CASE("an added user is found by name with its hash and by id without it") {
    Fixture f;
    const core::User added = f.add();
    CHECK(added.id > 0);
    auto by_name = f.store.find_with_hash("ngoc.tran");
    REQUIRE(by_name.has_value());
    CHECK(by_name->first.id == added.id);
    CHECK(by_name->first.display_name == "Trần Thị Bích Ngọc");
    CHECK(by_name->first.role == core::Role::officer);
    CHECK(by_name->first.agency == kAgency);
    CHECK(by_name->first.active);
    CHECK(by_name->second == "$argon2id$fake");
    auto by_id = f.store.find(added.id);
    REQUIRE(by_id.has_value());
    CHECK(by_id->username == "ngoc.tran");
    CHECK_FALSE(f.store.find_with_hash("nobody").has_value());
    CHECK_FALSE(f.store.find(added.id + 100).has_value());
    CHECK(audit_rows(f.tmp.db(), "user.added") == 1);
}

TEST_CASE("list returns every user by username") {
    Fixture f;
    f.add("zung.vo");
    f.add("an.le");
    const auto users = f.store.list();
    REQUIRE(users.size() == 2);
    CHECK(users[0].username == "an.le");
    CHECK(users[1].username == "zung.vo");
}

TEST_CASE("a taken username is refused and nothing more is written") {
    Fixture f;
    f.add();
    auto again = f.store.add(clerk(), "$argon2id$other", audit("user.added"));
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().kind == core::ErrorKind::already_exists);
    CHECK(again.error().code == "username_taken");
    CHECK(again.error().field == "username");
    CHECK(f.store.find_with_hash("ngoc.tran")->second == "$argon2id$fake");
    CHECK(audit_rows(f.tmp.db(), "user.added") == 1);
}

TEST_CASE("a user of an unknown agency is refused, naming the agency field") {
    Fixture f;
    core::User u = clerk();
    u.agency = "999.99.99.H99";
    auto r = f.store.add(u, "$argon2id$fake", audit("user.added"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == core::ErrorKind::unprocessable);
    CHECK(r.error().code == "unknown_agency");
    CHECK(r.error().field == "agency");
    CHECK(f.store.list().empty());
    CHECK(audit_rows(f.tmp.db(), "user.added") == 0);
}

TEST_CASE("set_password replaces the hash and is audited") {
    Fixture f;
    const auto u = f.add();
    f.store.set_password(u.id, "$argon2id$new", audit("user.password_set"));
    CHECK(f.store.find_with_hash("ngoc.tran")->second == "$argon2id$new");
    CHECK(audit_rows(f.tmp.db(), "user.password_set") == 1);
}

TEST_CASE("a session is stored, found by its token digest, and touched") {
    Fixture f;
    const auto u = f.add();
    const core::Session s = session_for(u.id);
    f.store.create_session(s, audit("auth.login"));
    CHECK(audit_rows(f.tmp.db(), "auth.login") == 1);
    auto found = f.store.session(s.token_hash);
    REQUIRE(found.has_value());
    CHECK(found->user_id == u.id);
    CHECK(found->csrf_token == s.csrf_token);
    CHECK(found->created_at == s.created_at);
    CHECK(found->last_seen_at == s.last_seen_at);
    CHECK(found->expires_at == s.expires_at);
    CHECK_FALSE(f.store.session(std::string(64, 'b')).has_value());

    f.store.touch_session(s.token_hash, s.created_at + 5min);
    CHECK(f.store.session(s.token_hash)->last_seen_at == s.created_at + 5min);
    CHECK(audit_rows(f.tmp.db(), "auth.login") == 1);  // touching is not a change anyone's rights depend on
}

TEST_CASE("a revoked session is no longer found, and revoking twice writes one audit row") {
    Fixture f;
    const auto u = f.add();
    const core::Session s = session_for(u.id);
    const core::Session other = session_for(u.id, std::string(64, 'c'));
    f.store.create_session(s, audit("auth.login"));
    f.store.create_session(other, audit("auth.login"));
    f.store.revoke_session(s.token_hash, audit("auth.logout"));
    CHECK_FALSE(f.store.session(s.token_hash).has_value());
    CHECK(f.store.session(other.token_hash).has_value());
    CHECK(count(f.tmp.db(), "SELECT count(*) FROM session WHERE revoked_at IS NOT NULL") == 1);
    f.store.revoke_session(s.token_hash, audit("auth.logout"));
    f.store.revoke_session(std::string(64, 'f'), audit("auth.logout"));
    CHECK(audit_rows(f.tmp.db(), "auth.logout") == 1);
}

TEST_CASE("a session for an unknown user is an infrastructure failure, not a row") {
    Fixture f;
    CHECK_THROWS_AS(f.store.create_session(session_for(4242), audit("auth.login")), storage::StorageError);
    CHECK(count(f.tmp.db(), "SELECT count(*) FROM session") == 0);
    CHECK(audit_rows(f.tmp.db(), "auth.login") == 0);
}

TEST_CASE("a failed login is audited with its detail and the chain stays intact") {
    Fixture f;
    f.add();
    core::AuditRecord failure = audit("auth.login_failed", "user:nobody");
    failure.actor = "anonymous";
    failure.detail.emplace_back("reason", "unknown_user");
    f.store.record_login_failure(failure);
    CHECK(audit_rows(f.tmp.db(), "auth.login_failed") == 1);
    auto s = f.tmp.db().prepare("SELECT actor, subject, detail FROM audit_log WHERE action = 'auth.login_failed'");
    REQUIRE(s.step());
    CHECK(s.text(0) == "anonymous");
    CHECK(s.text(1) == "user:nobody");
    CHECK(s.text(2).find("\"client\":\"203.0.113.7\"") != std::string::npos);
    CHECK(s.text(2).find("\"reason\":\"unknown_user\"") != std::string::npos);
    CHECK_FALSE(storage::verify_audit(f.tmp.db()).first_bad_id.has_value());
}

TEST_CASE("purging deletes revoked, expired and idle sessions only, with one audit row for the lot") {
    Fixture f;
    const auto u = f.add();
    const core::Timestamp at = test::instant("2026-03-10T09:00:00+07:00");
    const core::Session live = session_for(u.id, std::string(64, 'a'));
    const core::Session revoked = session_for(u.id, std::string(64, 'b'));
    core::Session expired = session_for(u.id, std::string(64, 'c'));
    expired.expires_at = at + 1h;
    core::Session idle = session_for(u.id, std::string(64, 'd'));
    idle.last_seen_at = at - 1h;
    for (const auto& s : {live, revoked, expired, idle}) f.store.create_session(s, audit("auth.login"));
    f.store.revoke_session(revoked.token_hash, audit("auth.logout"));

    const core::AuditRecord purge{at + 1h, "system", "auth.sessions_purged", "sessions", {}};
    CHECK(f.store.purge_sessions(at + 1h, at - 30min, purge) == 3);
    CHECK(count(f.tmp.db(), "SELECT count(*) FROM session") == 1);
    CHECK(f.store.session(live.token_hash).has_value());
    CHECK(count(f.tmp.db(), "SELECT count(*) FROM audit_log WHERE action = 'auth.sessions_purged' AND "
                            "json_extract(detail, '$.count') = '3'") == 1);
    CHECK(f.store.purge_sessions(at + 1h, at - 30min, purge) == 0);
    CHECK(audit_rows(f.tmp.db(), "auth.sessions_purged") == 1);
    CHECK_FALSE(storage::verify_audit(f.tmp.db()).first_bad_id.has_value());
}
