#include <doctest/doctest.h>

#include "storage/throttle_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;
using std::chrono::seconds;

TEST_CASE("failed logins counted through one connection lock the account for another node on the same database") {
    test::TempDatabase tmp;
    storage::Database other_node(tmp.path());
    storage::SqlThrottleStore here(tmp.db());
    storage::SqlThrottleStore there(other_node);
    core::LoginThrottle first(core::ThrottlePolicy{}, &here);
    core::LoginThrottle second(core::ThrottlePolicy{}, &there);
    const auto t0 = test::instant("2026-03-10T08:00:00+07:00");
    for (int i = 0; i < 3; ++i) first.record_failure("clerk", "1.2.3.4", t0);
    for (int i = 0; i < 2; ++i) second.record_failure("clerk", "1.2.3.4", t0);
    CHECK_FALSE(second.locked_until("clerk", "1.2.3.4", t0).has_value());  // five failures are free
    first.record_failure("clerk", "1.2.3.4", t0);  // the sixth, counted on top of the other node's
    CHECK(second.locked_until("clerk", "1.2.3.4", t0) == t0 + seconds{30});
    CHECK_FALSE(second.locked_until("clerk", "10.0.0.5", t0).has_value());

    second.record_success("clerk", "1.2.3.4");  // a later good login (after the lock) clears the pair everywhere
    CHECK_FALSE(first.locked_until("clerk", "1.2.3.4", t0 + seconds{31}).has_value());
    const auto address = here.counter("address:1.2.3.4");
    REQUIRE(address.has_value());
    CHECK(address->failures == 6);  // the address's own counter stays
    CHECK(address->last == t0);
}
