#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "http/catalogue_json.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/user_store.hpp"
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
    core::DeadlineEngine engine = test::engine(2025, 2028);
    core::Procedure procedure;

    Fixture() {
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        for (const auto& p : catalogue.procedures())
            if (p.agency == kWard && std::holds_alternative<core::WorkingDays>(p.duration)) {
                procedure = p;
                break;
            }
        REQUIRE_FALSE(procedure.code.empty());
    }

    core::Dossier base() const {
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        return d;
    }
    core::Dossier counter(const char* at) const {
        core::Dossier d = base();
        d.received_by = "clerk";
        d.received_at = instant(at);
        return *core::start_dossier(d, procedure, engine);
    }
    core::Dossier online(const char* at, const char* volunteer = "") const {
        core::Dossier d = base();
        d.service_mode = *volunteer ? core::ServiceMode::online_volunteer : core::ServiceMode::online_self;
        d.prepared_by = volunteer;
        return core::start_submission(d, procedure, instant(at), *volunteer ? volunteer : "citizen");
    }
    core::AuditRecord audit(const char* action) const { return core::AuditRecord{clock.now(), "clerk", action, "", {}}; }
};

}  // namespace

TEST_CASE("an online submission takes its code from the same gap-free daily sequence as the counter, at submission") {
    Fixture f;
    const auto a = f.dossiers.insert_received(f.counter("2026-03-10T08:00:00+07:00"), f.audit("dossier.received"));
    const auto b = f.dossiers.insert_received(f.online("2026-03-10T08:30:00+07:00"), f.audit("dossier.submitted"));
    const auto c = f.dossiers.insert_received(f.counter("2026-03-10T09:00:00+07:00"), f.audit("dossier.received"));
    CHECK(a.code == "000.21.40.H56-260310-0001");
    CHECK(b.code == "000.21.40.H56-260310-0002");
    CHECK(c.code == "000.21.40.H56-260310-0003");

    auto stored = f.dossiers.find(b.code);
    REQUIRE(stored.has_value());
    CHECK(stored->status == core::DossierStatus::submitted_online);
    CHECK(stored->service_mode == core::ServiceMode::online_self);
    CHECK(stored->channel == core::Channel::online);
    REQUIRE(stored->submitted_at.has_value());
    CHECK(*stored->submitted_at == instant("2026-03-10T08:30:00+07:00"));
    CHECK_FALSE(core::is_received(*stored));
    REQUIRE(stored->timeline.size() == 1);
    CHECK(stored->timeline[0].type == core::EventType::submit);
    CHECK(stored->timeline[0].actor == "citizen");
}

TEST_CASE("receiving a submission stores the receipt with its event and keeps the code given at submission") {
    Fixture f;
    const auto submitted = f.dossiers.insert_received(f.online("2026-03-10T08:30:00+07:00", "tnv.an"),
                                                      f.audit("dossier.submitted"));
    core::DossierEvent receive;
    receive.type = core::EventType::receive;
    receive.at = instant("2026-03-11T10:00:00+07:00");
    receive.actor = "clerk";
    auto next = core::apply(*f.dossiers.find(submitted.code), receive, f.procedure, f.engine);
    REQUIRE(next.has_value());
    next->version = submitted.version + 1;
    REQUIRE(f.dossiers.update(*next, f.audit("dossier.received")));

    auto stored = f.dossiers.find(submitted.code);
    REQUIRE(stored.has_value());
    CHECK(stored->code == "000.21.40.H56-260310-0001");
    CHECK(stored->status == core::DossierStatus::received);
    CHECK(stored->received_by == "clerk");
    CHECK(stored->received_at == instant("2026-03-11T10:00:00+07:00"));
    CHECK(stored->due_at == next->due_at);
    CHECK(stored->service_mode == core::ServiceMode::online_volunteer);
    CHECK(stored->prepared_by == "tnv.an");
    CHECK(core::is_received(*stored));
    REQUIRE(stored->timeline.size() == 2);
    CHECK(stored->timeline[1].type == core::EventType::receive);
}

TEST_CASE("report facts leave out submissions no clerk has received") {
    Fixture f;
    f.dossiers.insert_received(f.counter("2026-03-10T08:00:00+07:00"), f.audit("dossier.received"));
    f.dossiers.insert_received(f.online("2026-03-10T08:30:00+07:00"), f.audit("dossier.submitted"));
    const auto facts = f.dossiers.facts({}, instant("2026-03-11T00:00:00+07:00"));
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].code == "000.21.40.H56-260310-0001");
}

TEST_CASE("the list filtered by who prepared the dossiers shows only that volunteer's") {
    Fixture f;
    f.dossiers.insert_received(f.online("2026-03-10T08:00:00+07:00", "tnv.an"), f.audit("dossier.submitted"));
    f.dossiers.insert_received(f.online("2026-03-10T08:10:00+07:00", "tnv.binh"), f.audit("dossier.submitted"));
    f.dossiers.insert_received(f.online("2026-03-10T08:20:00+07:00"), f.audit("dossier.submitted"));
    core::DossierFilter filter;
    filter.prepared_by = "tnv.an";
    const auto page = f.dossiers.list(filter);
    CHECK(page.total == 1);
    REQUIRE(page.items.size() == 1);
    CHECK(page.items[0].prepared_by == "tnv.an");
    CHECK(f.dossiers.list(core::DossierFilter{}).total == 3);
}

TEST_CASE("the volunteer role is accepted by the user table after the upgrade") {
    Fixture f;
    storage::SqliteUserStore users{f.tmp.db()};
    const core::User v{0, "tnv.an", "Nguyễn An", core::Role::volunteer, kWard, true};
    auto added = users.add(v, "hash", f.audit("user.added"));
    REQUIRE(added.has_value());
    auto found = users.find_with_hash("tnv.an");
    REQUIRE(found.has_value());
    CHECK(found->first.role == core::Role::volunteer);
}
