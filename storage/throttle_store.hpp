#pragma once
// Failed-login counters in the database (core::ThrottleStore), shared by every node on the same database.
#include "core/login_throttle.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

class SqlThrottleStore final : public core::ThrottleStore {
public:
    explicit SqlThrottleStore(Database& db) : db_(db) {}
    [[nodiscard]] std::optional<core::ThrottleCounter> counter(std::string_view key) override;
    void update(std::string_view key, const std::function<void(core::ThrottleCounter&)>& change) override;
    void erase(std::string_view key) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
