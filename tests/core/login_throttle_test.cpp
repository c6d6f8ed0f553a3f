#include <doctest/doctest.h>

#include "core/login_throttle.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using std::chrono::seconds;

namespace {
const core::Timestamp t0 = test::instant("2026-03-10T08:00:00+07:00");
}

TEST_CASE("five failures are free, and the sixth locks that account for that address, and locks double up to a cap") {
    core::LoginThrottle throttle;
    for (int i = 0; i < 5; ++i) {
        CHECK_FALSE(throttle.locked_until("clerk", "1.2.3.4", t0).has_value());
        throttle.record_failure("clerk", "1.2.3.4", t0);
    }
    CHECK_FALSE(throttle.locked_until("clerk", "1.2.3.4", t0).has_value());
    throttle.record_failure("clerk", "1.2.3.4", t0);
    CHECK(throttle.locked_until("clerk", "1.2.3.4", t0) == t0 + seconds{30});
    CHECK_FALSE(throttle.locked_until("clerk", "1.2.3.4", t0 + seconds{30}).has_value());
    throttle.record_failure("clerk", "1.2.3.4", t0 + seconds{30});
    CHECK(throttle.locked_until("clerk", "1.2.3.4", t0 + seconds{30}) == t0 + seconds{90});
    for (int i = 0; i < 20; ++i) throttle.record_failure("clerk", "1.2.3.4", t0 + seconds{100});
    CHECK(throttle.locked_until("clerk", "1.2.3.4", t0 + seconds{100}) == t0 + seconds{100 + 15 * 60});
}

TEST_CASE("an attacker elsewhere cannot lock a clerk out of their own counter") {
    core::LoginThrottle throttle;
    for (int i = 0; i < 10; ++i) throttle.record_failure("clerk", "6.6.6.6", t0);
    CHECK(throttle.locked_until("clerk", "6.6.6.6", t0).has_value());
    CHECK_FALSE(throttle.locked_until("clerk", "10.0.0.5", t0).has_value());
}

TEST_CASE("an address failing on many accounts is locked as a whole") {
    core::LoginThrottle throttle;
    for (int i = 0; i < 21; ++i) throttle.record_failure("user" + std::to_string(i), "6.6.6.6", t0);
    CHECK(throttle.locked_until("someone.else", "6.6.6.6", t0).has_value());
    CHECK_FALSE(throttle.locked_until("someone.else", "10.0.0.5", t0).has_value());
}

TEST_CASE("a success clears the account's failures, and old failures are forgotten") {
    core::LoginThrottle throttle;
    for (int i = 0; i < 5; ++i) throttle.record_failure("clerk", "1.2.3.4", t0);
    throttle.record_success("clerk", "1.2.3.4");
    throttle.record_failure("clerk", "1.2.3.4", t0);
    CHECK_FALSE(throttle.locked_until("clerk", "1.2.3.4", t0).has_value());
    core::LoginThrottle later;
    for (int i = 0; i < 5; ++i) later.record_failure("clerk", "1.2.3.4", t0);
    later.record_failure("clerk", "1.2.3.4", t0 + std::chrono::hours{2});  // the earlier five are forgotten
    CHECK_FALSE(later.locked_until("clerk", "1.2.3.4", t0 + std::chrono::hours{2}).has_value());
}
