#include "http/calendar_routes.hpp"

#include <algorithm>
#include <charconv>

#include "core/lunar.hpp"
#include "http/calendar_json.hpp"
#include "http/error_response.hpp"
#include "http/json_response.hpp"

namespace motcua::http {
namespace {

using nlohmann::json;

core::Result<int> year_param(const RouteParams& params) {
    const auto text = params.query("year");
    int year = 0;
    if (!text || std::from_chars(text->data(), text->data() + text->size(), year).ptr != text->data() + text->size() ||
        year < core::kLunarFirstYear || year > core::kLunarLastYear)
        return core::fail(core::ErrorKind::invalid_argument, "year must be a year from 1900 to 2199", "year",
                          "invalid_year");
    return year;
}

}  // namespace

void add_calendar_routes(Router& router, core::CalendarService& service, core::CatalogueService* catalogue) {
    router.add(Verb::get, "/api/v1/calendar/holidays", Access::anyone(), [&service](const Request& req, const RouteParams& params) {
        auto year = year_param(params);
        if (!year) return error_response(year.error(), req);
        auto book = service.book(shipped_recurring());
        if (!book) return error_response(book.error(), req);
        auto days = core::days_that_differ(*book, *year, params.query("agency").value_or(""));
        if (!days) return error_response(days.error(), req);
        json out = json::array();
        for (const auto& e : *days) out.push_back(to_json(e));
        return json_response(beast_http::status::ok, out, req);
    });

    router.add(Verb::get, "/api/v1/calendar/lunar", Access::anyone(), [](const Request& req, const RouteParams& params) {
        auto solar = core::parse_date(params.query("date").value_or(""), "date");
        if (!solar) return error_response(solar.error(), req);
        auto lunar = core::to_lunar(*solar);
        if (!lunar) return error_response(lunar.error(), req);
        return json_response(beast_http::status::ok, json{{"solar", core::format_date(*solar)}, {"lunar", to_json(*lunar)}},
                             req);
    });

    router.add(Verb::get, "/api/v1/calendar/due", Access::anyone(), [&service, catalogue](const Request& req, const RouteParams& params) {
        auto question = parse_due_question(
            {params.query("received"), params.query("hours"), params.query("days"), params.query("cutoff")});
        if (!question) return error_response(question.error(), req);
        auto book = service.book(shipped_recurring());
        if (!book) return error_response(book.error(), req);
        const std::string agency = params.query("agency").value_or("");
        core::OfficeHours hours = core::OfficeHours::standard();
        if (!agency.empty() && catalogue != nullptr) {
            const auto agencies = catalogue->agencies();
            auto it = std::find_if(agencies.begin(), agencies.end(), [&](const core::Agency& a) { return a.code == agency; });
            if (it == agencies.end())
                return error_response(core::Error{core::ErrorKind::unprocessable, "unknown_agency",
                                                  "no agency with code \"" + agency + "\"", "agency"},
                                      req);
            hours = it->office_hours;
        }
        auto answer = core::calculate_due(*book, agency, question->received, question->budget, question->rule, hours);
        if (!answer) return error_response(answer.error(), req);
        json out = to_json(*answer, question->budget);
        out["received"] = core::format_local_minute(question->received);
        if (!agency.empty()) out["agency"] = agency;
        return json_response(beast_http::status::ok, out, req);
    });
}

}  // namespace motcua::http
