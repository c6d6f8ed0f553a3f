#include "core/login_throttle.hpp"

#include <algorithm>
#include <cstdint>

namespace motcua::core {
namespace {

std::string pair_key(std::string_view account, std::string_view client) {
    return std::string(account) + '\x1f' + std::string(client);
}

}  // namespace

void LoginThrottle::fail(Counter& c, int free_failures, Timestamp now) const {
    if (c.failures > 0 && now - c.last > policy_.forget_after) c.failures = 0;
    ++c.failures;
    c.last = now;
    const int over = c.failures - free_failures;
    if (over <= 0) return;
    // 30 s, 60 s, 120 s, ... capped: doubling stops well before the shift could overflow.
    const std::chrono::seconds doubled = policy_.first_lock * (std::int64_t{1} << std::min(over - 1, 20));
    const std::chrono::seconds lock = std::min(policy_.max_lock, doubled);
    c.locked_until = now + lock;
}

std::optional<Timestamp> LoginThrottle::locked_until(std::string_view account, std::string_view client, Timestamp now) {
    std::lock_guard lock(mutex_);
    Timestamp until{};
    if (auto it = by_pair_.find(pair_key(account, client)); it != by_pair_.end()) until = it->second.locked_until;
    if (auto it = by_address_.find(client); it != by_address_.end()) until = std::max(until, it->second.locked_until);
    if (until > now) return until;
    return std::nullopt;
}

void LoginThrottle::record_failure(std::string_view account, std::string_view client, Timestamp now) {
    std::lock_guard lock(mutex_);
    fail(by_pair_[pair_key(account, client)], policy_.free_failures_per_account, now);
    auto it = by_address_.find(client);
    if (it == by_address_.end()) it = by_address_.emplace(std::string(client), Counter{}).first;
    fail(it->second, policy_.free_failures_per_address, now);
}

void LoginThrottle::record_success(std::string_view account, std::string_view client) {
    std::lock_guard lock(mutex_);
    by_pair_.erase(pair_key(account, client));
}

}  // namespace motcua::core
