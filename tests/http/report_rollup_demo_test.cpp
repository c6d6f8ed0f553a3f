// The per-day report counters on demo data (`motcua demo`, the bulk path): II.06a from the counters equals II.06a
// from every dossier's facts for random periods (some running past today), groupings and scopes, for several seeds,
// and the counters equal the migration's from-scratch fill. The apology report's narrowed read finds exactly the
// violations of the full read. (In this suite because tests/http links the app library that holds the demo generator.)
#include <algorithm>
#include <random>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "app/cli.hpp"
#include "core/report_rollup.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/report_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;

namespace {

std::vector<std::string> nonzero_rows(storage::Database& db, const std::string& table) {
    std::vector<std::string> out;
    storage::Statement s = db.prepare(
        "SELECT day || '|' || agency || '|' || resolving_agency || '|' || procedure_code || '|' || received_direct || "
        "'|' || received_online || '|' || received_postal || '|' || ended || '|' || resolved_early || '|' || "
        "resolved_on_time || '|' || resolved_late || '|' || closed || '|' || due || '|' || due_and_ended FROM " +
        table +
        " WHERE abs(received_direct) + abs(received_online) + abs(received_postal) + abs(ended) + abs(resolved_early) "
        "+ abs(resolved_on_time) + abs(resolved_late) + abs(closed) + abs(due) + abs(due_and_ended) > 0 ORDER BY 1");
    while (s.step()) out.push_back(s.text(0));
    return out;
}

}  // namespace

TEST_CASE("property: on random demo databases II.06a from the per-day counters equals counting every dossier" *
          doctest::test_suite("sqlite-only")) {
    for (const char* seed : {"3", "20261126"}) {
        test::TempDatabase tmp(false);
        std::ostringstream out, err;
        std::istringstream in;
        const std::vector<std::string_view> args{"demo", "--db", tmp.path(), "--dossiers", "3000", "--seed", seed};
        REQUIRE(app::run_cli(args, app::CliIo{out, err, in}) == 0);
        storage::Database& db = tmp.db();
        storage::SqliteCatalogueStore catalogue(db);
        storage::SqliteDossierStore dossiers(db);
        storage::SqliteReportStore reports(db);
        std::map<std::string, std::string> field_of;
        for (const auto& p : catalogue.procedures()) field_of[p.code] = p.field;

        std::mt19937 rng(static_cast<unsigned>(std::stoul(seed)));
        const core::Timestamp now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        const core::Date today_date = core::date_of(core::to_local(now));
        const auto today = core::day_number(today_date);
        std::uniform_int_distribution<int> back(0, 3 * 365 + 30);
        std::uniform_int_distribution<int> span(0, 400);
        const std::vector<std::vector<std::string>> scopes{{}, {"000.21.40.H56"}, {"000.00.12.H56", "000.21.40.H56"}};
        int violations = 0, judged_today = 0;
        for (int round = 0; round < 12; ++round) {
            const auto from = today - date::days{back(rng)};
            core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{span(rng)})};
            if (round % 3 == 0) period = core::window_for(period, core::ReportWindow::official);
            // This year up to its end: open dossiers due after today are not overdue yet.
            if (round == 11) period = {core::to_date(today - date::days{200}), core::to_date(today + date::days{60})};
            const auto& scope = scopes[static_cast<std::size_t>(round) % scopes.size()];
            auto facts = dossiers.facts(scope, core::period_end(period));
            for (auto& f : facts) f.field = field_of.count(f.procedure_code) ? field_of[f.procedure_code] : "?";
            const auto sums = reports.timeliness_sums(scope, period);
            // A period that runs past today judges its pending dossiers as of today (ReportService::timeliness).
            const auto judging = core::judging_period(period, today_date);
            const auto judged = judging ? reports.timeliness_sums(scope, *judging) : sums;
            if (judging) ++judged_today;
            for (auto g : {core::ReportGrouping::agency, core::ReportGrouping::field, core::ReportGrouping::procedure}) {
                auto expected = core::timeliness_report(facts, period, g, {}, today_date);
                auto actual = judging ? core::timeliness_from_sums(sums, judged, period, g, field_of, {})
                                      : core::timeliness_from_sums(sums, period, g, field_of, {});
                REQUIRE(expected.has_value());
                REQUIRE(actual.has_value());
                REQUIRE(actual->rows.size() == expected->rows.size());
                CHECK(actual->total.received_total() == expected->total.received_total());
                for (std::size_t i = 0; i < actual->rows.size(); ++i) {
                    CHECK(actual->rows[i].key == expected->rows[i].key);
                    const auto& a = actual->rows[i].counts;
                    const auto& b = expected->rows[i].counts;
                    CHECK(std::tie(a.carried_over, a.received_direct, a.received_online, a.received_postal,
                                   a.resolved_early, a.resolved_on_time, a.resolved_late, a.pending_within,
                                   a.pending_overdue, a.closed_other) ==
                          std::tie(b.carried_over, b.received_direct, b.received_online, b.received_postal,
                                   b.resolved_early, b.resolved_on_time, b.resolved_late, b.pending_within,
                                   b.pending_overdue, b.closed_other));
                }
            }
            // The apology report's narrowed read (the covering index of schema 0022) finds exactly the violations
            // that judging every dossier's facts finds, in the same order.
            const core::Timestamp start = core::period_start(period), end = core::period_end(period);
            const core::Timestamp until = std::min(end, now);
            auto violation = [&](const core::DossierFacts& f) {
                const bool late_in_period = f.resolved_at && *f.resolved_at >= start && *f.resolved_at < end &&
                                            f.timeliness == core::Timeliness::late;
                const bool open_past_due = (!f.resolved_at || *f.resolved_at >= until) &&
                                           (!f.closed_at || *f.closed_at >= until) && f.original_due_at < until &&
                                           f.status != core::DossierStatus::supplement_requested;
                return !f.apologized && (late_in_period || open_past_due);
            };
            std::vector<std::string> narrowed, full;
            for (const auto& f : reports.late_candidates(scope, start, end, until))
                if (violation(f)) narrowed.push_back(f.code);
            for (const auto& f : facts)
                if (violation(f)) full.push_back(f.code);
            std::sort(narrowed.begin(), narrowed.end());
            std::sort(full.begin(), full.end());
            CHECK(narrowed == full);
            violations += static_cast<int>(full.size());
        }
        CHECK(violations > 0);
        CHECK(judged_today > 0);
        // The counts by status the bulk load kept (schema 0023) are the dossier list's totals, for every scope.
        for (const auto& scope : scopes) {
            const auto counted = reports.status_counts(scope);
            for (int code = 1; code <= 10; ++code) {
                core::DossierFilter f;
                f.agencies = scope;
                f.status = static_cast<core::DossierStatus>(code);
                f.page_size = 1;
                const auto found = counted.find(*f.status);
                CHECK(dossiers.list(f).total == (found == counted.end() ? 0 : found->second));
            }
        }
        // The counters the bulk load kept are the migration's from-scratch fill.
        const auto kept = nonzero_rows(db, "report_day");
        // 0011 ran before online pre-submissions existed (schema 0018), so its fill cannot tell one no clerk has
        // received (no marks) from a receipt: the demo's few waiting ones are taken out of this copy first.
        db.exec("PRAGMA foreign_keys = OFF");
        db.exec("DROP TRIGGER dossier_event_no_delete");  // this copy only: events are append-only otherwise
        db.exec("DELETE FROM dossier_event WHERE dossier_id IN "
                "(SELECT id FROM dossier WHERE submitted_at IS NOT NULL AND received_by = '')");
        db.exec("DELETE FROM dossier WHERE submitted_at IS NOT NULL AND received_by = ''");
        db.exec("ALTER TABLE report_day RENAME TO report_day_kept");
        for (const auto& f : storage::migrations_for(db.dialect()))
            if (std::string_view(f.name).starts_with("0011_")) db.exec(f.content);
        CHECK(nonzero_rows(db, "report_day") == kept);
        CHECK(kept.size() > 1000);
    }
}
