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
#include "storage/report_store.hpp"
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

TEST_CASE("property: on random demo databases the paged apology report's facts without text are those of the whole "
          "report, in the same order, and its pages read back the whole report's items") {
    // Decision 0046: the paged report judges the period from apology_keys and late_candidate_keys and reads only its
    // page in full (apologies_of, facts_of); the whole report reads apologies and late_candidates. Both engines.
    for (const char* seed : {"7", "20261128"}) {
        test::TempDatabase tmp(false);
        std::ostringstream out, err;
        std::istringstream in;
        const std::vector<std::string_view> args{"demo", "--db", tmp.path(), "--dossiers", "2000", "--seed", seed};
        REQUIRE(app::run_cli(args, app::CliIo{out, err, in}) == 0);
        storage::SqliteDossierStore dossiers(tmp.db());
        storage::SqliteReportStore reports(tmp.db());
        const core::Timestamp now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        std::mt19937 rng(static_cast<unsigned>(std::stoul(seed)));
        const auto today = core::day_number(core::date_of(core::to_local(now)));
        std::uniform_int_distribution<int> back(0, 3 * 365 + 30);
        std::uniform_int_distribution<int> span(0, 400);
        const std::vector<std::vector<std::string>> scopes{{}, {"000.21.40.H56"}, {"000.00.12.H56", "000.21.40.H56"}};
        std::size_t apologies = 0, candidates = 0;
        for (int round = 0; round < 18; ++round) {
            const auto from = today - date::days{back(rng)};
            const core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{span(rng)})};
            const auto& scope = scopes[static_cast<std::size_t>(round) % scopes.size()];
            const core::Timestamp start = core::period_start(period), end = core::period_end(period);
            const core::Timestamp until = std::min(end, now);
            CAPTURE(round);

            const auto whole = dossiers.apologies(scope, start, end);
            const auto keys = dossiers.apology_keys(scope, start, end);
            REQUIRE(keys.size() == whole.size());
            for (std::size_t i = 0; i < keys.size(); ++i) {
                const core::ApologyFacts& a = whole[i];
                const core::ApologyKey& k = keys[i];
                CHECK(std::tie(k.at, k.new_due_at, k.late, k.resolved_at, k.closed_at) ==
                      std::tie(a.at, a.new_due_at, a.late, a.resolved_at, a.closed_at));
                CHECK(core::outcome_of(k, now) == core::outcome_of(a, now));
            }
            // Every apology read back in full from its key (a page may start anywhere).
            std::vector<Row> read_back, expected;
            for (const core::ApologyFacts& a : dossiers.apologies_of(keys)) read_back.push_back(row_of(a));
            for (const core::ApologyFacts& a : whole) expected.push_back(row_of(a));
            CHECK(read_back == expected);
            apologies += whole.size();

            const auto full = reports.late_candidates(scope, start, end, until);
            const auto light = reports.late_candidate_keys(scope, start, end, until);
            REQUIRE(light.size() == full.size());
            std::vector<std::int64_t> violations;
            std::vector<std::string> expected_codes;
            for (std::size_t i = 0; i < light.size(); ++i) {
                const core::LateCandidateKey f = core::late_candidate_key(full[i]);
                const core::LateCandidateKey& k = light[i];
                CHECK(std::tie(k.status, k.original_due_at, k.resolved_at, k.timeliness, k.closed_at, k.apologized) ==
                      std::tie(f.status, f.original_due_at, f.resolved_at, f.timeliness, f.closed_at, f.apologized));
                CHECK(core::is_apology_violation(k, start, end, until) ==
                      core::is_apology_violation(f, start, end, until));
                if (core::is_apology_violation(k, start, end, until)) {
                    violations.push_back(k.id);
                    expected_codes.push_back(full[i].code);
                }
            }
            std::vector<std::string> codes;
            for (const core::DossierFacts& f : reports.facts_of(violations)) codes.push_back(f.code);
            CHECK(codes == expected_codes);
            candidates += light.size();
        }
        CHECK(apologies > 20);
        CHECK(candidates > 20);
    }
}
