#include <doctest/doctest.h>
#include <sqlite3.h>

#include "tests/storage/storage_test_support.hpp"

using namespace motcua;

TEST_CASE("migrations apply every schema file in order to an empty database and record each one") {
    test::TempDatabase tmp(false);
    const auto report = storage::migrate(tmp.db(), test::instant("2026-03-10T08:00:00Z"));
    CHECK(report.from_version == 0);
    const auto files = storage::migrations_for(tmp.db().dialect());
    CHECK(report.applied.size() == files.size());
    CHECK(storage::schema_version(tmp.db()) == report.to_version);
    auto count = tmp.db().prepare("SELECT count(*) FROM schema_migration");
    REQUIRE(count.step());
    CHECK(count.int64(0) == static_cast<std::int64_t>(files.size()));
    if (tmp.db().dialect() == storage::Dialect::sqlite) {  // PostgreSQL checks foreign keys on every statement
        auto fk = tmp.db().prepare("PRAGMA foreign_key_check");
        CHECK_FALSE(fk.step());
    }
}

TEST_CASE("migrating twice applies nothing the second time") {
    test::TempDatabase tmp;
    const auto again = storage::migrate(tmp.db(), test::instant("2026-03-11T08:00:00Z"));
    CHECK(again.applied.empty());
    CHECK(again.from_version == again.to_version);
}

TEST_CASE("a database newer than the binary is refused rather than used") {
    test::TempDatabase tmp;
    tmp.db().prepare("INSERT INTO schema_migration (version, name, applied_at) VALUES (9999, 'future', 'x')").run();
    CHECK_THROWS_AS(storage::migrate(tmp.db(), test::instant("2026-03-11T08:00:00Z")), storage::StorageError);
}

TEST_CASE("a migration numbered below one already applied is still applied, once, when it arrives later") {
    test::TempDatabase tmp;
    const int newest = storage::schema_version(tmp.db());
    const std::string low = std::to_string(newest + 1) + "_low.sql";
    const std::string high = std::to_string(newest + 2) + "_high.sql";
    std::vector<EmbeddedFile> files(storage::embedded_migrations().begin(), storage::embedded_migrations().end());
    files.push_back({high, "CREATE TABLE merged_high (x BIGINT);"});
    const auto first = storage::migrate(tmp.db(), test::instant("2026-03-11T08:00:00Z"), files);
    REQUIRE(first.applied == std::vector<std::string>{high});
    CHECK(first.to_version == newest + 2);

    // A line of work merged later brings a lower number: it is applied, not skipped because 'high' is newer.
    files.insert(files.end() - 1, EmbeddedFile{low, "CREATE TABLE merged_low (x BIGINT);"});
    const auto second = storage::migrate(tmp.db(), test::instant("2026-03-12T08:00:00Z"), files);
    CHECK(second.applied == std::vector<std::string>{low});
    CHECK(second.from_version == newest + 2);
    CHECK(second.to_version == newest + 2);
    tmp.db().prepare("INSERT INTO merged_low (x) VALUES (1)").run();  // the table exists
    CHECK(storage::migrate(tmp.db(), test::instant("2026-03-13T08:00:00Z"), files).applied.empty());

    // A binary that lacks a recorded migration refuses the database, even when it knows higher numbers.
    files.erase(files.end() - 2);
    CHECK_THROWS_AS(storage::migrate(tmp.db(), test::instant("2026-03-13T08:00:00Z"), files), storage::StorageError);
}

TEST_CASE("connections run with foreign keys, WAL and synchronous FULL" * doctest::test_suite("sqlite-only")) {
    test::TempDatabase tmp;
    auto fk = tmp.db().prepare("PRAGMA foreign_keys");
    REQUIRE(fk.step());
    CHECK(fk.int64(0) == 1);
    auto wal = tmp.db().prepare("PRAGMA journal_mode");
    REQUIRE(wal.step());
    CHECK(wal.text(0) == "wal");
    auto sync = tmp.db().prepare("PRAGMA synchronous");
    REQUIRE(sync.step());
    CHECK(sync.int64(0) == 2);  // FULL
}

TEST_CASE("SQLite keeps no memory statistics, so its allocations take no global lock" *
          doctest::test_suite("sqlite-only")) {
    test::TempDatabase tmp;  // a connection is open and the schema migrated: thousands of allocations made
    auto s = tmp.db().prepare("SELECT count(*) FROM sqlite_master");
    REQUIRE(s.step());
    CHECK(s.int64(0) > 0);
    CHECK(sqlite3_memory_used() == 0);  // counted only with SQLITE_CONFIG_MEMSTATUS on (Debian's default)
}

TEST_CASE("a transaction that is not committed leaves nothing behind") {
    test::TempDatabase tmp;
    try {
        storage::Transaction tx(tmp.db());
        tmp.db()
            .prepare("INSERT INTO calendar_notice (year, agency, reference, source, loaded_at, loaded_by) "
                     "VALUES (2030, '', 'x', 'admin', 'now', 'me')")
            .run();
        throw std::runtime_error("failure mid-transaction");
    } catch (const std::runtime_error&) {
    }
    auto count = tmp.db().prepare("SELECT count(*) FROM calendar_notice");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 0);
}

TEST_CASE("calendar entries refuse impossible dates at the schema level") {
    test::TempDatabase tmp;
    tmp.db()
        .prepare("INSERT INTO calendar_notice (id, year, agency, reference, source, loaded_at, loaded_by) "
                 "VALUES (1, 2030, '', 'x', 'admin', 'now', 'me')")
        .run();
    CHECK_THROWS_AS(tmp.db()
                        .prepare("INSERT INTO calendar_entry (notice_id, day, kind, name) VALUES (1, '2030-02-30', "
                                 "'holiday', 'x')")
                        .run(),
                    storage::StorageError);
}

TEST_CASE("on PostgreSQL a number's .pg.sql file replaces its shared file, and SQLite never reads a .pg.sql file") {
    const std::vector<EmbeddedFile> files{{"0001_a.pg.sql", "pg 1"}, {"0001_a.sql", "shared 1"},
                                          {"0002_b.sql", "shared 2"}, {"0003_c.pg.sql", "pg 3"},
                                          {"0003_c.sql", "shared 3"}};
    const auto sqlite = storage::migrations_for(storage::Dialect::sqlite, files);
    REQUIRE(sqlite.size() == 3);
    CHECK(sqlite[0].content == "shared 1");
    CHECK(sqlite[1].content == "shared 2");
    CHECK(sqlite[2].content == "shared 3");
    const auto pg = storage::migrations_for(storage::Dialect::postgresql, files);
    REQUIRE(pg.size() == 3);
    CHECK(pg[0].name == "0001_a.pg.sql");
    CHECK(pg[1].content == "shared 2");
    CHECK(pg[2].content == "pg 3");
}
