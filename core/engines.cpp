#include "core/engines.hpp"

namespace motcua::core {

Result<std::shared_ptr<const DeadlineEngine>> EngineRegistry::engine_for(const Agency& agency) {
    std::lock_guard lock(mutex_);
    const std::int64_t revision = calendar_.revision();
    if (revision != revision_ || !book_) {
        auto book = calendar_.book(recurring_);
        if (!book) return tl::unexpected(book.error());
        book_ = std::make_shared<const CalendarBook>(std::move(*book));
        engines_.clear();
        revision_ = revision;
    }
    // Agencies without notices of their own share the national calendar; the key also carries the office hours.
    const std::string scope = book_->has_agency_notices(agency.code) ? agency.code : std::string();
    const std::string key = scope + "|" + agency.office_hours.to_string();
    if (auto it = engines_.find(key); it != engines_.end()) return it->second;
    auto calendar = WorkingCalendar::build(*book_, scope, kEngineFirstYear, kEngineLastYear);
    if (!calendar) return tl::unexpected(calendar.error());
    auto engine = std::make_shared<const DeadlineEngine>(
        std::make_shared<const WorkingCalendar>(std::move(*calendar)), agency.office_hours);
    engines_.emplace(key, engine);
    return engine;
}

void EngineRegistry::invalidate() {
    std::lock_guard lock(mutex_);
    book_.reset();
    engines_.clear();
}

}  // namespace motcua::core
