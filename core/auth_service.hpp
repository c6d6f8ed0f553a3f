#pragma once
// Staff sign-in: passwords checked against slow salted hashes, server-side sessions whose tokens are stored only as
// digests, a CSRF token per session, and the staff accounts themselves (docs/decisions/0006-sessions-and-passwords.md).
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/login_throttle.hpp"
#include "core/ports.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// Session lifetimes and the password rule.
struct AuthPolicy {
    std::chrono::minutes idle{30};         ///< a session unused for this long is over
    std::chrono::hours absolute{12};       ///< a session is over this long after login, however busy
    std::size_t min_password_length = 12;  ///< in Unicode code points (UTF-8), not bytes
};

/// Length of a session token and of a CSRF token: 32 Crockford base-32 characters = 160 bits.
inline constexpr std::size_t kSessionTokenLength = 32;
/// How often login() clears out ended sessions.
inline constexpr std::chrono::hours kSessionPurgeInterval{1};
/// Longest password accepted when one is set (in bytes): a bound on what we hash, far above any real passphrase.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// What a successful login hands to the caller. `token` goes to the client (as a cookie) and nowhere else: the
/// store keeps only its digest.
struct LoginResult {
    std::string token;
    std::string csrf_token;
    User user;
    Timestamp expires_at;  ///< the absolute end of the session (the idle limit may end it sooner)
};

/// An authenticated caller: the user (as stored now, not as at login) and their session.
struct Principal {
    User user;
    Session session;
};

/// Usernames: 3–64 characters of a–z, 0–9, '_', '.', '-'. Error invalid_argument "invalid_username" on `field`.
[[nodiscard]] Status validate_username(std::string_view username, std::string_view field = "username");

/// Safe to share between threads if its store, crypto and clock are.
class AuthService final {
public:
    /// `throttle_store` keeps the failed-login counters where every node sees them; none: in this process's memory.
    AuthService(UserStore& users, Crypto& crypto, const Clock& clock, AuthPolicy policy = {},
                ThrottlePolicy throttle = {}, ThrottleStore* throttle_store = nullptr)
        : users_(users), crypto_(crypto), clock_(clock), policy_(policy), throttle_(throttle, throttle_store) {}

    /// Checks a username and password and opens a session. `client` (an address, or "unknown") is recorded in the
    /// audit log with every attempt: "auth.login" on success, "auth.login_failed" with a reason otherwise.
    ///
    /// Errors, all unauthenticated:
    ///  - "invalid_credentials" for an unknown username and for a wrong password alike. An unknown username is
    ///    still checked against a hash of the same cost, so neither the answer nor its timing tells which names
    ///    exist. Usernames are matched after lower-casing ASCII letters.
    ///  - "account_disabled" for an inactive user, and only after the password was right.
    /// Error resource_exhausted "too_many_attempts" (HTTP 429) while this account is locked for this client address,
    /// or the address itself is, after repeated failures (LoginThrottle); no password is checked then.
    [[nodiscard]] Result<LoginResult> login(std::string_view username, std::string_view password,
                                            std::string_view client);

    /// The caller behind a session token. The token's digest must name a session that is not revoked, was used
    /// within `idle` and began less than `absolute` ago, and whose user still exists and is active. Records the
    /// use (last_seen_at) at most once a minute, so that reads stay reads.
    /// Errors: unauthenticated "login_required" (the message says whether the session is unknown or expired).
    [[nodiscard]] Result<Principal> authenticate(std::string_view token);

    /// Whether `presented` is the session's CSRF token, compared in constant time.
    [[nodiscard]] bool csrf_matches(const Session& session, std::string_view presented);

    /// Ends the session `token` names (audited as "auth.logout" by `actor`). Ending a session that is unknown,
    /// already revoked or expired succeeds and writes nothing.
    [[nodiscard]] Status logout(std::string_view token, const std::string& actor);

    /// Creates an active staff account (audited as "user.added" by `actor`); returns it with its id.
    /// Errors (invalid_argument unless said otherwise):
    ///  - "invalid_username" (field "username"): see validate_username;
    ///  - "password_too_short" / "password_too_long" (field "password"): fewer than min_password_length code
    ///    points, or more than kMaxPasswordBytes bytes;
    ///  - "agency_required" (field "agency"), "invalid_display_name" (field "display_name", over 200 code points);
    ///  - already_exists "username_taken" (field "username"), and whatever the store reports (an unknown agency).
    /// The role needs no check here: it is a Role, so parse_role has already refused anything else.
    [[nodiscard]] Result<User> add_user(User user, std::string_view password, const std::string& actor);

    /// Deletes the rows of sessions that have ended (revoked, past the absolute or idle limit), audited as
    /// "auth.sessions_purged" by "system" with their count when there were any. Returns the count. login() calls it
    /// at most once per `kSessionPurgeInterval`, so the table holds only live sessions and a day or so of dead ones.
    std::int64_t purge_ended_sessions();

    [[nodiscard]] const AuthPolicy& policy() const noexcept { return policy_; }

private:
    /// A hash of a random password that a login for an unknown username is checked against, so that it takes as
    /// long as a wrong password for a real account (usernames cannot be probed by timing).
    [[nodiscard]] const std::string& unknown_user_hash();

    UserStore& users_;
    Crypto& crypto_;
    const Clock& clock_;
    AuthPolicy policy_;
    LoginThrottle throttle_;
    std::mutex purge_mutex_;
    std::optional<Timestamp> last_purge_;  // guarded by purge_mutex_
    std::once_flag unknown_user_once_;
    std::string unknown_user_hash_;  // a hash of a random password, checked for unknown usernames; made on first login
};

}  // namespace motcua::core
