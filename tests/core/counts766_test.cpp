#include <doctest/doctest.h>

#include "core/counts766.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::Channel;
using core::OnlineLevel;

namespace {

core::Agency agency(const char* code, const char* name) {
    core::Agency a;
    a.code = code;
    a.name = name;
    return a;
}

core::Procedure procedure(const char* code, const char* agency, OnlineLevel level) {
    core::Procedure p;
    p.code = code;
    p.agency = agency;
    p.online_level = level;
    return p;
}

const core::ReportPeriod kMarch{test::d("2026-03-01"), test::d("2026-03-31")};

// Ward W offers p1 fully online, p2 partly, p3 not at all; district D offers p4 fully online; X is out of scope.
const std::vector<core::Procedure> kProcedures{
    procedure("1.000001", "W", OnlineLevel::full), procedure("1.000002", "W", OnlineLevel::partial),
    procedure("1.000003", "W", OnlineLevel::none), procedure("1.000004", "D", OnlineLevel::full),
    procedure("1.000005", "X", OnlineLevel::full)};

const std::vector<core::ReceiptCount> kReceipts{
    {"W", "1.000001", Channel::online, 6}, {"W", "1.000001", Channel::direct, 2},
    {"W", "1.000002", Channel::online, 1}, {"W", "1.000003", Channel::direct, 3},
    {"W", "1.000003", Channel::postal, 1}, {"D", "1.000004", Channel::direct, 4},
    {"X", "1.000005", Channel::online, 9}};

const core::Counts766Row& row(const core::Counts766Report& r, const std::string& key) {
    for (const auto& x : r.rows)
        if (x.key == key) return x;
    FAIL("no row " << key);
    throw std::logic_error("unreachable");
}

const core::Indicator766& indicator(const core::Counts766Row& r, const std::string& id) {
    for (const auto& i : r.indicators)
        if (i.id == id) return i;
    FAIL("no indicator " << id);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the online-service counts of a small fixture match the hand-computed table") {
    const auto report = core::counts_766(kMarch, {agency("D", "Huyện"), agency("W", "Phường")}, kProcedures, kReceipts,
                                         core::Index766Rules{});
    REQUIRE(report.rows.size() == 2);
    CHECK(report.rows[0].key == "D");  // by code

    const core::Counts766& w = row(report, "W").counts;
    CHECK(w.procedures == 3);
    CHECK(w.procedures_online == 2);
    CHECK(w.procedures_full_online == 1);
    CHECK(w.dossiers == 13);
    CHECK(w.dossiers_direct == 5);
    CHECK(w.dossiers_online == 7);
    CHECK(w.dossiers_postal == 1);
    CHECK(w.full_online_eligible == 8);
    CHECK(w.full_online == 6);

    const core::Counts766& d = row(report, "D").counts;
    CHECK(d.procedures == 1);
    CHECK(d.full_online_eligible == 4);
    CHECK(d.full_online == 0);

    // The out-of-scope agency's procedure and receipts are left out of every figure.
    const core::Counts766& t = report.total.counts;
    CHECK(t.procedures == 4);
    CHECK(t.dossiers == 17);
    CHECK(t.full_online_eligible == 12);
    CHECK(t.full_online == 6);
}

TEST_CASE("online-service indicators use the threshold rule and carry no points where the portal gives none") {
    const auto report = core::counts_766(kMarch, {agency("D", "Huyện"), agency("W", "Phường")}, kProcedures, kReceipts,
                                         core::Index766Rules{});
    const auto& w = row(report, "W");
    // 3.1: 2 of 3 procedures online = 66.67% — tracked, threshold 80%, no points.
    CHECK(indicator(w, "3.1").rate_percent == doctest::Approx(66.67));
    CHECK(indicator(w, "3.1").points == 0);
    // 3.3: 7 of 13 dossiers online = 53.85%.
    CHECK(indicator(w, "3.3").rate_percent == doctest::Approx(53.85));
    // Full online: 6 of 8 = 75% → 75 × 12 ÷ 100 = 9 points.
    CHECK(indicator(w, "clgq-full-online").rate_percent == doctest::Approx(75.0));
    CHECK(indicator(w, "clgq-full-online").points == doctest::Approx(9.0));
    // The total: 6 of 12 = 50% → 6 points.
    CHECK(indicator(report.total, "clgq-full-online").points == doctest::Approx(6.0));

    core::Index766Rules strict;
    strict.clgq_full_online = core::PointRule{12, 70};  // a province's own threshold: 75% ≥ 70% earns the maximum
    const auto r2 = core::counts_766(kMarch, {agency("W", "Phường")}, kProcedures, kReceipts, strict);
    CHECK(indicator(row(r2, "W"), "clgq-full-online").points == doctest::Approx(12.0));
}

TEST_CASE("an agency with neither procedures nor dossiers gets no row, and an empty scope counts nothing") {
    const auto report = core::counts_766(kMarch, {agency("W", "Phường"), agency("Z", "Xã")}, kProcedures, kReceipts,
                                         core::Index766Rules{});
    CHECK(report.rows.size() == 1);
    const auto empty = core::counts_766(kMarch, {}, kProcedures, kReceipts, core::Index766Rules{});
    CHECK(empty.rows.empty());
    CHECK(empty.total.counts == core::Counts766{});
    CHECK(indicator(empty.total, "3.3").rate_percent == 0);
}
