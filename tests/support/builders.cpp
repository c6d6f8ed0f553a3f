#include "tests/support/builders.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace motcua::test {
namespace {

template <typename T>
T must(core::Result<T> r) {
    if (!r) throw std::invalid_argument("test data: " + r.error().message);
    return std::move(*r);
}

}  // namespace

core::Date d(std::string_view text) { return must(core::parse_date(text)); }
core::LocalTime t(std::string_view text) { return must(core::parse_local_datetime(text)); }
core::Timestamp instant(std::string_view text) { return must(core::parse_instant(text)); }

core::DeadlineEngine engine(const core::CalendarBook& book, int first, int last) {
    auto calendar = must(core::WorkingCalendar::build(book, "", first, last));
    return core::DeadlineEngine(std::make_shared<const core::WorkingCalendar>(std::move(calendar)),
                                core::OfficeHours::standard());
}

core::DeadlineEngine engine(int first, int last) { return engine(shipped_book(), first, last); }

}  // namespace motcua::test
