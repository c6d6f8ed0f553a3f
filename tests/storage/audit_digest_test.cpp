// Signed daily digests: a later rewrite of history, even one that recomputes every hash, is provable.
#include <doctest/doctest.h>

#include "storage/audit_digest.hpp"
#include "storage/audit_log.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;
using test::d;
using test::instant;

namespace {

std::int64_t audit_rows(storage::Database& db) {
    auto s = db.prepare("SELECT count(*) FROM audit_log");
    s.step();
    return s.int64(0);
}

// Two rows on 9 March and three on 10 March (office time), the last of the 9th at 23:30 +07:00 (16:30 UTC).
void write_two_days(storage::Database& db) {
    const auto base = audit_rows(db);
    for (const char* at : {"2026-03-09T08:00:00+07:00", "2026-03-09T23:30:00+07:00", "2026-03-10T00:10:00+07:00",
                           "2026-03-10T09:00:00+07:00", "2026-03-10T16:00:00+07:00"}) {
        storage::Transaction tx(db);
        storage::append_audit(db, core::AuditRecord{instant(at), "clerk", "test.action", "thing", {{"n", at}}});
        tx.commit();
    }
    REQUIRE(audit_rows(db) == base + 5);
}

// Rewrites the detail of row `id` and recomputes every later hash, as someone with the file and our source could.
void forge(storage::Database& db, std::int64_t id) {
    test::drop_trigger(db, "audit_log_no_update", "audit_log");
    test::drop_trigger(db, "audit_log_no_delete", "audit_log");
    auto rows = db.prepare("SELECT id, at, actor, action, subject, detail FROM audit_log WHERE id >= ?1 ORDER BY id");
    rows.bind(1, id);
    struct Row {
        std::int64_t id;
        std::string at, actor, action, subject, detail;
    };
    std::vector<Row> later;
    while (rows.step())
        later.push_back({rows.int64(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4), rows.text(5)});
    later.front().detail = R"({"n":"nothing happened"})";
    db.exec("DELETE FROM audit_log WHERE id >= " + std::to_string(id));
    for (const Row& r : later) {
        // Every detail here is {"n":"<text>"} (write_two_days); take the text back out.
        const std::string prefix = R"({"n":")";
        REQUIRE(r.detail.rfind(prefix, 0) == 0);
        const std::string n = r.detail.substr(prefix.size(), r.detail.size() - prefix.size() - 2);
        storage::Transaction tx(db);
        storage::append_audit(db, core::AuditRecord{*core::parse_instant(r.at), r.actor, r.action, r.subject, {{"n", n}}});
        tx.commit();
    }
}

}  // namespace

TEST_CASE("the chain head of a day is the last row written before midnight office time") {
    test::TempDatabase tmp;
    const auto before = audit_rows(tmp.db());
    write_two_days(tmp.db());
    const auto head9 = storage::chain_head(tmp.db(), d("2026-03-09"));
    CHECK(head9.rows == before + 2);
    const auto head10 = storage::chain_head(tmp.db(), d("2026-03-10"));
    CHECK(head10.rows == before + 5);
    CHECK(head10.last_id > head9.last_id);
    CHECK(head9.hash.size() == 64);
    CHECK(head9.hash != head10.hash);
    const auto empty = storage::chain_head(tmp.db(), d("2020-01-01"));
    CHECK(empty.last_id == 0);
    CHECK(empty.hash == storage::audit_genesis_hash());
}

TEST_CASE("a signed digest checks against the unchanged database, and later rows do not disturb it") {
    test::TempDatabase tmp;
    write_two_days(tmp.db());
    const auto keys = storage::generate_digest_keys();
    CHECK(keys.public_key.size() == 64);
    CHECK(keys.secret_key.size() == 128);
    auto digest = storage::sign_digest(storage::chain_head(tmp.db(), d("2026-03-09")), d("2026-03-09"), keys.secret_key);
    REQUIRE(digest.has_value());
    CHECK(digest->public_key == keys.public_key);
    CHECK(digest->date == "2026-03-09");
    CHECK(storage::check_digest(tmp.db(), *digest, keys.public_key).has_value());
    write_two_days(tmp.db());  // the chain grows; the digest still holds
    CHECK(storage::check_digest(tmp.db(), *digest, keys.public_key).has_value());
}

TEST_CASE("a rewrite of history that recomputes every hash passes verify but not the signed digest") {
    test::TempDatabase tmp;
    write_two_days(tmp.db());
    const auto keys = storage::generate_digest_keys();
    const auto head = storage::chain_head(tmp.db(), d("2026-03-10"));
    auto digest = storage::sign_digest(head, d("2026-03-10"), keys.secret_key);
    REQUIRE(digest.has_value());

    forge(tmp.db(), head.last_id - 3);
    CHECK_FALSE(storage::verify_audit(tmp.db()).first_bad_id.has_value());  // the chain alone is fooled
    const auto checked = storage::check_digest(tmp.db(), *digest, keys.public_key);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().code == "history_changed");
}

TEST_CASE("an edit that leaves the chain broken is named by the digest check") {
    test::TempDatabase tmp;
    write_two_days(tmp.db());
    const auto keys = storage::generate_digest_keys();
    const auto head = storage::chain_head(tmp.db(), d("2026-03-10"));
    auto digest = storage::sign_digest(head, d("2026-03-10"), keys.secret_key);
    REQUIRE(digest.has_value());
    test::drop_trigger(tmp.db(), "audit_log_no_update", "audit_log");
    tmp.db().exec("UPDATE audit_log SET actor = 'mallory' WHERE id = " + std::to_string(head.last_id - 1));
    const auto checked = storage::check_digest(tmp.db(), *digest, keys.public_key);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().code == "history_changed");
    CHECK(checked.error().message.find("row " + std::to_string(head.last_id - 1)) != std::string::npos);
}

TEST_CASE("a digest altered after signing, or signed by another key, is refused") {
    test::TempDatabase tmp;
    write_two_days(tmp.db());
    const auto keys = storage::generate_digest_keys();
    const auto other = storage::generate_digest_keys();
    auto digest = storage::sign_digest(storage::chain_head(tmp.db(), d("2026-03-10")), d("2026-03-10"), keys.secret_key);
    REQUIRE(digest.has_value());

    auto altered = *digest;
    altered.rows -= 1;
    CHECK(storage::check_digest(tmp.db(), altered, keys.public_key).error().code == "digest_signature_invalid");
    CHECK(storage::check_digest(tmp.db(), *digest, other.public_key).error().code == "digest_key_mismatch");
    auto resigned = storage::sign_digest(storage::chain_head(tmp.db(), d("2026-03-10")), d("2026-03-10"),
                                         other.secret_key);
    REQUIRE(resigned.has_value());
    CHECK(storage::check_digest(tmp.db(), *resigned, keys.public_key).error().code == "digest_key_mismatch");
    CHECK(storage::sign_digest(storage::ChainHead{}, d("2026-03-10"), "abc").error().code == "invalid_key");
}

TEST_CASE("an event digest is the SHA-256 of its length-prefixed fields, the same value whichever library computes it") {
    // Computed independently (Python's hashlib over "25:000.21.40…" "1:1" …): the hashes already stored in every database
    // stay valid when the implementation changes (decision 0052 moved it from libsodium to OpenSSL).
    CHECK(storage::event_digest("000.21.40.H56-260127-0001", 1, "receive", "2026-01-27T02:30:00Z", "demo.clerk",
                                "{\"note\":\"Tiếp nhận\"}") ==
          "9f043835b94a2d9b3bb855201de9d5e59acb5b2fe2ffdb6f56a1b26fddb13ec6");
    CHECK(storage::event_digest("000.21.40.H56-260127-0001", 2, "receive", "2026-01-27T02:30:00Z", "demo.clerk",
                                "{\"note\":\"Tiếp nhận\"}") !=
          "9f043835b94a2d9b3bb855201de9d5e59acb5b2fe2ffdb6f56a1b26fddb13ec6");
}
