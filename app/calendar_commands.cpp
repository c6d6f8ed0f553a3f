#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/args.hpp"
#include "app/calendar_source.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "core/lunar.hpp"
#include "http/calendar_json.hpp"
#include "storage/calendar_store.hpp"
#include "storage/catalogue_store.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

core::Result<int> parse_int(std::string_view text, std::string_view name, int min, int max) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max)
        return core::fail(core::ErrorKind::invalid_argument,
                          "--" + std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                              std::to_string(max) + ", got \"" + std::string(text) + "\"",
                          std::string(name), "invalid_number");
    return v;
}

// --db PATH when given: that database's calendar; otherwise the shipped data.
core::Result<core::CalendarBook> book_for(const Args& args) {
    std::unique_ptr<storage::Database> db;
    if (auto path = args.option("db")) {
        auto opened = open_existing_database(*path);
        if (!opened) return tl::unexpected(opened.error());
        db = std::move(*opened);
    }
    return load_calendar_book(db.get());
}

json lunar_row(core::Date solar, const core::LunarDate& lunar) {
    return json{{"solar", core::format_date(solar)}, {"lunar", http::to_json(lunar)}};
}

}  // namespace

core::Result<json> calendar_lunar(CommandArgs argv) {
    auto args = Args::parse(argv, {{"from", "to"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (args->positional().size() == 1 && !args->option("from") && !args->option("to")) {
        auto solar = core::parse_date(args->positional()[0], "date");
        if (!solar) return tl::unexpected(solar.error());
        auto lunar = core::to_lunar(*solar);
        if (!lunar) return tl::unexpected(lunar.error());
        return lunar_row(*solar, *lunar);
    }
    if (!args->positional().empty() || !args->option("from") || !args->option("to"))
        return tl::unexpected(usage_error("usage: motcua calendar lunar YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD"));
    auto from = core::parse_date(*args->option("from"), "from");
    if (!from) return tl::unexpected(from.error());
    auto to = core::parse_date(*args->option("to"), "to");
    if (!to) return tl::unexpected(to.error());
    if (*to < *from)
        return core::fail(core::ErrorKind::invalid_argument, "--to is before --from", "to", "invalid_range");
    json out = json::array();
    for (auto d = core::day_number(*from); d <= core::day_number(*to); d += date::days{1}) {
        auto lunar = core::to_lunar(core::to_date(d));
        if (!lunar) return tl::unexpected(lunar.error());
        out.push_back(lunar_row(core::to_date(d), *lunar));
    }
    return out;
}

core::Result<json> calendar_solar(CommandArgs argv) {
    auto args = Args::parse(argv, {{}, {"leap"}});
    if (!args) return tl::unexpected(args.error());
    if (args->positional().size() != 1)
        return tl::unexpected(usage_error("usage: motcua calendar solar YYYY-MM-DD [--leap]  (the date is lunar)"));
    // The argument is a lunar date, which may be the 30th of a month: read the digits without solar validation.
    const std::string& text = args->positional()[0];
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
        std::from_chars(text.data(), text.data() + 4, y).ptr != text.data() + 4 ||
        std::from_chars(text.data() + 5, text.data() + 7, m).ptr != text.data() + 7 ||
        std::from_chars(text.data() + 8, text.data() + 10, d).ptr != text.data() + 10 || m < 1 || d < 1)
        return core::fail(core::ErrorKind::invalid_argument,
                          "expected a lunar date YYYY-MM-DD, got \"" + text + "\"", "date", "invalid_lunar_date");
    auto solar = core::to_solar(core::LunarDate{y, static_cast<unsigned>(m), static_cast<unsigned>(d), args->flag("leap")});
    if (!solar) return tl::unexpected(solar.error());
    return json{{"solar", core::format_date(*solar)}};
}

core::Result<json> calendar_holidays(CommandArgs argv) {
    auto args = Args::parse(argv, {{"year", "agency", "db"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto year_text = args->required("year");
    if (!year_text) return tl::unexpected(year_text.error());
    auto year = parse_int(*year_text, "year", core::kLunarFirstYear, core::kLunarLastYear);
    if (!year) return tl::unexpected(year.error());
    auto book = book_for(*args);
    if (!book) return tl::unexpected(book.error());
    auto entries = core::days_that_differ(*book, *year, args->option("agency").value_or(""));
    if (!entries) return tl::unexpected(entries.error());
    json out = json::array();
    for (const core::CalendarEntry& e : *entries) out.push_back(http::to_json(e));
    return out;
}

core::Result<json> calendar_due(CommandArgs argv) {
    auto args = Args::parse(argv, {{"received", "hours", "days", "cutoff", "agency", "db"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty() || args->option("hours").has_value() == args->option("days").has_value())
        return tl::unexpected(usage_error(
            "usage: motcua calendar due --received YYYY-MM-DDTHH:MM (--hours H | --days N) [--cutoff HH:MM|none] "
            "[--agency CODE] [--db PATH]"));
    auto question = http::parse_due_question(
        {args->option("received"), args->option("hours"), args->option("days"), args->option("cutoff")});
    if (!question) return tl::unexpected(question.error());
    auto book = book_for(*args);
    if (!book) return tl::unexpected(book.error());
    const std::string agency = args->option("agency").value_or("");
    // With a database, a known agency brings its own office hours.
    core::OfficeHours hours = core::OfficeHours::standard();
    if (auto path = args->option("db"); path && !agency.empty()) {
        auto db = open_existing_database(*path);
        if (!db) return tl::unexpected(db.error());
        if (auto a = storage::SqliteCatalogueStore(**db).agency(agency)) hours = a->office_hours;
    }
    auto answer = core::calculate_due(*book, agency, question->received, question->budget, question->rule, hours);
    if (!answer) return tl::unexpected(answer.error());
    json out = http::to_json(*answer, question->budget);
    out["received"] = core::format_local_minute(question->received);
    if (!agency.empty()) out["agency"] = agency;
    return out;
}

core::Result<json> calendar_import(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "actor"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (args->positional().size() != 1)
        return tl::unexpected(usage_error("usage: motcua calendar import FILE --db PATH [--actor NAME]"));
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    std::ifstream file(args->positional()[0], std::ios::binary);
    if (!file)
        return core::fail(core::ErrorKind::not_found, "cannot read " + args->positional()[0], "file", "file_not_found");
    std::ostringstream text;
    text << file.rdbuf();
    auto notice = http::parse_notice(text.str());
    if (!notice) return tl::unexpected(notice.error());
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    const char* user = std::getenv("USER");
    const std::string actor = args->option("actor").value_or(user != nullptr && *user != '\0' ? user : "admin");
    storage::SqliteCalendarStore store(**db);
    SystemClock clock;
    core::CalendarService service(store, clock);
    auto imported = service.import_notice(std::move(*notice), actor);
    if (!imported) return tl::unexpected(imported.error());
    return json{{"year", imported->year},
                {"agency", imported->agency},
                {"replaced", imported->replaced},
                {"entries", imported->entries},
                {"note", "due dates already computed are unchanged; open work is re-timed only by an explicit "
                         "recomputation"}};
}

core::Result<json> calendar_notices(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    storage::SqliteCalendarStore store(**db);
    json out = json::array();
    for (const core::StoredNotice& s : store.notices())
        out.push_back(json{{"year", s.notice.year},
                           {"agency", s.notice.agency},
                           {"reference", s.notice.reference},
                           {"title", s.notice.title},
                           {"entries", s.notice.entries.size()},
                           {"source", core::to_string(s.source)},
                           {"loaded_at", core::format_instant(s.loaded_at)},
                           {"loaded_by", s.loaded_by}});
    return out;
}

}  // namespace motcua::app
