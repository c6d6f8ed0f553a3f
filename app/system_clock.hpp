#pragma once
#include <chrono>

#include "core/ports.hpp"

namespace motcua::app {

/// The production clock: the system's UTC time, to the second.
class SystemClock final : public core::Clock {
public:
    [[nodiscard]] core::Timestamp now() const override {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

}  // namespace motcua::app
