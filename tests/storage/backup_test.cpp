#include <atomic>
#include <thread>

#include <doctest/doctest.h>

#include "storage/backup.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;

TEST_CASE("a backup taken while another connection writes is a complete, consistent copy" *
          doctest::test_suite("sqlite only")) {
    test::TempDatabase tmp;
    tmp.db().exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)");
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread writer([&] {
        storage::Database db(tmp.path());
        while (!stop) {
            storage::Transaction tx(db);
            // Each transaction writes a pair; a consistent copy never has half a pair.
            db.prepare("INSERT INTO t (a, b) VALUES ('x', 'y')").run();
            db.prepare("INSERT INTO t (a, b) VALUES ('x', 'y')").run();
            tx.commit();
            written += 2;
        }
    });
    while (written < 200) std::this_thread::yield();
    const std::string target = tmp.path() + ".copy";
    const auto report = storage::backup(tmp.db(), target);
    stop = true;
    writer.join();
    CHECK(report.pages > 0);
    storage::Database copy(target, true);
    auto ic = copy.prepare("PRAGMA integrity_check");
    REQUIRE(ic.step());
    CHECK(ic.text(0) == "ok");
    auto n = copy.prepare("SELECT count(*) FROM t");
    REQUIRE(n.step());
    CHECK(n.int64(0) >= 200);
    CHECK(n.int64(0) % 2 == 0);
    CHECK_THROWS_AS(storage::backup(tmp.db(), target), storage::StorageError);  // never overwrites
    std::filesystem::remove(target);
}
