#pragma once
// Deadline engines per agency: the agency's calendar (national notices plus its own) and its office hours, built on
// first use and rebuilt when the stored calendar changes.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/calendar_service.hpp"
#include "core/catalogue.hpp"
#include "core/deadline.hpp"

namespace motcua::core {

/// Years every serving engine covers; dates outside are refused with "date_out_of_range".
inline constexpr int kEngineFirstYear = 2000;
inline constexpr int kEngineLastYear = 2100;

class EngineRegistry final {
public:
    EngineRegistry(CalendarService& calendar, std::vector<RecurringDay> recurring)
        : calendar_(calendar), recurring_(std::move(recurring)) {}

    /// The engine for an agency (its calendar scope and office hours). Thread-safe.
    [[nodiscard]] Result<std::shared_ptr<const DeadlineEngine>> engine_for(const Agency& agency);
    /// Forgets every engine; the next call rebuilds from the stored calendar.
    void invalidate();

private:
    CalendarService& calendar_;
    std::vector<RecurringDay> recurring_;
    std::mutex mutex_;
    std::int64_t revision_ = -1;
    std::shared_ptr<const CalendarBook> book_;
    std::map<std::string, std::shared_ptr<const DeadlineEngine>, std::less<>> engines_;
};

}  // namespace motcua::core
