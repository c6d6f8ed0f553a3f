#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/auth_service.hpp"
#include "tests/support/builders.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using namespace std::chrono_literals;

namespace {

/// Deterministic and fast: numbered tokens, "d:" digests, and a reversible "hash:" so core tests run in ms. It
/// counts the calls that matter for the timing and constant-time rules.
class FakeCrypto final : public core::Crypto {
public:
    std::string token(std::size_t count) override {
        const std::string n = std::to_string(++tokens_);
        return std::string(count - n.size(), '0') + n;
    }
    std::string digest(std::string_view text) override { return "d:" + std::string(text); }
    std::string hash_password(std::string_view password) override {
        ++hashes;
        return "hash:" + std::string(password);
    }
    bool verify_password(std::string_view password, const std::string& hash) override {
        ++verifications;
        return hash == "hash:" + std::string(password);
    }
    bool equal(std::string_view a, std::string_view b) override {
        ++comparisons;
        return a == b;
    }

    int hashes = 0;
    int verifications = 0;
    int comparisons = 0;

private:
    int tokens_ = 0;
};

/// The port's contract in memory: unique usernames, known agencies, sessions hidden once revoked, an audit list.
class FakeUserStore final : public core::UserStore {
public:
    core::Result<core::User> add(const core::User& user, const std::string& hash, const core::AuditRecord& a) override {
        for (const auto& [u, h] : users)
            if (u.username == user.username)
                return core::fail(core::ErrorKind::already_exists, "taken", "username", "username_taken");
        if (std::find(agencies.begin(), agencies.end(), user.agency) == agencies.end())
            return core::fail(core::ErrorKind::unprocessable, "unknown agency", "agency", "unknown_agency");
        core::User added = user;
        added.id = static_cast<std::int64_t>(users.size()) + 1;
        users.emplace_back(added, hash);
        audit.push_back(a);
        return added;
    }
    void set_password(std::int64_t id, const std::string& hash, const core::AuditRecord& a) override {
        for (auto& [u, h] : users)
            if (u.id == id) h = hash;
        audit.push_back(a);
    }
    std::optional<std::pair<core::User, std::string>> find_with_hash(std::string_view username) override {
        for (const auto& entry : users)
            if (entry.first.username == username) return entry;
        return std::nullopt;
    }
    std::optional<core::User> find(std::int64_t id) override {
        for (const auto& [u, h] : users)
            if (u.id == id) return u;
        return std::nullopt;
    }
    void create_session(const core::Session& s, const core::AuditRecord& a) override {
        sessions[s.token_hash] = s;
        audit.push_back(a);
    }
    std::optional<core::Session> session(std::string_view token_hash) override {
        const auto it = sessions.find(std::string(token_hash));
        if (it == sessions.end() || revoked.count(it->first) != 0) return std::nullopt;
        return it->second;
    }
    void touch_session(std::string_view token_hash, core::Timestamp at) override {
        ++touches;
        sessions.at(std::string(token_hash)).last_seen_at = at;
    }
    void revoke_session(std::string_view token_hash, const core::AuditRecord& a) override {
        if (!revoked.insert(std::string(token_hash)).second) return;
        audit.push_back(a);
    }
    void record_login_failure(const core::AuditRecord& a) override { audit.push_back(a); }
    std::int64_t purge_sessions(core::Timestamp now, core::Timestamp idle_since, const core::AuditRecord& a) override {
        std::int64_t count = 0;
        for (auto it = sessions.begin(); it != sessions.end();) {
            if (revoked.count(it->first) != 0 || it->second.expires_at <= now || it->second.last_seen_at <= idle_since) {
                revoked.erase(it->first);
                it = sessions.erase(it);
                ++count;
            } else {
                ++it;
            }
        }
        if (count > 0) {
            core::AuditRecord with_count = a;
            with_count.detail.emplace_back("count", std::to_string(count));
            audit.push_back(with_count);
        }
        return count;
    }

    void set_active(std::string_view username, bool active) {
        for (auto& [u, h] : users)
            if (u.username == username) u.active = active;
    }
    [[nodiscard]] std::vector<core::AuditRecord> audited(std::string_view action) const {
        std::vector<core::AuditRecord> out;
        std::copy_if(audit.begin(), audit.end(), std::back_inserter(out),
                     [&](const core::AuditRecord& r) { return r.action == action; });
        return out;
    }

    std::vector<std::string> agencies{"000.00.12.H56"};
    std::vector<std::pair<core::User, std::string>> users;
    std::map<std::string, core::Session> sessions;
    std::set<std::string> revoked;
    std::vector<core::AuditRecord> audit;
    int touches = 0;
};

std::string detail(const core::AuditRecord& r, std::string_view key) {
    for (const auto& [k, v] : r.detail)
        if (k == key) return v;
    return "(absent)";
}

core::User clerk(std::string username = "ngoc.tran") {
    core::User u;
    u.username = std::move(username);
    u.display_name = "Trần Thị Bích Ngọc";
    u.role = core::Role::clerk;
    u.agency = "000.00.12.H56";
    return u;
}

constexpr const char* kPassword = "Mật-khẩu-đủ-dài-2026";

/// A service over the fakes with one clerk, "ngoc.tran", already added.
struct Fixture {
    FakeUserStore store;
    FakeCrypto crypto;
    test::FixedClock clock{test::instant("2026-03-10T08:00:00+07:00")};
    core::AuthService auth{store, crypto, clock};

    Fixture() { REQUIRE(auth.add_user(clerk(), kPassword, "admin").has_value()); }

    core::LoginResult login() {
        auto r = auth.login("ngoc.tran", kPassword, "203.0.113.7");
        REQUIRE(r.has_value());
        return *r;
    }
};

}  // namespace

TEST_CASE("login with the right password opens a session stored under the token's digest") {
    Fixture f;
    const core::LoginResult r = f.login();
    CHECK(r.token.size() == core::kSessionTokenLength);
    CHECK(r.csrf_token.size() == core::kSessionTokenLength);
    CHECK(r.csrf_token != r.token);
    CHECK(r.user.username == "ngoc.tran");
    CHECK(r.expires_at == f.clock.now() + 12h);
    REQUIRE(f.store.sessions.size() == 1);
    const core::Session& s = f.store.sessions.begin()->second;
    CHECK(s.token_hash == f.crypto.digest(r.token));
    CHECK(s.token_hash != r.token);
    CHECK(s.csrf_token == r.csrf_token);
    CHECK(s.user_id == r.user.id);
    CHECK(s.created_at == f.clock.now());
    CHECK(s.last_seen_at == f.clock.now());
    CHECK(s.expires_at == r.expires_at);
    const auto logins = f.store.audited("auth.login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].actor == "ngoc.tran");
    CHECK(logins[0].subject == "user:ngoc.tran");
    CHECK(detail(logins[0], "client") == "203.0.113.7");
}

TEST_CASE("login ignores the case of ASCII letters in the username") {
    Fixture f;
    CHECK(f.auth.login("Ngoc.Tran", kPassword, "unknown").has_value());
}

TEST_CASE("every login opens a new session with new tokens") {
    Fixture f;
    const auto a = f.login();
    const auto b = f.login();
    CHECK(a.token != b.token);
    CHECK(a.csrf_token != b.csrf_token);
    CHECK(f.store.sessions.size() == 2);
}

TEST_CASE("an unknown username and a wrong password get the same answer and cost the same") {
    Fixture f;
    f.auth.login("ngoc.tran", kPassword, "x").value();  // the dummy hash now exists; count from here
    const int verifications_before = f.crypto.verifications;
    const int hashes_before = f.crypto.hashes;

    auto wrong = f.auth.login("ngoc.tran", "not the password", "198.51.100.1");
    auto unknown = f.auth.login("nobody.here", kPassword, "198.51.100.1");
    auto malformed = f.auth.login("x", kPassword, "198.51.100.1");
    for (const auto* r : {&wrong, &unknown, &malformed}) {
        REQUIRE_FALSE(r->has_value());
        CHECK(r->error().kind == core::ErrorKind::unauthenticated);
        CHECK(r->error().code == "invalid_credentials");
        CHECK(r->error().message == wrong.error().message);
        CHECK(r->error().field.empty());
    }
    CHECK(f.crypto.verifications - verifications_before == 3);  // one each, unknown names included
    CHECK(f.crypto.hashes == hashes_before);                     // the dummy hash is made once, not per attempt
    CHECK(f.store.sessions.size() == 1);

    const auto failures = f.store.audited("auth.login_failed");
    REQUIRE(failures.size() == 3);
    CHECK(detail(failures[0], "reason") == "wrong_password");
    CHECK(detail(failures[1], "reason") == "unknown_user");
    CHECK(detail(failures[0], "client") == "198.51.100.1");
    CHECK(failures[1].subject == "user:nobody.here");
    CHECK(failures[0].actor == "anonymous");
}

TEST_CASE("the very first login verifies against a dummy hash even when the username is unknown") {
    FakeUserStore store;
    FakeCrypto crypto;
    test::FixedClock clock(test::instant("2026-03-10T08:00:00+07:00"));
    core::AuthService auth(store, crypto, clock);
    CHECK(auth.login("nobody.here", "whatever", "unknown").error().code == "invalid_credentials");
    CHECK(crypto.hashes == 1);
    CHECK(crypto.verifications == 1);
}

TEST_CASE("an inactive user is refused even with the right password, and the attempt is audited") {
    Fixture f;
    f.store.set_active("ngoc.tran", false);
    auto r = f.auth.login("ngoc.tran", kPassword, "unknown");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == core::ErrorKind::unauthenticated);
    CHECK(r.error().code == "account_disabled");
    CHECK(f.store.sessions.empty());
    REQUIRE(f.store.audited("auth.login_failed").size() == 1);
    CHECK(detail(f.store.audited("auth.login_failed")[0], "reason") == "account_disabled");

    SUBCASE("and with a wrong password it looks like any wrong password") {
        CHECK(f.auth.login("ngoc.tran", "wrong password!!", "unknown").error().code == "invalid_credentials");
    }
}

TEST_CASE("authenticate returns the user and session behind a token") {
    Fixture f;
    const auto r = f.login();
    auto p = f.auth.authenticate(r.token);
    REQUIRE(p.has_value());
    CHECK(p->user.username == "ngoc.tran");
    CHECK(p->user.role == core::Role::clerk);
    CHECK(p->session.csrf_token == r.csrf_token);
}

TEST_CASE("authenticate refuses a missing, malformed or unknown token with login_required") {
    Fixture f;
    f.login();
    for (const std::string& token : {std::string(), std::string("short"), std::string(32, 'Z'), std::string(33, '0')}) {
        CAPTURE(token);
        auto p = f.auth.authenticate(token);
        REQUIRE_FALSE(p.has_value());
        CHECK(p.error().kind == core::ErrorKind::unauthenticated);
        CHECK(p.error().code == "login_required");
    }
}

TEST_CASE("a session unused for the idle limit expires") {
    Fixture f;
    const auto r = f.login();
    f.clock.advance(29min);
    CHECK(f.auth.authenticate(r.token).has_value());  // used: the idle clock starts again
    f.clock.advance(29min);
    CHECK(f.auth.authenticate(r.token).has_value());
    f.clock.advance(30min);
    auto p = f.auth.authenticate(r.token);
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().code == "login_required");
    CHECK(p.error().message.find("expired") != std::string::npos);
}

TEST_CASE("a busy session still ends at the absolute limit") {
    Fixture f;
    const auto r = f.login();
    for (int i = 0; i < 12 * 3 - 1; ++i) {  // every 20 minutes for just under 12 hours
        f.clock.advance(20min);
        REQUIRE(f.auth.authenticate(r.token).has_value());
    }
    f.clock.advance(20min);  // exactly 12 hours after login
    CHECK(f.auth.authenticate(r.token).error().code == "login_required");
}

TEST_CASE("the session lifetimes follow the policy given") {
    FakeUserStore store;
    FakeCrypto crypto;
    test::FixedClock clock(test::instant("2026-03-10T08:00:00+07:00"));
    core::AuthService auth(store, crypto, clock, core::AuthPolicy{5min, 1h, 8});
    REQUIRE(auth.add_user(clerk(), "eight ch", "admin").has_value());
    auto r = auth.login("ngoc.tran", "eight ch", "unknown");
    REQUIRE(r.has_value());
    CHECK(r->expires_at == clock.now() + 1h);
    clock.advance(5min);
    CHECK_FALSE(auth.authenticate(r->token).has_value());
}

TEST_CASE("use of a session is recorded at most once a minute") {
    Fixture f;
    const auto r = f.login();
    const core::Timestamp login_at = f.clock.now();
    f.clock.advance(10s);
    REQUIRE(f.auth.authenticate(r.token).has_value());
    f.clock.advance(40s);
    REQUIRE(f.auth.authenticate(r.token).has_value());
    CHECK(f.store.touches == 0);
    CHECK(f.store.sessions.begin()->second.last_seen_at == login_at);
    f.clock.advance(10s);  // one minute after login
    auto p = f.auth.authenticate(r.token);
    REQUIRE(p.has_value());
    CHECK(f.store.touches == 1);
    CHECK(p->session.last_seen_at == f.clock.now());
    CHECK(f.store.sessions.begin()->second.last_seen_at == f.clock.now());
}

TEST_CASE("logout revokes the session, is audited, and a second logout is harmless") {
    Fixture f;
    const auto r = f.login();
    const auto other = f.login();
    REQUIRE(f.auth.logout(r.token, "ngoc.tran").has_value());
    CHECK(f.auth.authenticate(r.token).error().code == "login_required");
    CHECK(f.auth.authenticate(other.token).has_value());  // only the session named ends
    const auto logouts = f.store.audited("auth.logout");
    REQUIRE(logouts.size() == 1);
    CHECK(logouts[0].actor == "ngoc.tran");
    CHECK(logouts[0].subject == "user:ngoc.tran");
    CHECK(f.auth.logout(r.token, "ngoc.tran").has_value());
    CHECK(f.auth.logout("not-a-token", "ngoc.tran").has_value());
    CHECK(f.store.audited("auth.logout").size() == 1);
}

TEST_CASE("disabling a user ends their open sessions") {
    Fixture f;
    const auto r = f.login();
    f.store.set_active("ngoc.tran", false);
    CHECK(f.auth.authenticate(r.token).error().code == "login_required");
}

TEST_CASE("the CSRF check goes through the constant-time comparison") {
    Fixture f;
    const auto r = f.login();
    const auto p = f.auth.authenticate(r.token).value();
    CHECK(f.auth.csrf_matches(p.session, r.csrf_token));
    CHECK_FALSE(f.auth.csrf_matches(p.session, r.token));
    CHECK_FALSE(f.auth.csrf_matches(p.session, ""));
    CHECK(f.crypto.comparisons == 3);
    core::Session empty = p.session;
    empty.csrf_token.clear();
    CHECK_FALSE(f.auth.csrf_matches(empty, ""));  // a session without a CSRF token matches nothing
}

TEST_CASE("add_user stores a hash, never the password, and audits the addition") {
    Fixture f;
    REQUIRE(f.store.users.size() == 1);
    const auto& [user, hash] = f.store.users[0];
    CHECK(user.id == 1);
    CHECK(user.active);
    CHECK(hash == "hash:" + std::string(kPassword));  // the fake's "hash"; what matters is that the store got it
    const auto added = f.store.audited("user.added");
    REQUIRE(added.size() == 1);
    CHECK(added[0].actor == "admin");
    CHECK(added[0].subject == "user:ngoc.tran");
    CHECK(detail(added[0], "role") == "clerk");
    CHECK(detail(added[0], "agency") == "000.00.12.H56");
    for (const auto& [k, v] : added[0].detail) CHECK(v.find(kPassword) == std::string::npos);
}

TEST_CASE("add_user enforces the password length in characters, not bytes") {
    Fixture f;
    struct Row {
        const char* password;
        bool accepted;
    };
    const Row rows[] = {
        {"elevenchars", false},
        {"twelve chars", true},
        {"mật khẩu dài", true},     // 12 characters, 17 bytes
        {"mật khẩu ngắ", true},     // 12 characters
        {"mật khẩu ng", false},     // 11 characters but 15 bytes
        {"", false},
    };
    int n = 0;
    for (const Row& row : rows) {
        CAPTURE(row.password);
        auto r = f.auth.add_user(clerk("user" + std::to_string(++n)), row.password, "admin");
        CHECK(r.has_value() == row.accepted);
        if (!row.accepted) {
            CHECK(r.error().kind == core::ErrorKind::invalid_argument);
            CHECK(r.error().code == "password_too_short");
            CHECK(r.error().field == "password");
        }
    }
    auto huge = f.auth.add_user(clerk("huge"), std::string(core::kMaxPasswordBytes + 1, 'x'), "admin");
    CHECK(huge.error().code == "password_too_long");
}

TEST_CASE("add_user accepts usernames of 3 to 64 characters of a-z, 0-9, '_', '.', '-' only") {
    Fixture f;
    struct Row {
        std::string username;
        bool accepted;
    };
    const Row rows[] = {
        {"abc", true},
        {"ngoc.tran_01-x", true},
        {std::string(64, 'a'), true},
        {"ab", false},
        {std::string(65, 'a'), false},
        {"", false},
        {"Ngoc", false},
        {"ngoc tran", false},
        {"ngọc", false},
        {"ngoc@tran", false},
        {"ngoc/tran", false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.username);
        auto r = f.auth.add_user(clerk(row.username), kPassword, "admin");
        CHECK(r.has_value() == row.accepted);
        if (!row.accepted) {
            CHECK(r.error().kind == core::ErrorKind::invalid_argument);
            CHECK(r.error().code == "invalid_username");
            CHECK(r.error().field == "username");
        }
    }
}

TEST_CASE("add_user requires an agency, bounds the display name and refuses a taken username") {
    Fixture f;
    core::User no_agency = clerk("lan.pham");
    no_agency.agency.clear();
    auto r = f.auth.add_user(no_agency, kPassword, "admin");
    CHECK(r.error().code == "agency_required");
    CHECK(r.error().field == "agency");

    core::User long_name = clerk("lan.pham");
    long_name.display_name = std::string(201, 'a');
    CHECK(f.auth.add_user(long_name, kPassword, "admin").error().code == "invalid_display_name");
    long_name.display_name.clear();
    for (int i = 0; i < 200; ++i) long_name.display_name += "ạ";  // 200 characters, 600 bytes
    CHECK(f.auth.add_user(long_name, kPassword, "admin").has_value());

    auto again = f.auth.add_user(clerk(), kPassword, "admin");
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().kind == core::ErrorKind::already_exists);
    CHECK(again.error().code == "username_taken");

    core::User elsewhere = clerk("hung.nguyen");
    elsewhere.agency = "999.99.99.H99";
    CHECK(f.auth.add_user(elsewhere, kPassword, "admin").error().code == "unknown_agency");
}

TEST_CASE("add_user makes every new account active whatever the caller passed") {
    Fixture f;
    core::User u = clerk("hung.nguyen");
    u.active = false;
    u.id = 99;
    auto r = f.auth.add_user(u, kPassword, "admin");
    REQUIRE(r.has_value());
    CHECK(r->active);
    CHECK(r->id == 2);
    CHECK(f.auth.login("hung.nguyen", kPassword, "unknown").has_value());
}

TEST_CASE("repeated wrong passwords lock the account for that address with 429, without checking the password") {
    Fixture f;
    for (int i = 0; i < 6; ++i) CHECK(f.auth.login("ngoc.tran", "wrong-password-x", "203.0.113.9").error().code == "invalid_credentials");
    auto locked = f.auth.login("ngoc.tran", kPassword, "203.0.113.9");
    REQUIRE_FALSE(locked.has_value());
    CHECK(locked.error().code == "too_many_attempts");
    CHECK(locked.error().kind == core::ErrorKind::resource_exhausted);
    CHECK(f.auth.login("ngoc.tran", kPassword, "203.0.113.7").has_value());  // the clerk's own counter still works
    f.clock.advance(std::chrono::seconds{31});
    CHECK(f.auth.login("ngoc.tran", kPassword, "203.0.113.9").has_value());
}

TEST_CASE("ended sessions are purged at the next login after an hour, audited with their count") {
    Fixture f;
    const auto revoked = f.login();  // this first login purges nothing: there is nothing to purge
    const auto idle = f.login();
    const auto live = f.login();
    REQUIRE(f.auth.logout(revoked.token, "ngoc.tran").has_value());
    f.clock.advance(20min);
    REQUIRE(f.auth.authenticate(live.token).has_value());  // keeps `live` in use...
    f.clock.advance(20min);
    REQUIRE(f.auth.authenticate(live.token).has_value());  // ...while `idle` passes 30 minutes unused
    f.clock.advance(10min);
    f.login();  // under an hour since the first purge: nothing is deleted yet
    CHECK(f.store.sessions.size() == 4);
    CHECK(f.store.audited("auth.sessions_purged").empty());
    f.clock.advance(10min);
    REQUIRE(f.auth.authenticate(live.token).has_value());
    f.login();  // an hour after the first login: the revoked and the idle session go
    CHECK(f.store.sessions.size() == 3);
    CHECK(f.store.sessions.count("d:" + revoked.token) == 0);
    CHECK(f.store.sessions.count("d:" + idle.token) == 0);
    CHECK(f.auth.authenticate(live.token).has_value());
    const auto purged = f.store.audited("auth.sessions_purged");
    REQUIRE(purged.size() == 1);
    CHECK(purged[0].actor == "system");
    CHECK(detail(purged[0], "count") == "2");
}

TEST_CASE("a session past its absolute limit is purged even while in use") {
    Fixture f;
    const auto r = f.login();
    f.clock.advance(12h);
    CHECK(f.auth.purge_ended_sessions() == 1);
    CHECK(f.store.sessions.empty());
    CHECK(f.auth.purge_ended_sessions() == 0);
    CHECK(f.store.audited("auth.sessions_purged").size() == 1);
    CHECK_FALSE(f.auth.authenticate(r.token).has_value());
}
