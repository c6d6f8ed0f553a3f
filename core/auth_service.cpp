#include "core/auth_service.hpp"

#include <algorithm>
#include <optional>

namespace motcua::core {
namespace {

constexpr std::size_t kMaxDisplayName = 200;
constexpr std::size_t kMaxUsername = 64;
// last_seen_at is written at most this often: a session used every second would otherwise turn every read into a
// write. The idle limit is therefore measured from a time up to this much older than the real last use.
constexpr std::chrono::minutes kTouchInterval{1};

Error login_required(std::string message) {
    return Error{ErrorKind::unauthenticated, "login_required", std::move(message), {}};
}

std::size_t code_points(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string subject_for(std::string_view username) {
    // An attempted username is whatever a client sent: keep the audit row bounded.
    return "user:" + std::string(username.substr(0, kMaxUsername));
}

// Enough of a session's digest to tie its login and logout rows together; it cannot be turned back into the token.
std::string session_ref(const std::string& token_hash) { return token_hash.substr(0, 16); }

}  // namespace

Status validate_username(std::string_view username, std::string_view field) {
    const bool ok = username.size() >= 3 && username.size() <= kMaxUsername &&
                    std::all_of(username.begin(), username.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
                    });
    if (!ok)
        return fail(ErrorKind::invalid_argument,
                    "a username is 3 to 64 characters of lower-case letters a-z, digits, '_', '.' and '-'",
                    std::string(field), "invalid_username");
    return {};
}

const std::string& AuthService::unknown_user_hash() {
    std::call_once(unknown_user_once_,
                   [this] { unknown_user_hash_ = crypto_.hash_password(crypto_.token(kSessionTokenLength)); });
    return unknown_user_hash_;
}

Result<LoginResult> AuthService::login(std::string_view username, std::string_view password,
                                       std::string_view client) {
    // Made before anything else, so that the first login pays for it whether or not the username exists.
    const std::string& unknown_user = unknown_user_hash();
    const std::string name = ascii_lower(username);
    const Timestamp now = clock_.now();
    if (auto until = throttle_.locked_until(name, client, now)) {
        users_.record_login_failure(AuditRecord{now, "anonymous", "auth.login_failed", subject_for(name),
                                                {{"client", std::string(client)}, {"reason", "throttled"}}});
        const auto wait = std::chrono::duration_cast<std::chrono::seconds>(*until - now).count();
        return fail(ErrorKind::resource_exhausted,
                    "too many failed logins; try again in " + std::to_string(wait) + " seconds", {},
                    "too_many_attempts");
    }

    std::optional<std::pair<User, std::string>> found;
    if (validate_username(name)) found = users_.find_with_hash(name);
    // Exactly one verification on every path: an unknown name costs what a wrong password costs.
    const bool password_ok = crypto_.verify_password(password, found ? found->second : unknown_user);

    const auto refuse = [&](const char* reason) {
        throttle_.record_failure(name, client, now);
        users_.record_login_failure(AuditRecord{
            now, "anonymous", "auth.login_failed", subject_for(name), {{"client", std::string(client)}, {"reason", reason}}});
    };
    if (!found || !password_ok) {
        refuse(found ? "wrong_password" : "unknown_user");
        return fail(ErrorKind::unauthenticated, "wrong username or password", {}, "invalid_credentials");
    }
    const User& user = found->first;
    if (!user.active) {
        refuse("account_disabled");
        return fail(ErrorKind::unauthenticated, "this account is disabled", {}, "account_disabled");
    }

    throttle_.record_success(name, client);
    bool purge_due = false;
    {
        const std::lock_guard lock(purge_mutex_);
        if (!last_purge_ || now - *last_purge_ >= kSessionPurgeInterval) {
            last_purge_ = now;
            purge_due = true;
        }
    }
    if (purge_due) purge_ended_sessions();
    LoginResult result{crypto_.token(kSessionTokenLength), crypto_.token(kSessionTokenLength), user,
                       now + policy_.absolute};
    const Session session{crypto_.digest(result.token), user.id, result.csrf_token, now, now, result.expires_at};
    users_.create_session(session, AuditRecord{now,
                                               user.username,
                                               "auth.login",
                                               subject_for(user.username),
                                               {{"client", std::string(client)}, {"session", session_ref(session.token_hash)}}});
    return result;
}

Result<Principal> AuthService::authenticate(std::string_view token) {
    if (token.size() != kSessionTokenLength) return tl::unexpected(login_required("please log in"));
    const std::string token_hash = crypto_.digest(token);
    auto session = users_.session(token_hash);
    if (!session) return tl::unexpected(login_required("the session is unknown or has ended; please log in"));
    const Timestamp now = clock_.now();
    if (now >= session->expires_at || now - session->last_seen_at >= policy_.idle)
        return tl::unexpected(login_required("the session has expired; please log in again"));
    auto user = users_.find(session->user_id);
    if (!user || !user->active) return tl::unexpected(login_required("this account is disabled"));
    if (now - session->last_seen_at >= kTouchInterval) {
        users_.touch_session(token_hash, now);
        session->last_seen_at = now;
    }
    return Principal{std::move(*user), std::move(*session)};
}

std::int64_t AuthService::purge_ended_sessions() {
    const Timestamp now = clock_.now();
    return users_.purge_sessions(now, now - policy_.idle,
                                 AuditRecord{now, "system", "auth.sessions_purged", "sessions", {}});
}

bool AuthService::csrf_matches(const Session& session, std::string_view presented) {
    return !session.csrf_token.empty() && crypto_.equal(presented, session.csrf_token);
}

Status AuthService::logout(std::string_view token, const std::string& actor) {
    if (token.size() != kSessionTokenLength) return {};
    const std::string token_hash = crypto_.digest(token);
    const auto session = users_.session(token_hash);
    if (!session) return {};
    const auto owner = users_.find(session->user_id);
    users_.revoke_session(token_hash, AuditRecord{clock_.now(),
                                                  actor,
                                                  "auth.logout",
                                                  subject_for(owner ? owner->username : actor),
                                                  {{"session", session_ref(token_hash)}}});
    return {};
}

Result<User> AuthService::add_user(User user, std::string_view password, const std::string& actor) {
    if (auto ok = validate_username(user.username); !ok) return tl::unexpected(ok.error());
    if (code_points(password) < policy_.min_password_length)
        return fail(ErrorKind::invalid_argument,
                    "a password needs at least " + std::to_string(policy_.min_password_length) + " characters",
                    "password", "password_too_short");
    if (password.size() > kMaxPasswordBytes)
        return fail(ErrorKind::invalid_argument,
                    "a password may have at most " + std::to_string(kMaxPasswordBytes) + " bytes", "password",
                    "password_too_long");
    if (user.agency.empty())
        return fail(ErrorKind::invalid_argument, "a user belongs to an agency", "agency", "agency_required");
    if (code_points(user.display_name) > kMaxDisplayName)
        return fail(ErrorKind::invalid_argument,
                    "a display name has at most " + std::to_string(kMaxDisplayName) + " characters", "display_name",
                    "invalid_display_name");
    user.id = 0;
    user.active = true;
    const std::string hash = crypto_.hash_password(password);
    return users_.add(user, hash,
                      AuditRecord{clock_.now(),
                                  actor,
                                  "user.added",
                                  subject_for(user.username),
                                  {{"role", to_string(user.role)}, {"agency", user.agency}}});
}

}  // namespace motcua::core
