#include "core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace motcua::core {

RateLimiter::Bucket& RateLimiter::bucket(std::string_view key, Timestamp now) {
    const std::string k(key);
    auto found = buckets_.find(k);
    if (found == buckets_.end()) {
        if (buckets_.size() >= policy_.max_keys && !lru_.empty()) {
            buckets_.erase(lru_.back());
            lru_.pop_back();
        }
        lru_.push_front(k);
        found = buckets_.emplace(k, Bucket{policy_.burst, now, lru_.begin()}).first;
        return found->second;
    }
    Bucket& b = found->second;
    lru_.splice(lru_.begin(), lru_, b.age);
    // Refill for the time since the last visit; a clock that steps back refills nothing.
    if (now > b.refilled) {
        const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
        b.tokens = std::min(policy_.burst, b.tokens + elapsed * policy_.per_second);
        b.refilled = now;
    }
    return b;
}

bool RateLimiter::try_acquire(std::string_view key, Timestamp now) {
    const std::lock_guard lock(mutex_);
    Bucket& b = bucket(key, now);
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

std::chrono::seconds RateLimiter::retry_after(std::string_view key, Timestamp now) {
    const std::lock_guard lock(mutex_);
    const Bucket& b = bucket(key, now);
    if (b.tokens >= 1.0 || policy_.per_second <= 0) return std::chrono::seconds(0);
    return std::chrono::seconds(static_cast<long long>(std::ceil((1.0 - b.tokens) / policy_.per_second)));
}

std::size_t RateLimiter::tracked_keys() const {
    const std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace motcua::core
