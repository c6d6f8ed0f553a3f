#include <mutex>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "http/catalogue_json.hpp"
#include "storage/audit_log.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";

// The demo catalogue in a temp database, and one multi-day procedure of the ward.
struct Fixture {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    core::Procedure procedure;

    Fixture() {
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        for (const auto& p : catalogue.procedures())
            if (p.agency == kWard && std::holds_alternative<core::WorkingDays>(p.duration) &&
                std::get<core::WorkingDays>(p.duration).count >= 3) {
                procedure = p;
                break;
            }
        REQUIRE_FALSE(procedure.code.empty());
    }

    core::Dossier draft(const char* received = "2026-03-10T09:00:00+07:00") const {
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        d.received_by = "clerk";
        d.received_at = instant(received);
        return *core::start_dossier(d, procedure, engine);
    }

    core::AuditRecord audit(const char* action = "dossier.received") const {
        return core::AuditRecord{clock.now(), "clerk", action, "", {}};
    }
};

}  // namespace

TEST_CASE("received dossiers get gap-free daily codes per agency, restarting each day") {
    Fixture f;
    std::vector<std::string> codes;
    for (int i = 0; i < 3; ++i) codes.push_back(f.dossiers.insert_received(f.draft(), f.audit()).code);
    codes.push_back(f.dossiers.insert_received(f.draft("2026-03-11T08:00:00+07:00"), f.audit()).code);
    CHECK(codes[0] == "000.21.40.H56-260310-0001");
    CHECK(codes[1] == "000.21.40.H56-260310-0002");
    CHECK(codes[2] == "000.21.40.H56-260310-0003");
    CHECK(codes[3] == "000.21.40.H56-260311-0001");
}

TEST_CASE("the code's date is the receipt's office-time date, not its UTC date") {
    Fixture f;
    // 06:30 on 11 March in Hà Nội is still 10 March in UTC.
    CHECK(f.dossiers.insert_received(f.draft("2026-03-11T06:30:00+07:00"), f.audit()).code ==
          "000.21.40.H56-260311-0001");
}

TEST_CASE("concurrent intakes on separate connections still get unique, gap-free codes") {
    Fixture f;
    constexpr int kThreads = 4;
    constexpr int kEach = 15;
    std::vector<std::string> codes;
    std::mutex m;
    std::vector<std::thread> threads;
    const core::Dossier base = f.draft();
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&] {
            storage::Database db(f.tmp.path());
            storage::SqliteDossierStore store(db);
            for (int j = 0; j < kEach; ++j) {
                auto d = store.insert_received(base, f.audit());
                std::lock_guard lock(m);
                codes.push_back(d.code);
            }
        });
    for (auto& t : threads) t.join();
    std::set<std::string> unique(codes.begin(), codes.end());
    CHECK(unique.size() == kThreads * kEach);
    CHECK(*unique.rbegin() == "000.21.40.H56-260310-0060");
}

TEST_CASE("a stored dossier reads back with its applicant, state and timeline") {
    Fixture f;
    const auto stored = f.dossiers.insert_received(f.draft(), f.audit());
    auto found = f.dossiers.find(stored.code);
    REQUIRE(found.has_value());
    CHECK(found->applicant == stored.applicant);
    CHECK(found->due_at == stored.due_at);
    CHECK(found->step_due_at == stored.step_due_at);
    CHECK(found->clock_start == stored.clock_start);
    REQUIRE(found->timeline.size() == 1);
    CHECK(found->timeline[0].type == core::EventType::receive);
    CHECK_FALSE(f.dossiers.find("000.21.40.H56-260310-9999").has_value());
}

TEST_CASE("an update applies only on the version it was computed from") {
    Fixture f;
    auto d = f.dossiers.insert_received(f.draft(), f.audit());
    core::DossierEvent ready;
    ready.type = core::EventType::result_ready;
    ready.at = instant("2026-03-11T09:00:00+07:00");
    ready.actor = "officer";
    auto next = *core::apply(d, ready, f.procedure, f.engine);
    next.version = d.version + 1;
    CHECK(f.dossiers.update(next, f.audit("dossier.result_ready")));
    CHECK_FALSE(f.dossiers.update(next, f.audit("dossier.result_ready")));  // the stale writer loses
    auto found = f.dossiers.find(d.code);
    REQUIRE(found.has_value());
    CHECK(found->status == core::DossierStatus::result_ready);
    CHECK(found->timeline.size() == 2);
    CHECK(found->timeliness == core::Timeliness::early);
}

TEST_CASE("the list filters by agency, status and overdue, sorted by due") {
    Fixture f;
    f.dossiers.insert_received(f.draft("2026-03-02T09:00:00+07:00"), f.audit());
    f.dossiers.insert_received(f.draft("2026-03-10T09:00:00+07:00"), f.audit());
    core::DossierFilter all;
    all.now = instant("2026-03-10T10:00:00+07:00");
    CHECK(f.dossiers.list(all).total == 2);
    core::DossierFilter overdue = all;
    overdue.overdue_only = true;
    const auto late = f.dossiers.list(overdue);
    REQUIRE(late.total == 1);
    CHECK(late.items[0].code.find("-260302-") != std::string::npos);
    core::DossierFilter other = all;
    other.agencies = {"000.22.40.H56"};
    CHECK(f.dossiers.list(other).total == 0);
    core::DossierFilter returned = all;
    returned.status = core::DossierStatus::returned;
    CHECK(f.dossiers.list(returned).total == 0);
    core::DossierFilter paged = all;
    paged.page_size = 1;
    paged.page = 2;
    const auto page2 = f.dossiers.list(paged);
    CHECK(page2.total == 2);
    REQUIRE(page2.items.size() == 1);
    CHECK(page2.items[0].code.find("-260310-") != std::string::npos);
}

TEST_CASE("dossier events are covered by the audit chain: an edited event is found") {
    Fixture f;
    for (int i = 0; i < 3; ++i) f.dossiers.insert_received(f.draft(), f.audit());
    CHECK_FALSE(storage::verify_audit(f.tmp.db()).first_bad_id.has_value());
    CHECK_THROWS_AS(f.tmp.db().exec("UPDATE dossier_event SET actor = 'x' WHERE seq = 1"), storage::StorageError);
    test::drop_trigger(f.tmp.db(), "dossier_event_no_update", "dossier_event");
    f.tmp.db().exec("UPDATE dossier_event SET data = data || ' ' WHERE dossier_id = 2");
    const auto v = storage::verify_audit(f.tmp.db());
    REQUIRE(v.first_bad_id.has_value());
    CHECK(v.problem.find("000.21.40.H56-260310-0002") != std::string::npos);
}

TEST_CASE("the audit verification reads page by page and finds the same rows, events and edits at any page size") {
    Fixture f;
    for (int i = 0; i < 4; ++i) f.dossiers.insert_received(f.draft(), f.audit());
    const auto whole = storage::verify_audit(f.tmp.db());
    REQUIRE_FALSE(whole.first_bad_id.has_value());
    REQUIRE(whole.rows >= 4);
    REQUIRE(whole.events >= 4);
    for (std::int64_t page : {1, 2, 3, 1000}) {
        CAPTURE(page);
        const auto paged = storage::verify_audit(f.tmp.db(), std::nullopt, page);
        CHECK_FALSE(paged.first_bad_id.has_value());
        CHECK(paged.rows == whole.rows);
        CHECK(paged.events == whole.events);
        CHECK(storage::verify_audit(f.tmp.db(), 2, page).rows == 2);  // a prefix, as a signed digest asks
    }
    // An edit in the last dossier's event is found however many pages come before it.
    test::drop_trigger(f.tmp.db(), "dossier_event_no_update", "dossier_event");
    f.tmp.db().exec("UPDATE dossier_event SET data = data || ' ' WHERE dossier_id = 4");
    for (std::int64_t page : {1, 2, 1000}) {
        CAPTURE(page);
        const auto v = storage::verify_audit(f.tmp.db(), std::nullopt, page);
        REQUIRE(v.first_bad_id.has_value());
        CHECK(v.problem.find("-0004") != std::string::npos);
    }
}

TEST_CASE("non-received intakes are recorded without a code") {
    Fixture f;
    core::IntakeRecord r{0, "refuse", kWard, f.procedure.code, f.procedure.version, core::Channel::direct,
                         f.draft().applicant, {}, "Không thuộc thẩm quyền", {}, f.clock.now(), "clerk",
                         core::ServiceMode::counter, ""};
    CHECK(f.dossiers.insert_intake_record(r, f.audit("intake.refuse")) > 0);
    auto s = f.tmp.db().prepare("SELECT count(*) FROM intake_record WHERE outcome = 'refuse'");
    s.step();
    CHECK(s.int64(0) == 1);
}

TEST_CASE("importing the catalogue twice creates no new versions, and a change creates version 2") {
    Fixture f;
    core::CatalogueService service(f.catalogue, f.clock);
    auto again = service.import(http::demo_catalogue(), "test");
    REQUIRE(again.has_value());
    CHECK(again->procedures_new == 0);
    CHECK(again->procedures_changed == 0);
    auto changed = http::demo_catalogue();
    changed.procedures[0].name += " (sửa đổi)";
    auto third = service.import(changed, "test");
    REQUIRE(third.has_value());
    CHECK(third->procedures_changed == 1);
    const auto latest = f.catalogue.procedure(changed.procedures[0].code, std::nullopt);
    REQUIRE(latest.has_value());
    CHECK(latest->version == 2);
    CHECK(f.catalogue.procedure(changed.procedures[0].code, 1)->name == http::demo_catalogue().procedures[0].name);
}

TEST_CASE("each procedure version keeps whether its result is a document, as its body says, whoever writes it") {
    Fixture f;
    // Every version the import wrote: the column agrees with the body (schema 0031, kept by triggers).
    auto mismatched = f.tmp.db().prepare(
        "SELECT count(*), sum(result_required) FROM procedure_version "
        "WHERE result_required <> CASE WHEN coalesce(json_extract(body, '$.result_type'), '') <> '' THEN 1 ELSE 0 END");
    REQUIRE(mismatched.step());
    CHECK(mismatched.int64(0) == 0);
    mismatched.reset();
    auto documents = f.tmp.db().prepare("SELECT count(*) FROM procedure_version WHERE result_required = 1");
    REQUIRE(documents.step());
    CHECK(documents.int64(0) > 0);  // the demo catalogue has procedures with a result document
    documents.reset();
    // A direct edit of the body, and of the column itself, leaves the column as the body says.
    auto set_body = [&](const char* body) {
        f.tmp.db()
            .prepare("UPDATE procedure_version SET body = ?1 WHERE code = ?2 AND version = ?3")
            .bind(1, body)
            .bind(2, f.procedure.code)
            .bind(3, f.procedure.version)
            .run();
    };
    set_body("{\"result_type\": \"\"}");
    auto column = [&] {
        auto s = f.tmp.db().prepare("SELECT result_required FROM procedure_version WHERE code = ?1 AND version = ?2");
        s.bind(1, f.procedure.code).bind(2, f.procedure.version);
        REQUIRE(s.step());
        return s.int64(0);
    };
    CHECK(column() == 0);
    f.tmp.db()
        .prepare("UPDATE procedure_version SET result_required = 1 WHERE code = ?1 AND version = ?2")
        .bind(1, f.procedure.code)
        .bind(2, f.procedure.version)
        .run();
    CHECK(column() == 0);
    set_body("{\"result_type\": \"Giấy khai sinh\"}");
    CHECK(column() == 1);
}

TEST_CASE("a catalogue whose steps do not sum is refused whole") {
    Fixture f;
    core::CatalogueService service(f.catalogue, f.clock);
    auto bad = http::demo_catalogue();
    bad.procedures[3].name += " changed";
    bad.procedures[5].steps[0].budget.count += 1;
    auto r = service.import(bad, "test");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "steps_do_not_sum");
    CHECK(r.error().field == "procedures[5].steps");
    CHECK(f.catalogue.procedure(bad.procedures[3].code, std::nullopt)->version == 1);
}

TEST_CASE("a procedure version read inside a rolled-back transaction and saved again with other rules is read anew") {
    Fixture f;
    core::CatalogueService service(f.catalogue, f.clock);
    auto changed = http::demo_catalogue();
    changed.procedures[0].name += " (bản bị hủy)";
    const std::string code = changed.procedures[0].code;
    {
        storage::Transaction tx(f.tmp.db());
        REQUIRE(service.import(changed, "test").has_value());
        // Read (and kept by the store) inside the transaction that will not commit.
        CHECK(f.catalogue.procedure(code, std::nullopt)->name == changed.procedures[0].name);
        CHECK(f.catalogue.procedure(code, 2)->name == changed.procedures[0].name);
    }  // rolled back
    CHECK(f.catalogue.procedure(code, std::nullopt)->version == 1);
    CHECK_FALSE(f.catalogue.procedure(code, 2).has_value());
    auto other = http::demo_catalogue();
    other.procedures[0].name += " (sửa đổi)";
    REQUIRE(service.import(other, "test").has_value());
    CHECK(f.catalogue.procedure(code, std::nullopt)->name == other.procedures[0].name);
    CHECK(f.catalogue.procedure(code, 2)->name == other.procedures[0].name);
}

TEST_CASE("a store that kept the catalogue sees a change saved through another connection at its next read") {
    Fixture f;
    const std::string code = f.procedure.code;
    // Kept: the agency list, an agency, the procedure's newest version.
    const auto before = f.catalogue.agencies();
    REQUIRE(f.catalogue.agency(kWard).has_value());
    CHECK_FALSE(f.catalogue.agency("999.99.99.H56").has_value());
    REQUIRE(f.catalogue.procedure(code, std::nullopt)->version == 1);

    storage::Database other(f.tmp.path());
    storage::SqliteCatalogueStore other_store(other);
    core::CatalogueService service(other_store, f.clock);
    auto changed = http::demo_catalogue();
    for (auto& p : changed.procedures)
        if (p.code == code) p.name += " (sửa đổi)";
    core::Agency added = changed.agencies.front();
    added.code = "999.99.99.H56";
    added.name = "Phường Mới";
    changed.agencies.push_back(added);
    for (auto& a : changed.agencies)
        if (a.code == kWard) a.name += " (đổi tên)";
    REQUIRE(service.import(changed, "test").has_value());

    const auto latest = f.catalogue.procedure(code, std::nullopt);
    REQUIRE(latest.has_value());
    CHECK(latest->version == 2);
    CHECK(latest->name.ends_with(" (sửa đổi)"));
    CHECK(f.catalogue.agencies().size() == before.size() + 1);
    REQUIRE(f.catalogue.agency("999.99.99.H56").has_value());
    CHECK(f.catalogue.agency(kWard)->name.ends_with(" (đổi tên)"));
}

TEST_CASE("a catalogue kept from inside a rolled-back transaction is not taken for a later change's, even unread "
          "between") {
    Fixture f;
    core::CatalogueService service(f.catalogue, f.clock);
    const std::string code = f.procedure.code;
    auto cancelled = http::demo_catalogue();
    for (auto& p : cancelled.procedures)
        if (p.code == code) p.name += " (bản bị hủy)";
    {
        storage::Transaction tx(f.tmp.db());
        REQUIRE(service.import(cancelled, "test").has_value());
        CHECK(f.catalogue.procedure(code, std::nullopt)->name.ends_with(" (bản bị hủy)"));
        CHECK(f.catalogue.agencies().size() == cancelled.agencies.size());
    }  // rolled back, and nothing read before the next change
    storage::Database other(f.tmp.path());
    storage::SqliteCatalogueStore other_store(other);
    core::CatalogueService other_service(other_store, f.clock);
    auto kept = http::demo_catalogue();
    for (auto& p : kept.procedures)
        if (p.code == code) p.name += " (sửa đổi)";
    REQUIRE(other_service.import(kept, "test").has_value());
    const auto latest = f.catalogue.procedure(code, std::nullopt);
    REQUIRE(latest.has_value());
    CHECK(latest->version == 2);
    CHECK(latest->name.ends_with(" (sửa đổi)"));
}
