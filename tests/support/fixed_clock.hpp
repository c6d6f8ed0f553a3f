#pragma once
#include "core/ports.hpp"

namespace motcua::test {

/// A clock that says what the test tells it.
class FixedClock final : public core::Clock {
public:
    explicit FixedClock(core::Timestamp now) : now_(now) {}
    [[nodiscard]] core::Timestamp now() const override { return now_; }
    void set(core::Timestamp t) { now_ = t; }
    void advance(std::chrono::seconds s) { now_ += s; }

private:
    core::Timestamp now_;
};

}  // namespace motcua::test
