// The shipped calendar data (data/calendar/*.json, compiled in) read through the same parser the binary uses, so the
// table tests run against exactly what production runs on.
#include "http/calendar_json.hpp"
#include "tests/support/builders.hpp"

namespace motcua::test {

core::CalendarBook shipped_book() {
    core::CalendarBook book;
    book.set_recurring(http::shipped_recurring());
    for (core::YearNotice& n : http::shipped_notices()) {
        if (auto ok = book.put(std::move(n)); !ok) throw std::invalid_argument(ok.error().message);
    }
    return book;
}

}  // namespace motcua::test
