#include <doctest/doctest.h>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "http/catalogue_json.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/database_move.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";

// A fresh migrated database named `name` in `dir` on the engine the suite runs on.
std::string fresh_database(const std::filesystem::path& dir, const std::string& name) {
    const std::string server = test::postgresql_server();
    if (!server.empty()) return test::create_postgresql_database(server, true);
    const std::string path = (dir / name).string();
    storage::Database db(path);
    storage::migrate(db, instant("2026-03-10T08:00:00+07:00"));
    return path;
}

// The other engine when the suite runs on PostgreSQL (a SQLite file), else another SQLite file.
std::string other_engine_database(const std::filesystem::path& dir) {
    const std::string path = (dir / "other.db").string();
    storage::Database db(path);
    storage::migrate(db, instant("2026-03-10T08:00:00+07:00"));
    return path;
}

struct Province {
    test::TempDatabase tmp;
    test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
    std::vector<std::string> codes;
    core::Dossier draft;  ///< the last dossier as started, before insertion

    Province() {
        storage::SqliteCatalogueStore catalogue{tmp.db()};
        storage::SqliteDossierStore dossiers{tmp.db()};
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        const core::DeadlineEngine engine = test::engine(2025, 2028);
        for (const auto& p : catalogue.procedures()) {
            if (p.agency != kWard) continue;
            core::Dossier d;
            d.agency = kWard;
            d.lookup_key = "ABCDEFGHJK";
            d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
            d.received_by = "clerk";
            d.received_at = instant("2026-03-10T09:00:00+07:00");
            auto started = core::start_dossier(d, p, engine);
            REQUIRE(started.has_value());
            draft = *started;
            codes.push_back(
                dossiers.insert_received(*started, core::AuditRecord{clock.now(), "clerk", "dossier.received", "", {}})
                    .code);
        }
        REQUIRE(codes.size() >= 3);
    }
};

std::int64_t rows_of(storage::Database& db, const std::string& table) {
    storage::Statement s = db.prepare("SELECT count(*) FROM " + table);
    s.step();
    return s.int64(0);
}

}  // namespace

TEST_CASE("a database moved to the other engine and back holds the same rows, audit head and citizen's views") {
    Province p;
    storage::Database other(other_engine_database(p.tmp.dir()));
    const auto generation = [](storage::Database& db) {
        storage::Statement s = db.prepare("SELECT generation FROM catalogue_generation WHERE id = 1");
        REQUIRE(s.step());
        return s.int64(0);
    };
    const std::int64_t seeded = generation(other);
    auto there = storage::move_database(p.tmp.db(), other, 7);  // small batches: several transactions per table
    REQUIRE(there.has_value());
    CHECK(generation(other) != seeded);  // the catalogue changed: cached copies of the seeded one are stale
    CHECK_MESSAGE(there->check.passed(), there->check.problem);
    CHECK(there->check.source_head.last_id > 0);
    CHECK(there->check.source_head == there->check.target_head);
    CHECK(there->check.target_chain_intact);
    CHECK(there->rebuilt == std::vector<std::string>{"dossier_public"});
    CHECK(rows_of(other, "dossier") == static_cast<std::int64_t>(p.codes.size()));
    CHECK(rows_of(other, "schema_migration") == rows_of(p.tmp.db(), "schema_migration"));

    storage::Database back(fresh_database(p.tmp.dir(), "back.db"));
    auto home = storage::move_database(other, back);
    REQUIRE(home.has_value());
    CHECK_MESSAGE(home->check.passed(), home->check.problem);
    CHECK(home->rows >= there->rows);  // PostgreSQL also copies dossier_public
    CHECK(home->check.target_head == there->check.source_head);
    if (back.dialect() == storage::Dialect::postgresql) {  // copied with the triggers off, then checked
        CHECK(home->rebuilt.empty());
        CHECK(std::any_of(home->copied.begin(), home->copied.end(),
                          [](const auto& c) { return c.table == "dossier_public" && c.rows > 0; }));
    }

    storage::SqliteDossierStore before{p.tmp.db()}, after{back};
    for (const auto& code : p.codes) {
        for (const auto form : {core::PublicForm::citizen_view, core::PublicForm::open311}) {
            const auto a = before.find_public(code, form);
            const auto b = after.find_public(code, form);
            REQUIRE(a.has_value());
            REQUIRE(b.has_value());
            CHECK(a->document == b->document);  // byte-equal, rebuilt by the target's triggers
            CHECK(a->agency_name == b->agency_name);
        }
    }
}

TEST_CASE("a moved database takes new dossiers after the copied ids, and the check then sees the difference") {
    Province p;
    storage::Database target(fresh_database(p.tmp.dir(), "target.db"));
    REQUIRE(storage::move_database(p.tmp.db(), target).has_value());
    storage::SqliteDossierStore store{target};
    core::Dossier next = p.draft;
    next.received_at = instant("2026-03-11T09:00:00+07:00");
    const auto inserted =
        store.insert_received(next, core::AuditRecord{p.clock.now(), "clerk", "dossier.received", "", {}});
    CHECK(inserted.code == std::string(kWard) + "-260311-0001");
    CHECK(rows_of(target, "dossier") == static_cast<std::int64_t>(p.codes.size()) + 1);
    CHECK(store.find_public(inserted.code, core::PublicForm::citizen_view).has_value());  // the citizen's view's triggers are on again

    const auto check = storage::check_move(p.tmp.db(), target);
    CHECK_FALSE(check.passed());
    CHECK_FALSE(check.problem.empty());
    auto same = [&](const std::string& table) {
        for (const auto& t : check.tables)
            if (t.table == table) return t.same_rows;
        FAIL("no table " << table);
        return false;
    };
    CHECK_FALSE(same("dossier"));
    CHECK_FALSE(same("dossier_event"));
    CHECK_FALSE(same("audit_log"));
    CHECK(same("agency"));
    CHECK(same("procedure_version"));
    CHECK(check.target_chain_intact);
    CHECK(check.target_head.last_id == check.source_head.last_id + 1);
}

TEST_CASE("a move refuses a target that already holds dossiers, and one at another schema version") {
    Province p;
    Province busy;
    auto refused = storage::move_database(p.tmp.db(), busy.tmp.db());
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == "target_not_empty");
    CHECK(rows_of(busy.tmp.db(), "dossier") == static_cast<std::int64_t>(busy.codes.size()));

    test::TempDatabase empty(false);
    auto unmigrated = storage::move_database(p.tmp.db(), empty.db());
    REQUIRE_FALSE(unmigrated.has_value());
    CHECK(unmigrated.error().code == "schema_versions_differ");
}

TEST_CASE("an agency whose parent sorts after it is moved after its parent, and pages of a few rows lose none") {
    test::TempDatabase source;
    // Parents chosen so that key order puts each child before its parent: A under Z, Z under M.
    for (const auto& [code, parent] : std::vector<std::pair<std::string, std::optional<std::string>>>{
             {"M", std::nullopt}, {"Z", "M"}, {"A", "Z"}, {"B", "Z"}, {"C", "A"}}) {
        source.db()
            .prepare("INSERT INTO agency (code, name, level, parent, office_hours) VALUES (?1, ?2, 'department', ?3, "
                     "'{}')")
            .bind(1, code)
            .bind(2, "Cơ quan " + code)
            .bind(3, parent)
            .run();
    }
    storage::Database target(other_engine_database(source.dir()));
    auto moved = storage::move_database(source.db(), target, 2);  // two rows a page, a statement and a transaction
    REQUIRE(moved.has_value());
    CHECK_MESSAGE(moved->check.passed(), moved->check.problem);
    CHECK(rows_of(target, "agency") == 5);
    auto parent_of_c = target.prepare("SELECT parent FROM agency WHERE code = 'C'");
    REQUIRE(parent_of_c.step());
    CHECK(parent_of_c.text(0) == "A");
}
