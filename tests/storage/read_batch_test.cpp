// Reads that share one read transaction until the batch ends (Database::prepare_batched_read, decision 0041).
#include <doctest/doctest.h>

#include <string>

#include "tests/storage/storage_test_support.hpp"

using motcua::storage::Database;
using motcua::storage::Dialect;
using motcua::storage::Statement;
using motcua::storage::Transaction;
using motcua::test::TempDatabase;

namespace {

std::int64_t count_batched(Database& db) {
    Statement s = db.prepare_batched_read("SELECT count(*) FROM item");
    s.step();
    return s.int64(0);
}

std::int64_t count(Database& db) {
    Statement s = db.prepare("SELECT count(*) FROM item");
    s.step();
    return s.int64(0);
}

void insert(Database& db, const std::string& v) { db.prepare("INSERT INTO item (v) VALUES (?1)").bind(1, v).run(); }

}  // namespace

TEST_CASE("batched reads share one snapshot until the batch ends, then see what was committed meanwhile") {
    TempDatabase temp(false);
    Database& reader = temp.db();
    reader.exec("CREATE TABLE item (v TEXT NOT NULL)");
    Database writer(temp.path());
    insert(writer, "a");
    CHECK(count_batched(reader) == 1);
    insert(writer, "b");  // committed by another connection while the batch is open
    // SQLite: the second read is in the first one's transaction; PostgreSQL has no batch (a read per statement).
    CHECK(count_batched(reader) == (reader.dialect() == Dialect::sqlite ? 1 : 2));
    reader.end_read_batch();
    CHECK(count_batched(reader) == 2);
    reader.end_read_batch();
    reader.end_read_batch();  // ending no batch does nothing
    CHECK(count_batched(reader) == 2);
}

TEST_CASE("any other statement on the connection ends the batch first, so it reads what is committed") {
    TempDatabase temp(false);
    Database& reader = temp.db();
    reader.exec("CREATE TABLE item (v TEXT NOT NULL)");
    Database writer(temp.path());
    CHECK(count_batched(reader) == 0);
    insert(writer, "a");
    CHECK(count(reader) == 1);
    CHECK(count_batched(reader) == 1);  // a new batch, after the write
}

TEST_CASE("a write transaction on a connection with a batch open is a real transaction, not a savepoint in the read") {
    TempDatabase temp(false);
    Database& reader = temp.db();
    reader.exec("CREATE TABLE item (v TEXT NOT NULL)");
    Database writer(temp.path());
    CHECK(count_batched(reader) == 0);
    CHECK(reader.in_autocommit());  // the shared read does not count as an open transaction
    insert(writer, "a");  // the batch's snapshot is now stale: a write inside it could not commit
    {
        Transaction tx(reader);
        insert(reader, "b");
        tx.commit();
    }
    CHECK(reader.in_autocommit());
    CHECK(count(writer) == 2);  // committed and durable, seen from the other connection
}

TEST_CASE("inside a write transaction a batched read is an ordinary read of that transaction") {
    TempDatabase temp(false);
    Database& db = temp.db();
    db.exec("CREATE TABLE item (v TEXT NOT NULL)");
    Transaction tx(db);
    insert(db, "a");
    CHECK(count_batched(db) == 1);  // sees the transaction's own write
    db.end_read_batch();            // no batch was opened: the transaction is still there
    CHECK_FALSE(db.in_autocommit());
    tx.commit();
    CHECK(db.in_autocommit());
}
