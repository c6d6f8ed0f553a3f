#include <algorithm>
#include <random>
#include <tuple>

#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "core/report_rollup.hpp"
#include "http/catalogue_json.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/report_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

// The counters as rows "day|agency|resolving|procedure|c0|…|c9", zero rows left out (a dossier's −1 and +1 can
// leave one), sorted.
std::vector<std::string> day_rows(storage::Database& db, const std::string& table) {
    std::vector<std::string> out;
    storage::Statement s = db.prepare(
        "SELECT day || '|' || agency || '|' || resolving_agency || '|' || procedure_code || '|' || received_direct || "
        "'|' || received_online || '|' || received_postal || '|' || ended || '|' || resolved_early || '|' || "
        "resolved_on_time || '|' || resolved_late || '|' || closed || '|' || due || '|' || due_and_ended FROM " +
        table +
        " WHERE received_direct + received_online + received_postal + ended + resolved_early + resolved_on_time + "
        "resolved_late + closed + due + due_and_ended + abs(received_direct) + abs(ended) + abs(due) > 0 "
        "ORDER BY 1");
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::string fill_sql(storage::Dialect dialect) {
    for (const auto& f : storage::migrations_for(dialect))
        if (std::string_view(f.name).starts_with("0011_")) return std::string(f.content);
    return {};
}

// The demo catalogue and one dossier of its first procedure, received at `received_at`.
struct OneDossier {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-07-01T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    core::Procedure p;
    core::Dossier d;

    explicit OneDossier(const char* received_at) {
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        p = catalogue.procedures().front();
        core::Dossier draft;
        draft.agency = p.agency;
        draft.lookup_key = "ABCDEFGHJK";
        draft.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        draft.received_by = "clerk";
        draft.received_at = instant(received_at);
        auto started = core::start_dossier(draft, p, engine);
        REQUIRE(started.has_value());
        d = dossiers.insert_received(*started, core::AuditRecord{clock.now(), "clerk", "dossier.received", "", {}});
    }
};

}  // namespace

TEST_CASE("the per-day counters kept by inserts and updates equal the migration's fill, and give the facts' II.06a") {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-07-01T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqliteReportStore reports{tmp.db()};
    const core::DeadlineEngine engine = test::engine(2025, 2028);
    core::CatalogueService service(catalogue, clock);
    REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
    const auto procedures = catalogue.procedures();

    std::mt19937 rng(11);
    std::uniform_int_distribution<int> day(0, 150);
    std::uniform_int_distribution<int> minute(0, 9 * 60);
    std::uniform_int_distribution<int> gap(1, 20 * 24 * 60);
    std::uniform_int_distribution<int> kind(0, 7);
    const core::Timestamp base = instant("2026-01-05T07:30:00+07:00");
    int updates = 0;
    for (int i = 0; i < 400; ++i) {
        const core::Procedure& p = procedures[static_cast<std::size_t>(i) % procedures.size()];
        core::Dossier draft;
        draft.agency = p.agency;
        draft.channel = static_cast<core::Channel>(i % 3);
        draft.lookup_key = "ABCDEFGHJK";
        draft.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        draft.received_by = "clerk";
        draft.received_at = base + date::days{day(rng)} + std::chrono::minutes{minute(rng)};
        auto started = core::start_dossier(draft, p, engine);
        REQUIRE(started.has_value());
        core::Dossier d = dossiers.insert_received(*started, core::AuditRecord{clock.now(), "clerk", "dossier.received", "", {}});
        // A few events each, through core::apply and DossierStore::update as the server does.
        for (int step = 0; step < 3; ++step) {
            core::DossierEvent e;
            e.at = d.timeline.back().at + std::chrono::minutes{gap(rng)};
            e.actor = "officer";
            switch (kind(rng)) {
                case 0: e.type = core::EventType::result_ready; break;
                case 1: e.type = core::EventType::return_result; e.method = core::ReturnMethod::counter; break;
                case 2: e.type = core::EventType::withdraw; e.reason = "rút"; break;
                case 3: e.type = core::EventType::stop; e.reason = "dừng"; break;
                case 4: e.type = core::EventType::request_supplement; e.reason = "thiếu"; e.items = {"tờ khai"}; break;
                case 5: e.type = core::EventType::supplement_received; break;
                case 6:
                    e.type = core::EventType::apologize;
                    e.reason = "cần xác minh";
                    e.signer = "Trần Quang Minh";
                    e.new_due_at = d.due_at + date::days{5};
                    break;
                default: e.type = core::EventType::handover; break;
            }
            auto next = core::apply(d, e, p, engine);
            if (!next) continue;
            next->version = d.version + 1;
            REQUIRE(dossiers.update(*next, core::AuditRecord{clock.now(), "officer", "dossier.event", "", {}}));
            d = std::move(*next);
            ++updates;
        }
    }
    CHECK(updates > 200);

    // The closing instant and the apology flag kept with every write (schema 0022) are what the migration's own
    // statements derive from the events.
    auto late_columns = [&] {
        std::vector<std::string> out;
        storage::Statement q = tmp.db().prepare(
            "SELECT id || '|' || coalesce(closed_at, '-') || '|' || apologized FROM dossier ORDER BY id");
        while (q.step()) out.push_back(q.text(0));
        return out;
    };
    const std::vector<std::string> written = late_columns();
    int closed = 0, apologized = 0;
    for (const auto& row : written) {
        closed += row.find("|-|") == std::string::npos ? 1 : 0;
        apologized += row.ends_with("|1") ? 1 : 0;
    }
    CHECK(closed > 20);
    CHECK(apologized > 10);
    tmp.db().exec("UPDATE dossier SET closed_at = NULL, apologized = 0");
    for (const auto& f : storage::migrations_for(tmp.db().dialect())) {
        if (!std::string_view(f.name).starts_with("0022_")) continue;
        const std::string sql(f.content);
        for (std::size_t at = sql.find("\nUPDATE dossier"); at != std::string::npos;
             at = sql.find("\nUPDATE dossier", at + 1))
            tmp.db().exec(sql.substr(at + 1, sql.find(';', at) - at));
    }
    CHECK(late_columns() == written);

    // The counts by status kept with every write (schema 0023) are the dossier list's totals for every status and
    // scope, and the migration's fill from scratch.
    for (const std::vector<std::string>& scope :
         {std::vector<std::string>{}, std::vector<std::string>{"000.21.40.H56"}}) {
        const auto counted = reports.status_counts(scope);
        std::int64_t all = 0;
        for (int code = 1; code <= 10; ++code) {
            core::DossierFilter f;
            f.agencies = scope;
            f.status = static_cast<core::DossierStatus>(code);
            f.page_size = 1;
            const std::int64_t listed = dossiers.list(f).total;
            const auto found = counted.find(*f.status);
            CHECK(listed == (found == counted.end() ? 0 : found->second));
            all += listed;
        }
        CHECK(all > (scope.empty() ? 399 : 10));
    }
    auto status_rows = [&] {
        std::vector<std::string> out;
        storage::Statement q = tmp.db().prepare(
            "SELECT agency || '|' || resolving_agency || '|' || status || '|' || dossiers FROM status_count "
            "WHERE dossiers <> 0 ORDER BY 1");
        while (q.step()) out.push_back(q.text(0));
        return out;
    };
    const std::vector<std::string> status_kept = status_rows();
    CHECK(status_kept.size() > 10);
    tmp.db().exec("DROP TABLE status_count");
    for (const auto& f : storage::migrations_for(tmp.db().dialect()))
        if (std::string_view(f.name).starts_with("0023_")) tmp.db().exec(f.content);
    CHECK(status_rows() == status_kept);

    // The same counters from scratch, by the migration's own statement.
    const std::vector<std::string> kept = day_rows(tmp.db(), "report_day");
    tmp.db().exec("ALTER TABLE report_day RENAME TO report_day_kept");
    tmp.db().exec(fill_sql(tmp.db().dialect()));
    CHECK(day_rows(tmp.db(), "report_day") == kept);
    CHECK(kept.size() > 100);

    // And the report: from the counters, and from every dossier's facts, for any scope, period and grouping.
    std::map<std::string, std::string> field_of;
    for (const auto& p : procedures) field_of[p.code] = p.field;
    for (const std::vector<std::string>& scope :
         {std::vector<std::string>{}, std::vector<std::string>{"000.21.40.H56"}}) {
        for (const core::ReportPeriod period :
             {core::ReportPeriod{test::d("2026-01-01"), test::d("2026-01-31")},
              core::ReportPeriod{test::d("2026-02-10"), test::d("2026-04-20")},
              core::ReportPeriod{test::d("2026-03-01"), test::d("2026-03-01")},
              core::window_for({test::d("2026-04-01"), test::d("2026-06-30")}, core::ReportWindow::official)}) {
            auto facts = dossiers.facts(scope, core::period_end(period));
            for (auto& f : facts) f.field = field_of.count(f.procedure_code) ? field_of[f.procedure_code] : "?";
            for (auto g : {core::ReportGrouping::agency, core::ReportGrouping::field, core::ReportGrouping::procedure}) {
                auto expected = core::timeliness_report(facts, period, g, {});
                auto actual = core::timeliness_from_sums(reports.timeliness_sums(scope, period), period, g, field_of, {});
                REQUIRE(expected.has_value());
                REQUIRE(actual.has_value());
                REQUIRE(actual->rows.size() == expected->rows.size());
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
        }
        // Several periods in one call (the trend, and a report that runs past today with the sums up to today: one or
        // two periods, which PostgreSQL aggregates in the server) give each period exactly its own sums.
        const std::vector<core::ReportPeriod> periods{
            {test::d("2026-01-01"), test::d("2026-01-31")}, {test::d("2026-02-10"), test::d("2026-04-20")},
            {test::d("2026-01-01"), test::d("2026-03-01")}, {test::d("2026-03-01"), test::d("2026-12-31")}};
        const auto sorted = [](std::vector<core::PeriodSums> v) {
            std::vector<std::tuple<std::string, std::string, core::DayCounts, core::DayCounts>> out;
            for (auto& x : v)  // a group with no counter up to a period's end may be listed with zero sums
                if (x.before != core::DayCounts{} || x.within != core::DayCounts{})
                    out.emplace_back(x.agency, x.procedure_code, x.before, x.within);
            std::sort(out.begin(), out.end());
            return out;
        };
        for (std::size_t n : {std::size_t{1}, std::size_t{2}, periods.size()}) {
            const std::vector<core::ReportPeriod> asked(periods.begin(), periods.begin() + static_cast<long>(n));
            const auto each = reports.timeliness_sums_each(scope, asked);
            REQUIRE(each.size() == n);
            for (std::size_t i = 0; i < n; ++i) {
                CHECK(!each[i].empty());
                CHECK(sorted(each[i]) == sorted(reports.timeliness_sums(scope, asked[i])));
            }
        }
    }
}

TEST_CASE("a failed update leaves the per-day counters as they were") {
    OneDossier w("2026-03-02T09:00:00+07:00");
    auto& [tmp, clock, catalogue, dossiers, engine, p, d] = w;
    const auto before = day_rows(tmp.db(), "report_day");
    core::DossierEvent e;
    e.type = core::EventType::withdraw;
    e.reason = "rút";
    e.actor = "clerk";
    e.at = instant("2026-03-03T09:00:00+07:00");
    auto next = core::apply(d, e, p, engine);
    REQUIRE(next.has_value());
    next->version = d.version + 1;
    core::Dossier stale = *next;
    stale.version += 5;  // as if another change had won
    CHECK_FALSE(dossiers.update(stale, core::AuditRecord{clock.now(), "clerk", "dossier.withdraw", "", {}}));
    CHECK(day_rows(tmp.db(), "report_day") == before);
    REQUIRE(dossiers.update(*next, core::AuditRecord{clock.now(), "clerk", "dossier.withdraw", "", {}}));
    CHECK(day_rows(tmp.db(), "report_day") != before);
}

TEST_CASE("an apology's reason with quotes, backslashes, a line break and non-ASCII letters reads back from the "
          "apology report's index exactly as written") {
    // The report reads the reason, new date and late flag out of the event's JSON in SQL on SQLite (decision 0043),
    // and in C++ elsewhere: both must unescape exactly as the dossier's own decoding does.
    OneDossier w("2026-03-02T08:15:00+07:00");
    auto& [tmp, clock, catalogue, dossiers, engine, p, d] = w;

    const std::string reason = "Chờ \"xác minh\" của C:\\hồ sơ\\cũ\nvà\ttờ trình số 5/2026 — đợt 2 😀";
    core::DossierEvent e;
    e.type = core::EventType::apologize;
    e.at = d.timeline.back().at + std::chrono::hours{2};
    e.actor = "head";
    e.reason = reason;
    e.signer = "Trần Quang Minh";
    e.new_due_at = d.due_at + date::days{5};
    auto next = core::apply(d, e, p, engine);
    REQUIRE(next.has_value());
    next->version = d.version + 1;
    REQUIRE(dossiers.update(*next, core::AuditRecord{clock.now(), "head", "dossier.event", "", {}}));

    const auto read = dossiers.apologies({}, instant("2026-03-01T00:00:00+07:00"), instant("2026-04-01T00:00:00+07:00"));
    REQUIRE(read.size() == 1);
    CHECK(read[0].reason == reason);
    CHECK(read[0].code == d.code);
    CHECK(read[0].new_due_at == *e.new_due_at);
    CHECK(read[0].original_due_at == d.original_due_at);
    CHECK(read[0].late == next->late_apology);
    // And the dossier's own decoding agrees.
    const auto found = dossiers.find(d.code);
    REQUIRE(found.has_value());
    CHECK(found->timeline.back().reason == reason);
}
