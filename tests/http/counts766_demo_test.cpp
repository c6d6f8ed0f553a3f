// The Decision 766 per-day counters on demo data (`motcua demo`, the bulk path with its fees and payments): the 766
// counts and TTTT figures from the counters equal those from every dossier for random periods and scopes, for two
// seeds, and the counters the bulk load kept equal the migration's from-scratch fill (decision 0039).
// (In this suite because tests/http links the app library that holds the demo generator.)
#include <algorithm>
#include <random>
#include <sstream>

#include <doctest/doctest.h>

#include "app/cli.hpp"
#include "core/counts766_rollup.hpp"
#include "core/payment_service.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/payment_store.hpp"
#include "storage/report_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;

namespace {

std::vector<std::string> rows_of(storage::Database& db, const std::string& sql) {
    std::vector<std::string> out;
    storage::Statement s = db.prepare(sql);
    while (s.step()) out.push_back(s.text(0));
    return out;
}

constexpr const char* kDayRows =
    "SELECT day || '|' || agency || '|' || resolving_agency || '|' || procedure_code || '|' || received_direct || '|' "
    "|| received_online || '|' || received_postal || '|' || served_counter || '|' || served_online_self || '|' || "
    "served_online_volunteer || '|' || served_home_visit || '|' || submissions_waiting || '|' || submissions_refused "
    "|| '|' || digitised || '|' || digitised_with_electronic_result || '|' || certified_copies || '|' || reused || "
    "'|' || results_requiring_document || '|' || electronic_results || '|' || fee_data_dossiers || '|' || "
    "fee_dossiers || '|' || online_payments || '|' || paid_online_amount FROM counts766_day WHERE "
    "abs(received_direct) + abs(received_online) + abs(received_postal) + abs(served_counter) + "
    "abs(served_online_self) + abs(served_online_volunteer) + abs(served_home_visit) + abs(submissions_waiting) + "
    "abs(submissions_refused) + abs(digitised) + abs(digitised_with_electronic_result) + abs(certified_copies) + "
    "abs(reused) + abs(results_requiring_document) + abs(electronic_results) + abs(fee_data_dossiers) + "
    "abs(fee_dossiers) + abs(online_payments) + abs(paid_online_amount) > 0 ORDER BY 1";
constexpr const char* kPaidRows =
    "SELECT received_day || '|' || paid_day || '|' || agency || '|' || resolving_agency || '|' || procedure_code || "
    "'|' || dossiers FROM counts766_paid WHERE dossiers <> 0 ORDER BY 1";

}  // namespace

TEST_CASE("property: on random demo databases the 766 counts from the per-day counters equal counting every dossier" *
          doctest::test_suite("sqlite-only")) {
    for (const char* seed : {"5", "20261126"}) {
        test::TempDatabase tmp(false);
        std::ostringstream out, err;
        std::istringstream in;
        const std::vector<std::string_view> args{"demo", "--db", tmp.path(), "--dossiers", "3000", "--seed", seed};
        REQUIRE(app::run_cli(args, app::CliIo{out, err, in}) == 0);
        storage::Database& db = tmp.db();
        storage::SqliteCatalogueStore catalogue(db);
        storage::SqliteDossierStore dossiers(db);
        storage::SqlitePaymentStore payments(db, dossiers);
        storage::SqliteReportStore reports(db);
        const auto procedures = catalogue.procedures();
        const auto agencies = catalogue.agencies();
        const core::Index766Rules rules;

        std::mt19937 rng(static_cast<unsigned>(std::stoul(seed)));
        const core::Timestamp now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        const auto today = core::day_number(core::date_of(core::to_local(now)));
        std::uniform_int_distribution<int> back(0, 3 * 365 + 30);
        std::uniform_int_distribution<int> span(0, 400);
        const std::vector<std::vector<std::string>> scopes{{}, {"000.21.40.H56"}, {"000.00.12.H56", "000.21.40.H56"}};
        std::int64_t dossiers_seen = 0, paid_seen = 0, waiting_seen = 0;
        for (int round = 0; round < 15; ++round) {
            const auto from = today - date::days{back(rng)};
            const int length = round % 4 == 0 ? 0 : span(rng);  // single days too
            core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{length})};
            if (round % 3 == 0) period = core::window_for(period, core::ReportWindow::official);
            if (round == 14) period = {core::to_date(today - date::days{30}), core::to_date(today)};  // the submissions
            const auto& scope = scopes[static_cast<std::size_t>(round) % scopes.size()];
            std::vector<core::Agency> covered;
            for (const auto& a : agencies)
                if (scope.empty() || std::find(scope.begin(), scope.end(), a.code) != scope.end()) covered.push_back(a);
            std::vector<core::Procedure> in_scope;
            for (const auto& p : procedures)
                for (const auto& a : covered)
                    if (a.code == p.agency) in_scope.push_back(p);
            const core::Timestamp start = core::period_start(period), end = core::period_end(period);

            const auto expected = core::counts_766(period, covered, procedures, reports.receipts(scope, start, end),
                                                   rules, reports.digitisation_facts(scope, start, end));
            const auto actual =
                core::counts_766_from_sums(period, covered, procedures, reports.counts766_sums(scope, period), rules);
            REQUIRE(actual.rows.size() == expected.rows.size());
            for (std::size_t i = 0; i < actual.rows.size(); ++i) {
                CHECK(actual.rows[i].key == expected.rows[i].key);
                CHECK(actual.rows[i].counts == expected.rows[i].counts);
            }
            CHECK(actual.total.counts == expected.total.counts);
            dossiers_seen += expected.total.counts.dossiers;
            waiting_seen += expected.total.counts.submissions_waiting;

            const auto tt_expected = core::tttt_766(in_scope, payments.fee_facts(scope, start, end),
                                                    payments.online_payments(scope, start, end), period, rules);
            const auto tt_actual =
                core::tttt_766_from_sums(in_scope, payments.counts766_sums(scope, period), period, rules);
            CHECK(tt_actual.procedures_with_fee_data == tt_expected.procedures_with_fee_data);
            CHECK(tt_actual.procedures_paid_online == tt_expected.procedures_paid_online);
            CHECK(tt_actual.fee_dossiers == tt_expected.fee_dossiers);
            CHECK(tt_actual.paid_online_dossiers == tt_expected.paid_online_dossiers);
            REQUIRE(tt_actual.agencies.size() == tt_expected.agencies.size());
            for (std::size_t i = 0; i < tt_actual.agencies.size(); ++i) {
                CHECK(tt_actual.agencies[i].agency == tt_expected.agencies[i].agency);
                CHECK(tt_actual.agencies[i].fee_dossiers == tt_expected.agencies[i].fee_dossiers);
                CHECK(tt_actual.agencies[i].paid_online_dossiers == tt_expected.agencies[i].paid_online_dossiers);
                CHECK(tt_actual.agencies[i].paid_online_amount == tt_expected.agencies[i].paid_online_amount);
            }
            paid_seen += tt_expected.paid_online_dossiers;
        }
        CHECK(dossiers_seen > 1000);
        CHECK(paid_seen > 10);
        CHECK(waiting_seen > 0);

        // The counters the bulk load and the payments kept are the migration's from-scratch fill.
        const auto kept_days = rows_of(db, kDayRows);
        const auto kept_paid = rows_of(db, kPaidRows);
        CHECK(kept_days.size() > 1000);
        CHECK(kept_paid.size() > 100);
        db.exec("DROP TABLE counts766_day");
        db.exec("DROP TABLE counts766_paid");
        for (const auto& f : storage::migrations_for(db.dialect()))
            if (std::string_view(f.name).starts_with("0025_")) db.exec(f.content);
        CHECK(rows_of(db, kDayRows) == kept_days);
        CHECK(rows_of(db, kPaidRows) == kept_paid);
    }
}
