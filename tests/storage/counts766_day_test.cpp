// The Decision 766 per-day counters (schema 0025, decision 0039) against the per-dossier reads they replace: random
// dossiers (at the counter, online submissions waiting, received, refused, asked for a supplement before receipt),
// random events, component marks, electronic results, fee lines, payments and reversals, written through the stores
// as the server writes them; then the counts of many random periods and several scopes, from the counters and from
// every dossier, must be equal, and the counters kept write by write must equal the migration's fill from scratch.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/counts766_rollup.hpp"
#include "core/dossier.hpp"
#include "core/payment_service.hpp"
#include "http/catalogue_json.hpp"
#include "storage/attachment_store.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/payment_store.hpp"
#include "storage/report_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

// Every row of both counter tables as text, rows whose counts are all zero left out (a write's −1 and +1 can leave
// one), sorted.
std::vector<std::string> counter_rows(storage::Database& db) {
    std::vector<std::string> out;
    storage::Statement s = db.prepare(
        "SELECT day || '|' || agency || '|' || resolving_agency || '|' || procedure_code || '|' || received_direct || "
        "'|' || received_online || '|' || received_postal || '|' || served_counter || '|' || served_online_self || "
        "'|' || served_online_volunteer || '|' || served_home_visit || '|' || submissions_waiting || '|' || "
        "submissions_refused || '|' || digitised || '|' || digitised_with_electronic_result || '|' || "
        "certified_copies || '|' || reused || '|' || results_requiring_document || '|' || electronic_results || '|' "
        "|| fee_data_dossiers || '|' || fee_dossiers || '|' || online_payments || '|' || paid_online_amount "
        "FROM counts766_day WHERE abs(received_direct) + abs(received_online) + abs(received_postal) + "
        "abs(served_counter) + abs(served_online_self) + abs(served_online_volunteer) + abs(served_home_visit) + "
        "abs(submissions_waiting) + abs(submissions_refused) + abs(digitised) + "
        "abs(digitised_with_electronic_result) + abs(certified_copies) + abs(reused) + "
        "abs(results_requiring_document) + abs(electronic_results) + abs(fee_data_dossiers) + abs(fee_dossiers) + "
        "abs(online_payments) + abs(paid_online_amount) > 0");
    while (s.step()) out.push_back("day|" + s.text(0));
    storage::Statement p = db.prepare(
        "SELECT received_day || '|' || paid_day || '|' || agency || '|' || resolving_agency || '|' || procedure_code "
        "|| '|' || dossiers FROM counts766_paid WHERE dossiers <> 0");
    while (p.step()) out.push_back("paid|" + p.text(0));
    std::sort(out.begin(), out.end());
    return out;
}

std::string migration(storage::Dialect dialect, std::string_view prefix) {
    for (const auto& f : storage::migrations_for(dialect))
        if (std::string_view(f.name).starts_with(prefix)) return std::string(f.content);
    return {};
}

struct World {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-07-01T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqlitePaymentStore payments{tmp.db(), dossiers};
    storage::SqliteAttachmentStore attachments{tmp.db()};
    storage::SqliteReportStore reports{tmp.db()};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    std::vector<core::Procedure> procedures;
    std::vector<core::Agency> agencies;

    World() {
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        procedures = catalogue.procedures();
        agencies = catalogue.agencies();
    }
    core::AuditRecord audit(const char* action) const { return core::AuditRecord{clock.now(), "clerk", action, "", {}}; }
};

// The per-dossier oracle and the counters must give the same 766 counts and TTTT figures.
void check_equal(World& w, const std::vector<std::string>& scope, core::ReportPeriod period,
                 std::map<std::string, std::int64_t>& seen) {
    const core::Index766Rules rules;
    std::vector<core::Agency> covered;
    for (const auto& a : w.agencies)
        if (scope.empty() || std::find(scope.begin(), scope.end(), a.code) != scope.end()) covered.push_back(a);
    std::vector<core::Procedure> in_scope;
    for (const auto& p : w.procedures)
        if (std::any_of(covered.begin(), covered.end(), [&](const core::Agency& a) { return a.code == p.agency; }))
            in_scope.push_back(p);
    const core::Timestamp from = core::period_start(period), to = core::period_end(period);

    const auto expected = core::counts_766(period, covered, w.procedures, w.reports.receipts(scope, from, to), rules,
                                           w.reports.digitisation_facts(scope, from, to));
    const auto actual =
        core::counts_766_from_sums(period, covered, w.procedures, w.reports.counts766_sums(scope, period), rules);
    REQUIRE(actual.rows.size() == expected.rows.size());
    for (std::size_t i = 0; i < actual.rows.size(); ++i) {
        CHECK(actual.rows[i].key == expected.rows[i].key);
        CHECK(actual.rows[i].counts == expected.rows[i].counts);
        CHECK(actual.rows[i].indicators.size() == expected.rows[i].indicators.size());
    }
    CHECK(actual.total.counts == expected.total.counts);
    const core::Counts766& t = expected.total.counts;
    seen["dossiers"] += t.dossiers;
    seen["submissions_waiting"] += t.submissions_waiting;
    seen["submissions_refused"] += t.submissions_refused;
    seen["digitised"] += t.digitised;
    seen["digitised_with_electronic_result"] += t.digitised_with_electronic_result;
    seen["certified_copies"] += t.certified_copies;
    seen["reused"] += t.reused;
    seen["electronic_results"] += t.electronic_results;
    seen["served_online_volunteer"] += t.served_online_volunteer;

    const auto tt_expected = core::tttt_766(in_scope, w.payments.fee_facts(scope, from, to),
                                            w.payments.online_payments(scope, from, to), period, rules);
    const auto tt_actual = core::tttt_766_from_sums(in_scope, w.payments.counts766_sums(scope, period), period, rules);
    CHECK(tt_actual.fee_procedures == tt_expected.fee_procedures);
    CHECK(tt_actual.procedures_with_fee_data == tt_expected.procedures_with_fee_data);
    CHECK(tt_actual.procedures_paid_online == tt_expected.procedures_paid_online);
    CHECK(tt_actual.fee_dossiers == tt_expected.fee_dossiers);
    CHECK(tt_actual.paid_online_dossiers == tt_expected.paid_online_dossiers);
    REQUIRE(tt_actual.agencies.size() == tt_expected.agencies.size());
    for (std::size_t i = 0; i < tt_actual.agencies.size(); ++i) {
        const auto& a = tt_actual.agencies[i];
        const auto& b = tt_expected.agencies[i];
        CHECK(std::tie(a.agency, a.fee_procedures, a.procedures_with_fee_data, a.procedures_paid_online,
                       a.fee_dossiers, a.paid_online_dossiers, a.paid_online_amount) ==
              std::tie(b.agency, b.fee_procedures, b.procedures_with_fee_data, b.procedures_paid_online,
                       b.fee_dossiers, b.paid_online_dossiers, b.paid_online_amount));
        seen["paid_online_amount"] += b.paid_online_amount;
    }
    seen["fee_dossiers"] += tt_expected.fee_dossiers;
    seen["paid_online_dossiers"] += tt_expected.paid_online_dossiers;
    seen["procedures_paid_online"] += tt_expected.procedures_paid_online;
}

}  // namespace

TEST_CASE("property: the 766 counts from the per-day counters equal reading every dossier after random events, "
          "marks, results, fees, payments and reversals, and the migration's fill equals the kept counters") {
    World w;
    std::mt19937 rng(766);
    auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    std::uniform_int_distribution<int> day(0, 150);
    std::uniform_int_distribution<int> minute(0, 24 * 60 - 1);
    std::uniform_int_distribution<int> gap(1, 12 * 24 * 60);
    const core::Timestamp base = instant("2026-01-05T00:00:00+07:00");
    std::vector<core::Payment> paid;
    int payment_no = 0, attachment_no = 0;

    for (int i = 0; i < 260; ++i) {
        const core::Procedure& p = w.procedures[static_cast<std::size_t>(i) % w.procedures.size()];
        core::Dossier draft;
        draft.agency = chance(0.2) ? w.agencies[pick(w.agencies.size())].code : p.agency;
        draft.lookup_key = "ABCDEFGHJK";
        draft.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        const core::Timestamp at = base + date::days{day(rng)} + std::chrono::minutes{minute(rng)};
        if (chance(0.8)) {
            if (auto fees = core::intake_fee_lines(p, "", {}, at, "clerk")) draft.fees = std::move(*fees);
        }
        core::Dossier d;
        if (chance(0.25)) {  // an online pre-submission
            draft.agency = p.agency;
            draft.service_mode = chance(0.5) ? core::ServiceMode::online_volunteer : core::ServiceMode::online_self;
            draft.prepared_by = draft.service_mode == core::ServiceMode::online_volunteer ? "tnv.an" : "";
            d = w.dossiers.insert_received(core::start_submission(draft, p, at, "citizen"),
                                           w.audit("dossier.submitted"));
            for (int step = 0; step < 2; ++step) {
                core::DossierEvent e;
                e.at = d.timeline.back().at + std::chrono::minutes{gap(rng)};
                e.actor = "clerk";
                const int k = static_cast<int>(pick(4));
                if (k == 0) break;  // left waiting
                if (k == 1) e.type = core::EventType::receive;
                if (k == 2) {
                    e.type = core::EventType::refuse;
                    e.reason = "không thuộc thẩm quyền";
                }
                if (k == 3) {
                    e.type = core::EventType::request_supplement_at_intake;
                    e.reason = "thiếu";
                    e.items = {"tờ khai"};
                }
                auto next = core::apply(d, e, p, w.engine);
                if (!next) continue;
                next->version = d.version + 1;
                REQUIRE(w.dossiers.update(*next, w.audit("dossier.event")));
                d = std::move(*next);
            }
        } else {
            draft.channel = static_cast<core::Channel>(pick(3));
            draft.service_mode = static_cast<core::ServiceMode>(pick(4));
            draft.received_by = "clerk";
            draft.received_at = at;
            auto started = core::start_dossier(draft, p, w.engine);
            REQUIRE(started.has_value());
            d = w.dossiers.insert_received(*started, w.audit("dossier.received"));
        }
        // A few events through core::apply and DossierStore::update, as the server does.
        for (int step = 0; step < 3 && core::is_received(d); ++step) {
            core::DossierEvent e;
            e.at = d.timeline.back().at + std::chrono::minutes{gap(rng)};
            e.actor = "officer";
            switch (pick(6)) {
                case 0:
                case 1: e.type = core::EventType::result_ready; break;
                case 2: e.type = core::EventType::return_result; e.method = core::ReturnMethod::counter; break;
                case 3: e.type = core::EventType::withdraw; e.reason = "rút"; break;
                case 4: e.type = core::EventType::request_supplement; e.reason = "thiếu"; e.items = {"tờ khai"}; break;
                default: e.type = core::EventType::handover; break;
            }
            auto next = core::apply(d, e, p, w.engine);
            if (!next) continue;
            next->version = d.version + 1;
            REQUIRE(w.dossiers.update(*next, w.audit("dossier.event")));
            d = std::move(*next);
        }
        // Component marks, marked again now and then (the mark is replaced).
        for (int m = 0; m < 2 && !p.components.empty(); ++m) {
            if (!chance(0.4)) continue;
            core::ComponentMark mark;
            mark.dossier_code = d.code;
            mark.component_id = p.components[pick(p.components.size())].id;
            mark.digitised = chance(0.8);
            mark.certified_copy = mark.digitised && chance(0.4);
            mark.reused = mark.digitised && chance(0.3);
            mark.marked_at = d.timeline.back().at;
            mark.marked_by = "clerk";
            w.attachments.save_mark(mark, w.audit("component.marked"));
        }
        // An electronic result (its file attached first), on a dossier whatever its status.
        if (chance(0.3)) {
            core::Attachment a;
            a.dossier_code = d.code;
            a.file_name = "ket-qua.pdf";
            a.content_type = "application/pdf";
            a.size = 100;
            const std::string n = std::to_string(++attachment_no);
            a.sha256 = std::string(64 - n.size(), 'a') + n;
            a.attached_at = d.timeline.back().at;
            a.attached_by = "officer";
            const auto stored = w.attachments.add(a, w.audit("attachment.added"), std::nullopt);
            w.attachments.save_result(core::ElectronicResult{d.code, "12/QĐ", test::d("2026-03-01"), "Trần Quang Minh",
                                                             "UBND", stored.id, a.attached_at, "officer"},
                                      w.audit("result.recorded"));
        }
        // Payments: online (through a gateway) or at the desk, at any minute after the receipt; a few reversed.
        for (int n = 0; n < 2; ++n) {
            if (!chance(0.45)) continue;
            core::Payment pay;
            pay.dossier_code = d.code;
            pay.agency = d.agency;
            pay.amount = 10000 * static_cast<std::int64_t>(1 + pick(10));
            pay.at = d.received_at + std::chrono::minutes{static_cast<int>(pick(3 * 24 * 60))};
            pay.method = chance(0.6) ? core::PaymentMethod::online : core::PaymentMethod::cash;
            if (pay.method == core::PaymentMethod::online) {
                pay.gateway = "gw";
                pay.reference = "T-" + std::to_string(++payment_no);
            }
            pay.recorded_by = "clerk";
            pay.recorded_at = pay.at;
            auto recorded = w.payments.record_payment(pay, w.audit("payment.recorded"), std::nullopt, {});
            REQUIRE(recorded.has_value());
            paid.push_back(*recorded);
        }
        if (!paid.empty() && chance(0.15)) {
            const core::Payment original = paid[pick(paid.size())];
            core::Payment r = original;
            r.id = 0;
            r.amount = -original.amount;
            r.reverses = original.id;
            r.at = original.at + std::chrono::minutes{30};
            r.note = "nhầm";
            (void)w.payments.record_reversal(r, w.audit("payment.reversed"));  // already_reversed is fine
        }
    }

    // Many periods (single days, official windows, long spans) and three scopes.
    std::map<std::string, std::int64_t> seen;
    const std::vector<std::vector<std::string>> scopes{{}, {"000.21.40.H56"}, {"000.00.12.H56", "000.21.40.H56"}};
    std::uniform_int_distribution<int> start(-10, 170);
    std::uniform_int_distribution<int> span(0, 60);
    for (int round = 0; round < 45; ++round) {
        const auto from = core::day_number(test::d("2026-01-05")) + date::days{start(rng)};
        const int length = round % 5 == 0 ? 0 : span(rng);
        core::ReportPeriod period{core::to_date(from), core::to_date(from + date::days{length})};
        if (round % 7 == 3) period = core::window_for(period, core::ReportWindow::official);
        check_equal(w, scopes[static_cast<std::size_t>(round) % scopes.size()], period, seen);
    }
    // The figures this compares are not all zero (else the comparison could not fail).
    for (const auto& [name, total] : seen) {
        INFO(name);
        CHECK(total > 0);
    }
    CHECK(seen.size() == 13);

    // The counters kept write by write are what the migration computes from scratch.
    const auto kept = counter_rows(w.tmp.db());
    CHECK(kept.size() > 200);
    w.tmp.db().exec("DROP TABLE counts766_day");
    w.tmp.db().exec("DROP TABLE counts766_paid");
    w.tmp.db().exec(migration(w.tmp.db().dialect(), "0025_"));
    CHECK(counter_rows(w.tmp.db()) == kept);
}

TEST_CASE("a failed dossier update or payment leaves the 766 counters as they were") {
    World w;
    const core::Procedure p = *w.catalogue.procedure("1.001612", std::nullopt);  // 100,000 VND
    core::Dossier draft;
    draft.agency = p.agency;
    draft.lookup_key = "ABCDEFGHJK";
    draft.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
    draft.received_by = "clerk";
    draft.received_at = instant("2026-03-02T09:00:00+07:00");
    draft.fees = *core::intake_fee_lines(p, "", {}, draft.received_at, "clerk");
    core::Dossier d = w.dossiers.insert_received(*core::start_dossier(draft, p, w.engine), w.audit("dossier.received"));
    const auto before = counter_rows(w.tmp.db());
    CHECK_FALSE(before.empty());

    core::DossierEvent e;
    e.type = core::EventType::result_ready;
    e.actor = "officer";
    e.at = instant("2026-03-03T09:00:00+07:00");
    auto next = core::apply(d, e, p, w.engine);
    REQUIRE(next.has_value());
    next->version = d.version + 1;
    core::Dossier stale = *next;
    stale.version += 5;  // as if another change had won
    CHECK_FALSE(w.dossiers.update(stale, w.audit("dossier.result_ready")));
    CHECK(counter_rows(w.tmp.db()) == before);

    core::Payment pay;
    pay.dossier_code = d.code;
    pay.agency = d.agency;
    pay.amount = 100000;
    pay.at = instant("2026-03-02T10:00:00+07:00");
    pay.method = core::PaymentMethod::online;
    pay.gateway = "gw";
    pay.reference = "T-1";
    pay.recorded_by = "gateway";
    pay.recorded_at = pay.at;
    REQUIRE(w.payments.record_payment(pay, w.audit("payment.recorded"), std::nullopt, {}).has_value());
    const auto paid = counter_rows(w.tmp.db());
    CHECK(paid != before);
    CHECK_FALSE(w.payments.record_payment(pay, w.audit("payment.recorded"), std::nullopt, {}).has_value());
    CHECK(counter_rows(w.tmp.db()) == paid);  // the duplicate transaction wrote nothing
    REQUIRE(w.dossiers.update(*next, w.audit("dossier.result_ready")));
    CHECK(counter_rows(w.tmp.db()) != paid);
}
