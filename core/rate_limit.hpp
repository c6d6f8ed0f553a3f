#pragma once
// A per-key rate limit (token bucket) for public endpoints: the status lookup, kiosk survey answers, online
// submissions. Keys are client addresses. Memory is bounded: when the table is full, the key idle longest is
// forgotten (it then starts with a full bucket, which errs towards serving citizens, never towards refusing them).
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace motcua::core {

struct RateLimitPolicy {
    double per_second = 5.0;       ///< sustained requests per second per key
    double burst = 30.0;           ///< bucket size: requests allowed at once after a quiet spell
    std::size_t max_keys = 100000; ///< keys remembered at most
};

class RateLimiter final {
public:
    explicit RateLimiter(RateLimitPolicy policy = {}) : policy_(policy) {}

    /// Takes one token for `key` at `now`: true when the request may go ahead.
    [[nodiscard]] bool try_acquire(std::string_view key, Timestamp now);
    /// How long until `key` has a token again (zero when it has one now).
    [[nodiscard]] std::chrono::seconds retry_after(std::string_view key, Timestamp now);

    [[nodiscard]] const RateLimitPolicy& policy() const noexcept { return policy_; }
    [[nodiscard]] std::size_t tracked_keys() const;

private:
    struct Bucket {
        double tokens = 0;
        Timestamp refilled{};
        std::list<std::string>::iterator age;  // position in lru_
    };
    Bucket& bucket(std::string_view key, Timestamp now);

    RateLimitPolicy policy_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::list<std::string> lru_;  // most recently used first
};

}  // namespace motcua::core
