#pragma once
// The public deadline calculator (peers.md §4: "publish the deadline calculator so agencies and citizens agree on
// dates"): holidays of a year, lunar dates, and the appointment for a receipt and a budget.
#include "core/calendar_service.hpp"
#include "core/catalogue_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET /api/v1/calendar/holidays?year=Y[&agency=CODE]
/// GET /api/v1/calendar/lunar?date=YYYY-MM-DD
/// GET /api/v1/calendar/due?received=YYYY-MM-DDTHH:MM&(days=N|hours=H)[&cutoff=HH:MM|none][&agency=CODE]
/// The calendar is read from `service` on each request, so a notice imported while the server runs is used at once.
/// With `catalogue`, an `agency` parameter also brings that agency's office hours (an unknown agency is 422).
void add_calendar_routes(Router& router, core::CalendarService& service, core::CatalogueService* catalogue = nullptr);

}  // namespace motcua::http
