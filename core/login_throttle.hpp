#pragma once
// Throttling of failed logins (issue "Security and reliability"): per account *and client address* pair, and per
// client address. Locks are temporary and grow with repeated failures up to a cap, and an account is only locked for
// the address that failed: an attacker elsewhere cannot lock a clerk out of their own counter.
//
// The counters live behind a port (ThrottleStore) so that every node of a multi-node deployment sees the same ones
// (issue #10): storage keeps them in the database. Without a store, they are kept in memory (one process).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
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

/// One counter of failed logins.
struct ThrottleCounter {
    int failures = 0;
    Timestamp last{};
    Timestamp locked_until{};
};

/// Where the counters are kept (a port: storage implements it over the database).
class ThrottleStore {
public:
    virtual ~ThrottleStore() = default;
    [[nodiscard]] virtual std::optional<ThrottleCounter> counter(std::string_view key) = 0;
    /// Reads the counter of `key` (a zero one when there is none), lets `change` modify it and keeps the result,
    /// as one atomic step with respect to every other user of the store (other nodes included).
    virtual void update(std::string_view key, const std::function<void(ThrottleCounter&)>& change) = 0;
    virtual void erase(std::string_view key) = 0;
};

/// Counters in this process's memory: for a single process without a database (tests), and the default.
class MemoryThrottleStore final : public ThrottleStore {
public:
    [[nodiscard]] std::optional<ThrottleCounter> counter(std::string_view key) override;
    void update(std::string_view key, const std::function<void(ThrottleCounter&)>& change) override;
    void erase(std::string_view key) override;

private:
    std::mutex mutex_;
    std::map<std::string, ThrottleCounter, std::less<>> counters_;
};

class LoginThrottle final {
public:
    /// `store` (which must outlive this object) keeps the counters; none: in memory.
    explicit LoginThrottle(ThrottlePolicy policy = {}, ThrottleStore* store = nullptr);

    /// When a login for `account` from `client` may be tried again, if it may not be tried at `now`.
    [[nodiscard]] std::optional<Timestamp> locked_until(std::string_view account, std::string_view client, Timestamp now);
    void record_failure(std::string_view account, std::string_view client, Timestamp now);
    /// A successful login clears the account's counter for that address (not the address's own counter).
    void record_success(std::string_view account, std::string_view client);

private:
    void fail(ThrottleCounter& c, int free_failures, Timestamp now) const;

    ThrottlePolicy policy_;
    std::unique_ptr<MemoryThrottleStore> own_store_;
    ThrottleStore* store_;
};

}  // namespace motcua::core
