#pragma once
// Throttling of failed logins (issue "Security and reliability"): per account *and client address* pair, and per
// client address. Locks are temporary and grow with repeated failures up to a cap, and an account is only locked for
// the address that failed: an attacker elsewhere cannot lock a clerk out of their own counter.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace motcua::core {

struct ThrottlePolicy {
    int free_failures_per_account = 5;    ///< failures of one account from one address before a lock
    int free_failures_per_address = 20;   ///< failures from one address (any accounts) before a lock
    std::chrono::seconds first_lock{30};  ///< then doubled with every further failure ...
    std::chrono::seconds max_lock{15 * 60};  ///< ... up to this
    std::chrono::minutes forget_after{60};   ///< failures older than this (since the last one) are forgotten
};

class LoginThrottle final {
public:
    explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

    /// When a login for `account` from `client` may be tried again, if it may not be tried at `now`.
    [[nodiscard]] std::optional<Timestamp> locked_until(std::string_view account, std::string_view client, Timestamp now);
    void record_failure(std::string_view account, std::string_view client, Timestamp now);
    /// A successful login clears the account's counter for that address (not the address's own counter).
    void record_success(std::string_view account, std::string_view client);

private:
    struct Counter {
        int failures = 0;
        Timestamp last{};
        Timestamp locked_until{};
    };
    void fail(Counter& c, int free_failures, Timestamp now) const;

    ThrottlePolicy policy_;
    std::mutex mutex_;
    std::map<std::string, Counter, std::less<>> by_pair_;
    std::map<std::string, Counter, std::less<>> by_address_;
};

}  // namespace motcua::core
