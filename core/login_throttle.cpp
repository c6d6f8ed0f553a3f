#include "core/login_throttle.hpp"

#include <algorithm>
#include <cstdint>

namespace motcua::core {
namespace {

// The account-and-address counter and the address's own counter. The prefixes keep the two kinds apart.
std::string pair_key(std::string_view account, std::string_view client) {
    return "account:" + std::string(account) + '\x1f' + std::string(client);
}

std::string address_key(std::string_view client) { return "address:" + std::string(client); }

}  // namespace

std::optional<ThrottleCounter> MemoryThrottleStore::counter(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (auto it = counters_.find(key); it != counters_.end()) return it->second;
    return std::nullopt;
}

void MemoryThrottleStore::update(std::string_view key, const std::function<void(ThrottleCounter&)>& change) {
    std::lock_guard lock(mutex_);
    auto it = counters_.find(key);
    if (it == counters_.end()) it = counters_.emplace(std::string(key), ThrottleCounter{}).first;
    change(it->second);
}

void MemoryThrottleStore::erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (auto it = counters_.find(key); it != counters_.end()) counters_.erase(it);
}

LoginThrottle::LoginThrottle(ThrottlePolicy policy, ThrottleStore* store)
    : policy_(policy),
      own_store_(store == nullptr ? std::make_unique<MemoryThrottleStore>() : nullptr),
      store_(store == nullptr ? own_store_.get() : store) {}

void LoginThrottle::fail(ThrottleCounter& c, int free_failures, Timestamp now) const {
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
    Timestamp until{};
    if (auto c = store_->counter(pair_key(account, client))) until = c->locked_until;
    if (auto c = store_->counter(address_key(client))) until = std::max(until, c->locked_until);
    if (until > now) return until;
    return std::nullopt;
}

void LoginThrottle::record_failure(std::string_view account, std::string_view client, Timestamp now) {
    store_->update(pair_key(account, client),
                   [&](ThrottleCounter& c) { fail(c, policy_.free_failures_per_account, now); });
    store_->update(address_key(client), [&](ThrottleCounter& c) { fail(c, policy_.free_failures_per_address, now); });
}

void LoginThrottle::record_success(std::string_view account, std::string_view client) {
    store_->erase(pair_key(account, client));
}

}  // namespace motcua::core
