// The notification outbox on SQLite, and its delivery by core::NotificationService with a scripted channel.
#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "core/notification_service.hpp"
#include "http/catalogue_json.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/outbox_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using namespace std::chrono_literals;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";

/// A channel that answers from a script: "ok" or an error text per call, then "ok" forever.
class ScriptedChannel final : public core::NotificationChannel {
public:
    explicit ScriptedChannel(core::Medium medium, std::vector<std::string> script = {})
        : medium_(medium), script_(std::move(script)) {}
    [[nodiscard]] std::string name() const override { return "scripted"; }
    [[nodiscard]] bool handles(core::Medium m) const override { return m == medium_; }
    core::Result<std::string> send(const core::OutboxEntry& entry, const core::RenderedMessage& message) override {
        sent.push_back({entry.id, message.body});
        const std::string answer = calls < script_.size() ? script_[calls] : "ok";
        ++calls;
        if (answer == "ok") return "receipt-" + std::to_string(entry.id);
        return core::fail(core::ErrorKind::internal, answer, {}, "delivery_failed");
    }
    std::vector<std::pair<std::int64_t, std::string>> sent;
    std::size_t calls = 0;

private:
    core::Medium medium_;
    std::vector<std::string> script_;
};

struct Fixture {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqliteOutboxStore outbox{tmp.db()};
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

    /// A received dossier with e-mail and phone, stored with its "received" messages.
    core::Dossier received() {
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "ngoc@example.vn", "12 Đường Số 5",
                       std::nullopt};
        d.received_by = "clerk";
        d.received_at = clock.now();
        auto started = *core::start_dossier(d, procedure, engine);
        const auto notify = core::notifications_for(started);
        return dossiers.insert_received(started, audit(), notify);
    }

    core::AuditRecord audit(const char* action = "dossier.received") const {
        return core::AuditRecord{clock.now(), "clerk", action, "", {}};
    }

    std::int64_t count(const char* status) {
        storage::Statement s(tmp.db(), "SELECT count(*) FROM notification_outbox WHERE status = ?1");
        s.bind(1, status);
        REQUIRE(s.step());
        return s.int64(0);
    }
};

}  // namespace

TEST_CASE("a received dossier's messages are written with it, one per contact the applicant gave") {
    Fixture f;
    const auto d = f.received();
    const auto entries = f.outbox.for_dossier(d.code);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].message.medium == core::Medium::email);
    CHECK(entries[0].message.recipient == "ngoc@example.vn");
    CHECK(entries[1].message.medium == core::Medium::sms);
    CHECK(entries[1].message.recipient == "0903123456");
    for (const auto& e : entries) {
        CHECK(e.status == core::OutboxStatus::pending);
        CHECK(e.event_seq == 1);
        CHECK(e.dossier_code == d.code);
        CHECK(core::render(e).body.find(d.code) != std::string::npos);
    }
}

TEST_CASE("an update that loses a concurrent change writes no message either") {
    Fixture f;
    const auto d = f.received();
    core::DossierEvent ev;
    ev.type = core::EventType::request_supplement;
    ev.reason = "Thiếu giấy tờ";
    ev.items = {"Bản sao giấy khai sinh"};
    ev.at = f.clock.now() + 1h;
    ev.actor = "clerk";
    auto next = core::apply(d, ev, f.procedure, f.engine);
    REQUIRE(next.has_value());
    next->version = d.version + 1;
    auto stale = *next;
    stale.version = d.version + 5;  // as if another writer had moved the dossier on
    CHECK_FALSE(f.dossiers.update(stale, f.audit("dossier.request_supplement"), core::notifications_for(stale)));
    CHECK(f.outbox.for_dossier(d.code).size() == 2);
    REQUIRE(f.dossiers.update(*next, f.audit("dossier.request_supplement"), core::notifications_for(*next)));
    const auto entries = f.outbox.for_dossier(d.code);
    REQUIRE(entries.size() == 4);
    CHECK(entries[2].message.kind == core::NotificationKind::supplement_requested);
    CHECK(core::render(entries[2]).body.find("Bản sao giấy khai sinh") != std::string::npos);
}

TEST_CASE("a claimed message is not claimed again while its lease runs, and is claimed again after a crash") {
    Fixture f;
    f.received();
    const auto now = f.clock.now();
    const std::vector<core::Medium> both{core::Medium::email, core::Medium::sms};
    const auto first = f.outbox.claim_due(now, now + 2min, 10, both);
    CHECK(first.size() == 2);
    CHECK(f.outbox.claim_due(now + 1min, now + 3min, 10, both).empty());
    // The worker died without recording anything: after the lease the messages come back, still unsent.
    const auto again = f.outbox.claim_due(now + 3min, now + 5min, 10, both);
    CHECK(again.size() == 2);
    CHECK(f.count("sent") == 0);
}

TEST_CASE("only the mediums a channel handles are claimed, the rest wait in the outbox") {
    Fixture f;
    f.received();
    ScriptedChannel email(core::Medium::email);
    core::NotificationService service(f.outbox, f.dossiers, f.catalogue, {&email}, f.clock);
    const auto round = service.deliver_due();
    CHECK(round.sent == 1);
    CHECK(email.sent.size() == 1);
    CHECK(f.count("sent") == 1);
    CHECK(f.count("pending") == 1);
    core::NotificationService none(f.outbox, f.dossiers, f.catalogue, {}, f.clock);
    CHECK(none.deliver_due().claimed == 0);
}

TEST_CASE("a failing channel is retried with growing waits, then the message is marked failed and can be sent again") {
    Fixture f;
    f.received();
    ScriptedChannel sms(core::Medium::sms, {"503 busy", "503 busy", "503 busy"});
    core::DeliveryPolicy policy;
    policy.max_attempts = 3;
    policy.first_retry = 60s;
    core::NotificationService service(f.outbox, f.dossiers, f.catalogue, {&sms}, f.clock, policy);

    CHECK(service.deliver_due().retried == 1);
    auto e = f.outbox.list({}, core::OutboxStatus::pending, 10);
    REQUIRE(e.size() == 2);  // newest first: the SMS that failed, and the e-mail no channel handles
    REQUIRE(e[0].message.medium == core::Medium::sms);
    CHECK(e[1].attempts == 0);
    CHECK(e[0].attempts == 1);
    CHECK(e[0].last_result == "503 busy");
    CHECK(e[0].next_attempt_at == f.clock.now() + 60s);
    CHECK(service.deliver_due().claimed == 0);  // not due yet

    f.clock.advance(60s);
    CHECK(service.deliver_due().retried == 1);
    CHECK(f.outbox.find(e[0].id)->next_attempt_at == f.clock.now() + 120s);
    f.clock.advance(120s);
    CHECK(service.deliver_due().gave_up == 1);
    CHECK(f.outbox.find(e[0].id)->status == core::OutboxStatus::failed);
    f.clock.advance(24h);
    CHECK(service.deliver_due().claimed == 0);

    core::User clerk;
    clerk.username = "clerk";
    clerk.role = core::Role::clerk;
    clerk.agency = kWard;
    core::User stranger = clerk;
    stranger.agency = "000.22.40.H56";
    CHECK(service.requeue(e[0].id, stranger).error().kind == core::ErrorKind::not_found);
    auto requeued = service.requeue(e[0].id, clerk);
    REQUIRE(requeued.has_value());
    CHECK(requeued->status == core::OutboxStatus::pending);
    CHECK(service.requeue(e[0].id, clerk).error().code == "message_not_failed");
    CHECK(service.deliver_due().sent == 1);
    CHECK(f.outbox.find(e[0].id)->last_result == "receipt-" + std::to_string(e[0].id));
}
