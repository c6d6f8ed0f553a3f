// The apology report's reads (decision 0043): SQLite answers each from its partial index alone, and on random demo
// databases the issued apologies they find are exactly those of every dossier's timeline, with the same facts.
// (In this suite because tests/http links the app library that holds the demo generator.)
#include <algorithm>
#include <random>
#include <sstream>
#include <tuple>

#include <doctest/doctest.h>

#include "app/cli.hpp"
#include "storage/dossier_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;

namespace {

using Row = std::tuple<core::Timestamp, std::string, std::string, std::string, core::Timestamp, core::Timestamp, bool,
                       std::optional<core::Timestamp>, std::optional<core::Timestamp>>;

Row row_of(const core::ApologyFacts& a) {
    return {a.at, a.code, a.agency, a.reason, a.original_due_at, a.new_due_at, a.late, a.resolved_at, a.closed_at};
}

}  // namespace

TEST_CASE("SQLite reads the apology report's apologies, apologised dossiers and violation candidates from their "
          "indexes alone" * doctest::test_suite("sqlite-only")) {
    test::TempDatabase tmp;
    for (const std::string_view sql : storage::apology_report_statements_sqlite()) {
        storage::Statement plan = tmp.db().prepare("EXPLAIN QUERY PLAN " + std::string(sql));
        int reads = 0;
        while (plan.step()) {
            const std::string detail = plan.text(3);
            if (!detail.starts_with("SEARCH") && !detail.starts_with("SCAN")) continue;
            ++reads;
            INFO(sql);
            CHECK_MESSAGE(detail.find("COVERING INDEX") != std::string::npos, detail);
        }
        CHECK(reads > 0);
    }
}

TEST_CASE("property: on random demo databases the issued apologies read from the indexes are those of every "
          "dossier's timeline, for random periods and scopes" * doctest::test_suite("sqlite-only")) {
    for (const char* seed : {"5", "20261127"}) {
        test::TempDatabase tmp(false);
        std::ostringstream out, err;
        std::istringstream in;
        const std::vector<std::string_view> args{"demo", "--db", tmp.path(), "--dossiers", "3000", "--seed", seed};
        REQUIRE(app::run_cli(args, app::CliIo{out, err, in}) == 0);
        storage::SqliteDossierStore dossiers(tmp.db());

        // The oracle: every received dossier's timeline, read one dossier at a time.
        struct Issued {
            std::string agency, resolving_agency;
            core::ApologyFacts facts;
        };
        std::vector<Issued> every;
        const core::Timestamp now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        for (const core::DossierFacts& f : dossiers.facts({}, now + std::chrono::hours{24 * 3650})) {
            const auto d = dossiers.find(f.code);
            REQUIRE(d.has_value());
            for (const core::DossierEvent& e : d->timeline) {
                if (e.type != core::EventType::apologize) continue;
                core::ApologyFacts a;
                a.code = d->code;
                a.agency = d->agency;
                a.at = e.at;
                a.reason = e.reason;
                a.original_due_at = d->original_due_at;
                a.new_due_at = e.new_due_at.value_or(d->original_due_at);
                a.late = e.late_apology;
                a.resolved_at = d->result_ready_at;
                a.closed_at = f.closed_at;
                every.push_back(Issued{d->agency, d->resolving_agency, std::move(a)});
            }
        }
        REQUIRE(every.size() > 50);

        std::mt19937 rng(static_cast<unsigned>(std::stoul(seed)));
        const auto today = core::day_number(core::date_of(core::to_local(now)));
        std::uniform_int_distribution<int> back(0, 3 * 365 + 30);
        std::uniform_int_distribution<int> span(0, 400);
        const std::vector<std::vector<std::string>> scopes{{}, {"000.21.40.H56"}, {"000.00.12.H56", "000.21.40.H56"}};
        std::size_t found = 0;
        for (int round = 0; round < 24; ++round) {
            const auto from = today - date::days{back(rng)};
            const core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{span(rng)})};
            const auto& scope = scopes[static_cast<std::size_t>(round) % scopes.size()];
            const core::Timestamp start = core::period_start(period), end = core::period_end(period);
            std::vector<Row> expected, actual;
            for (const Issued& i : every) {
                const bool in_scope = scope.empty() ||
                                      std::find(scope.begin(), scope.end(), i.agency) != scope.end() ||
                                      std::find(scope.begin(), scope.end(), i.resolving_agency) != scope.end();
                if (in_scope && i.facts.at >= start && i.facts.at < end) expected.push_back(row_of(i.facts));
            }
            const auto read = dossiers.apologies(scope, start, end);
            for (const core::ApologyFacts& a : read) actual.push_back(row_of(a));
            // In the order they were issued.
            CHECK(std::is_sorted(read.begin(), read.end(),
                                 [](const auto& a, const auto& b) { return a.at < b.at; }));
            std::sort(expected.begin(), expected.end());
            std::sort(actual.begin(), actual.end());
            CHECK(actual == expected);
            found += actual.size();
        }
        CHECK(found > 0);
    }
}
