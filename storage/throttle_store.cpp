#include "storage/throttle_store.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kSelect = "SELECT failures, last_at, locked_until FROM login_throttle WHERE key = ?1";
constexpr std::string_view kUpsert =
    "INSERT INTO login_throttle (key, failures, last_at, locked_until) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at, "
    "locked_until = excluded.locked_until";
constexpr std::string_view kDelete = "DELETE FROM login_throttle WHERE key = ?1";

core::Timestamp instant_or_epoch(const std::string& text) {
    auto t = core::parse_instant(text);
    return t ? *t : core::Timestamp{};
}

std::optional<core::ThrottleCounter> read(Database& db, std::string_view key) {
    Statement s = db.prepare(kSelect);
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return core::ThrottleCounter{s.int32(0), instant_or_epoch(s.text(1)), instant_or_epoch(s.text(2))};
}

}  // namespace

std::optional<core::ThrottleCounter> SqlThrottleStore::counter(std::string_view key) { return read(db_, key); }

void SqlThrottleStore::update(std::string_view key, const std::function<void(core::ThrottleCounter&)>& change) {
    Transaction tx(db_);  // the write lock: a concurrent failure on another node waits, then counts on top
    core::ThrottleCounter c = read(db_, key).value_or(core::ThrottleCounter{});
    change(c);
    db_.prepare(kUpsert)
        .bind(1, key)
        .bind(2, c.failures)
        .bind(3, core::format_instant_utc(c.last))
        .bind(4, core::format_instant_utc(c.locked_until))
        .run();
    tx.commit();
}

void SqlThrottleStore::erase(std::string_view key) {
    Transaction tx(db_);
    db_.prepare(kDelete).bind(1, key).run();
    tx.commit();
}

}  // namespace motcua::storage
