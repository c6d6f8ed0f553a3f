// Group commit (storage/group_commit.hpp) and the statement cache and nested transactions it relies on.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "storage/group_commit.hpp"
#include "tests/storage/storage_test_support.hpp"

using motcua::storage::Database;
using motcua::storage::GroupCommit;
using motcua::storage::Statement;
using motcua::storage::Transaction;
using motcua::test::TempDatabase;

namespace {

std::vector<std::string> values(Database& db) {
    std::vector<std::string> out;
    Statement s = db.prepare("SELECT v FROM item ORDER BY v");
    while (s.step()) out.push_back(s.text(0));
    return out;
}

void insert(Database& db, const std::string& v) { db.prepare("INSERT INTO item (v) VALUES (?1)").bind(1, v).run(); }

// Submits `n` writes of one note of about one page each and waits until every one is committed.
void write_notes(GroupCommit& group, Database& writer, std::size_t n) {
    std::vector<std::promise<std::exception_ptr>> promises(n);
    std::vector<std::future<std::exception_ptr>> done;
    for (std::size_t i = 0; i < n; ++i) {
        done.push_back(promises[i].get_future());
        const auto note = [&writer] {
            writer.prepare("INSERT INTO note (body) VALUES (?1)").bind(1, std::string(3500, 'n')).run();
        };
        group.submit(note, [p = &promises[i]](std::exception_ptr e) { p->set_value(e); });
    }
    for (auto& d : done) REQUIRE(d.get() == nullptr);
}

}  // namespace

TEST_CASE("a write that fails inside a batch is rolled back alone and its neighbours commit") {
    TempDatabase temp(false);
    temp.db().exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    Database writer(temp.path());
    std::promise<void> release, holding;
    std::shared_future<void> released = release.get_future().share();
    std::vector<std::promise<std::exception_ptr>> done(4);
    {
        GroupCommit group(writer);
        // The first write holds the writer until the others are queued, so that they share the next batch.
        group.submit(
            [&] {
                holding.set_value();
                released.wait();
            },
            [&](std::exception_ptr e) { done[0].set_value(e); });
        holding.get_future().wait();
        group.submit([&] { insert(writer, "a"); }, [&](std::exception_ptr e) { done[1].set_value(e); });
        group.submit(
            [&] {
                insert(writer, "b");
                insert(writer, "a");  // UNIQUE violation: "b" must go too
            },
            [&](std::exception_ptr e) { done[2].set_value(e); });
        group.submit([&] { insert(writer, "c"); }, [&](std::exception_ptr e) { done[3].set_value(e); });
        release.set_value();
        CHECK(done[0].get_future().get() == nullptr);
        CHECK(done[1].get_future().get() == nullptr);
        CHECK(done[2].get_future().get() != nullptr);
        CHECK(done[3].get_future().get() == nullptr);
        const auto stats = group.stats();
        CHECK(stats.failed == 1);
        CHECK(stats.batches == 2);
        CHECK(stats.largest_batch == 3);  // a, b+a, c together after the holding write
    }
    CHECK(values(temp.db()) == std::vector<std::string>{"a", "c"});
}

TEST_CASE("a write is acknowledged only once its batch is committed and visible to other connections") {
    TempDatabase temp(false);
    temp.db().exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    Database writer(temp.path());
    Database reader(temp.path());
    std::vector<std::promise<std::vector<std::string>>> seen(20);
    {
        GroupCommit group(writer);
        for (int i = 0; i < 20; ++i) {
            const std::string v = "v" + std::to_string(100 + i);
            group.submit([&writer, v] { insert(writer, v); },
                         [&reader, &seen, i](std::exception_ptr e) {
                             CHECK(e == nullptr);
                             seen[static_cast<std::size_t>(i)].set_value(values(reader));
                         });
        }
        for (int i = 0; i < 20; ++i) {
            const auto visible = seen[static_cast<std::size_t>(i)].get_future().get();
            CHECK(std::find(visible.begin(), visible.end(), "v" + std::to_string(100 + i)) != visible.end());
        }
        CHECK(group.stats().writes == 20);
    }
    CHECK(values(temp.db()).size() == 20);
}

TEST_CASE("a transaction opened inside another one is a savepoint that rolls back only its own changes") {
    TempDatabase temp(false);
    Database& db = temp.db();
    db.exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    {
        Transaction outer(db);
        insert(db, "kept");
        {
            Transaction inner(db);
            insert(db, "dropped");
        }  // not committed
        {
            Transaction inner(db);
            insert(db, "released");
            inner.commit();
        }
        outer.commit();
    }
    CHECK(values(db) == std::vector<std::string>{"kept", "released"});
}

TEST_CASE("prepared statements are cached by SQL text and the same text may be in use twice at once") {
    TempDatabase temp(false);
    Database& db = temp.db();
    db.exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    insert(db, "x");
    insert(db, "y");
    const std::size_t cached = db.cached_statements();
    insert(db, "z");
    CHECK(db.cached_statements() == cached);  // the INSERT was reused, not prepared again
    Statement outer = db.prepare("SELECT v FROM item ORDER BY v");
    REQUIRE(outer.step());
    CHECK(outer.text(0) == "x");
    {
        Statement inner = db.prepare("SELECT v FROM item ORDER BY v");  // same text while the first is stepping
        REQUIRE(inner.step());
        CHECK(inner.text(0) == "x");
    }
    REQUIRE(outer.step());
    CHECK(outer.text(0) == "y");
}

TEST_CASE("the group-commit connection keeps its statement journals in memory and other connections keep the default" *
          doctest::test_suite("sqlite-only")) {
    TempDatabase temp(false);
    Database writer(temp.path());
    auto temp_store = [](Database& db) {
        Statement s = db.prepare("PRAGMA temp_store");
        REQUIRE(s.step());
        return s.int64(0);
    };
    CHECK(temp_store(writer) == 0);  // default: temporary files
    GroupCommit group(writer);
    std::promise<std::int64_t> seen;
    group.submit([&] { seen.set_value(temp_store(writer)); }, [](std::exception_ptr) {});
    CHECK(seen.get_future().get() == 2);  // MEMORY
    CHECK(temp_store(temp.db()) == 0);
}

TEST_CASE("on SQLite the WAL is checkpointed by the checkpointer thread, not by the writer's COMMIT" *
          doctest::test_suite("sqlite-only")) {  // PostgreSQL checkpoints by itself
    TempDatabase temp(false);
    temp.db().exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    const auto main_file = std::filesystem::path(temp.path());
    const auto before = std::filesystem::file_size(main_file);
    Database writer(temp.path());
    std::vector<std::future<std::exception_ptr>> done;
    {
        GroupCommit group(writer, 512, 50);  // a checkpoint is due once 50 pages are in the WAL
        std::vector<std::promise<std::exception_ptr>> promises(40);
        for (std::size_t i = 0; i < promises.size(); ++i) {
            done.push_back(promises[i].get_future());
            // About 3 pages each: 40 writes put well over 50 pages in the WAL.
            group.submit([&writer, i] { insert(writer, std::to_string(i) + std::string(10000, 'x')); },
                         [p = &promises[i]](std::exception_ptr e) { p->set_value(e); });
        }
        for (auto& d : done) CHECK(d.get() == nullptr);
        // The rows reach the database file itself only by a checkpoint: the writer's connection runs none below
        // GroupCommit::kRestartFactor × 50 pages in the WAL (here about 120), so the checkpointer ran this one.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (group.stats().checkpoints == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(group.stats().checkpoints >= 1);
    }
    CHECK(std::filesystem::file_size(main_file) > before + 40 * 10000);
    CHECK(values(temp.db()).size() == 40);
}

TEST_CASE("under writes that keep coming the WAL starts over instead of growing: the writer copies what the "
          "checkpointer has not" * doctest::test_suite("sqlite-only")) {  // PostgreSQL has no WAL file of ours
    TempDatabase temp(false);
    temp.db().exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    temp.db().exec("CREATE TABLE note (body TEXT NOT NULL)");
    const auto wal = std::filesystem::path(temp.path() + "-wal");
    Database writer(temp.path());
    constexpr std::size_t kWrites = 3000;  // each about one page: without restarts the WAL would hold them all
    GroupCommit::Stats stats;
    {
        GroupCommit group(writer, 8, 20);  // a checkpoint due at 20 pages, the writer's copy at 80
        write_notes(group, writer, kWrites);
        stats = group.stats();
    }
    CHECK(stats.wal_restarts >= 1);
    // SQLite never shrinks the file: its size is the most the WAL ever held (4,120 bytes a frame). A few hundred
    // frames: the restart threshold, the batches committed while a copy was refused, a batch's frames.
    MESSAGE("WAL file " << std::filesystem::file_size(wal) << " bytes, " << stats.wal_restarts << " restarts, "
                        << stats.checkpoints << " checkpoints, " << stats.batches << " batches");
    CHECK(std::filesystem::file_size(wal) < 600 * 4120);
    Statement count = temp.db().prepare("SELECT count(*) FROM note");
    REQUIRE(count.step());
    CHECK(count.int64(0) == static_cast<std::int64_t>(kWrites));
}

TEST_CASE("a reader that keeps an old snapshot keeps the WAL from starting over only while it reads" *
          doctest::test_suite("sqlite-only")) {
    TempDatabase temp(false);
    temp.db().exec("CREATE TABLE item (v TEXT NOT NULL UNIQUE)");
    temp.db().exec("CREATE TABLE note (body TEXT NOT NULL)");
    Database writer(temp.path());
    Database reader(temp.path());
    GroupCommit group(writer, 8, 20);  // a checkpoint due at 20 pages, the writer's copy at 80
    write_notes(group, writer, 10);
    reader.exec("BEGIN");  // a read transaction: its snapshot holds from its first read to its end
    {
        Statement seen = reader.prepare("SELECT count(*) FROM note");
        REQUIRE(seen.step());
        CHECK(seen.int64(0) == 10);
    }
    const auto restarts_before = group.stats().wal_restarts;
    write_notes(group, writer, 400);  // five times the writer's threshold: its copies stop at the reader's snapshot
    CHECK(group.stats().wal_restarts == restarts_before);
    reader.exec("COMMIT");
    write_notes(group, writer, 200);  // the next copies reach the end: the WAL starts over
    CHECK(group.stats().wal_restarts > restarts_before);
}
