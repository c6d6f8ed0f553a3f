// The payment store on SQLite: fee lines written with the dossier, receipt numbers per agency and year, the automatic
// resume in the payment's transaction (and nothing written when it loses), reversals once only.
#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "http/catalogue_json.hpp"
#include "storage/audit_log.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/payment_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";

struct Fixture {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqlitePaymentStore payments{tmp.db(), dossiers};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    core::Procedure procedure;

    Fixture() {
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        procedure = *catalogue.procedure("1.001612", std::nullopt);  // 100,000 VND
    }

    core::Dossier received(const char* at = "2026-03-10T09:00:00+07:00") {
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        d.received_by = "clerk";
        d.received_at = instant(at);
        d.fees = *core::intake_fee_lines(procedure, "", {}, d.received_at, "clerk");
        return dossiers.insert_received(*core::start_dossier(d, procedure, engine),
                                        core::AuditRecord{clock.now(), "clerk", "dossier.received", "", {}});
    }

    core::Payment cash(const core::Dossier& d, std::int64_t amount, const char* at = "2026-03-10T10:00:00+07:00") {
        core::Payment p;
        p.dossier_code = d.code;
        p.agency = d.agency;
        p.amount = amount;
        p.at = instant(at);
        p.recorded_by = "clerk";
        p.recorded_at = p.at;
        return p;
    }

    /// A payment through gateway "gw" of its transaction `reference`.
    core::Payment online(const core::Dossier& d, const char* reference) {
        core::Payment p = cash(d, 100000);
        p.method = core::PaymentMethod::online;
        p.gateway = "gw";
        p.reference = reference;
        return p;
    }

    core::AuditRecord audit(const char* action) { return core::AuditRecord{clock.now(), "clerk", action, "x", {}}; }

    std::int64_t count(const char* sql) {
        auto s = tmp.db().prepare(sql);
        REQUIRE(s.step());
        return s.int64(0);
    }
};

}  // namespace

TEST_CASE("the intake's fee lines are written with the dossier and read back with its account") {
    Fixture f;
    const auto d = f.received();
    const auto account = f.payments.account(d.code);
    REQUIRE(account.lines.size() == 1);
    CHECK(account.lines[0].amount == 100000);
    CHECK(account.lines[0].raised_by == "clerk");
    CHECK(account.outstanding() == 100000);
    CHECK(f.dossiers.find(d.code)->fees.empty());  // read through the payment store only
}

TEST_CASE("receipt numbers run per agency and per year of the payment, without gaps") {
    Fixture f;
    const auto a = f.received(), b = f.received(), c = f.received("2026-03-11T09:00:00+07:00");
    CHECK(f.payments.record_payment(f.cash(a, 100000), f.audit("payment.recorded"), {}, {})->receipt_no ==
          std::string(kWard) + "-BL26-000001");
    CHECK(f.payments.record_payment(f.cash(b, 100000), f.audit("payment.recorded"), {}, {})->receipt_no ==
          std::string(kWard) + "-BL26-000002");
    // 31/12/2026 23:30 office time is still 2026; 1/1/2027 00:10 office time (31/12 17:10 UTC) starts 2027's series.
    CHECK(f.payments.record_payment(f.cash(c, 50000, "2026-12-31T23:30:00+07:00"), f.audit("payment.recorded"), {}, {})
              ->receipt_no == std::string(kWard) + "-BL26-000003");
    CHECK(f.payments.record_payment(f.cash(c, 50000, "2027-01-01T00:10:00+07:00"), f.audit("payment.recorded"), {}, {})
              ->receipt_no == std::string(kWard) + "-BL27-000001");
}

TEST_CASE("a payment whose automatic resume loses to a concurrent change writes nothing and leaves no gap") {
    Fixture f;
    auto d = f.received();
    core::DossierEvent pause;
    pause.type = core::EventType::pause;
    pause.at = instant("2026-03-10T09:30:00+07:00");
    pause.actor = "clerk";
    pause.reason = "nghĩa vụ tài chính";
    auto paused = *core::apply(d, pause, f.procedure, f.engine);
    paused.version = d.version + 1;
    REQUIRE(f.dossiers.update(paused, f.audit("dossier.pause")));

    core::DossierEvent resume;
    resume.type = core::EventType::resume;
    resume.at = instant("2026-03-10T10:00:00+07:00");
    resume.actor = "system";
    auto stale = *core::apply(paused, resume, f.procedure, f.engine);
    stale.version = paused.version;  // as if read before the pause was stored: the version check makes it lose
    const auto audit_rows = f.count("SELECT count(*) FROM audit_log");
    auto lost = f.payments.record_payment(f.cash(paused, 100000), f.audit("payment.recorded"), stale,
                                          f.audit("dossier.resume"));
    REQUIRE_FALSE(lost.has_value());
    CHECK(lost.error().code == "concurrent_change");
    CHECK(f.count("SELECT count(*) FROM payment") == 0);
    CHECK(f.count("SELECT count(*) FROM audit_log") == audit_rows);

    auto resumed = *core::apply(paused, resume, f.procedure, f.engine);
    resumed.version = paused.version + 1;
    auto won = f.payments.record_payment(f.cash(paused, 100000), f.audit("payment.recorded"), resumed,
                                         f.audit("dossier.resume"));
    REQUIRE(won.has_value());
    CHECK(won->receipt_no == std::string(kWard) + "-BL26-000001");  // the lost attempt took no number
    CHECK(f.dossiers.find(d.code)->status == core::DossierStatus::processing);
    CHECK(storage::verify_audit(f.tmp.db()).first_bad_id == std::nullopt);
}

TEST_CASE("a payment is reversed once, keeps its receipt number, and the database refuses edits and deletions") {
    Fixture f;
    const auto d = f.received();
    const auto paid = *f.payments.record_payment(f.cash(d, 100000), f.audit("payment.recorded"), {}, {});
    core::Payment r = paid;
    r.id = 0;
    r.amount = -paid.amount;
    r.reverses = paid.id;
    r.note = "nhầm";
    REQUIRE(f.payments.record_reversal(r, f.audit("payment.reversed")).has_value());
    auto twice = f.payments.record_reversal(r, f.audit("payment.reversed"));
    REQUIRE_FALSE(twice.has_value());
    CHECK(twice.error().code == "already_reversed");
    const auto account = f.payments.account(d.code);
    REQUIRE(account.payments.size() == 2);
    CHECK(account.payments[0].reversed_by == account.payments[1].id);
    CHECK(account.payments[1].receipt_no == paid.receipt_no);
    CHECK(account.outstanding() == 100000);
    CHECK_THROWS_AS(f.tmp.db().exec("UPDATE payment SET amount = 5"), storage::StorageError);
    CHECK_THROWS_AS(f.tmp.db().exec("DELETE FROM payment WHERE id = 1"), storage::StorageError);
}

TEST_CASE("a unique violation outside the payment's own row is not reported as a duplicate gateway transaction") {
    Fixture f;
    const auto d = f.received();
    auto p = f.online(d, "T-1");
    REQUIRE(f.payments.record_payment(p, f.audit("payment.recorded"), {}, {}).has_value());
    // A second, different transaction whose audit row breaks a unique index: a storage fault, not the citizen's
    // duplicate, so it must not come back as "already recorded" (and nothing of it is kept).
    f.tmp.db().exec("CREATE UNIQUE INDEX one_payment_audit ON audit_log (action) WHERE action = 'payment.recorded'");
    p.reference = "T-2";
    CHECK_THROWS_AS((void)f.payments.record_payment(p, f.audit("payment.recorded"), {}, {}), storage::StorageError);
    CHECK_FALSE(f.payments.by_transaction("gw", "T-2").has_value());
    CHECK(f.payments.by_transaction("gw", "T-1").has_value());
}

TEST_CASE("a receipt number that clashes with a stored one is a storage fault, not a duplicate gateway transaction") {
    Fixture f;
    const auto d = f.received();
    auto p = f.online(d, "T-1");
    REQUIRE(f.payments.record_payment(p, f.audit("payment.recorded"), {}, {}).has_value());
    // The receipt sequence set back (a partial restore, say): the next number is one already issued.
    f.tmp.db().exec("DELETE FROM receipt_sequence");
    p.reference = "T-2";
    CHECK_THROWS_AS((void)f.payments.record_payment(p, f.audit("payment.recorded"), {}, {}), storage::StorageError);
    CHECK_FALSE(f.payments.by_transaction("gw", "T-2").has_value());
}

TEST_CASE("a gateway transaction is recorded once") {
    Fixture f;
    const auto d = f.received();
    auto p = f.online(d, "T-1");
    REQUIRE(f.payments.record_payment(p, f.audit("payment.recorded"), {}, {}).has_value());
    auto again = f.payments.record_payment(p, f.audit("payment.recorded"), {}, {});
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == "duplicate_transaction");
    CHECK(f.payments.by_transaction("gw", "T-1")->receipt_no == std::string(kWard) + "-BL26-000001");
    CHECK_FALSE(f.payments.by_transaction("other", "T-1").has_value());
}
