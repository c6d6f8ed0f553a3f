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

TEST_CASE("received dossiers are counted by service mode, and online submissions not received are counted apart") {
    using core::ReceiptStage;
    using core::ServiceMode;
    // Ward W in March: 3 at the counter, 1 at a home visit, 4 online on their own, 2 with a volunteer (all received);
    // and online submissions of March not received: 2 still waiting, 1 refused before receipt.
    const std::vector<core::ReceiptCount> receipts{
        {"W", "1.000003", Channel::direct, 3, ServiceMode::counter, ReceiptStage::received},
        {"W", "1.000003", Channel::direct, 1, ServiceMode::home_visit, ReceiptStage::received},
        {"W", "1.000001", Channel::online, 4, ServiceMode::online_self, ReceiptStage::received},
        {"W", "1.000001", Channel::online, 2, ServiceMode::online_volunteer, ReceiptStage::received},
        {"W", "1.000001", Channel::online, 2, ServiceMode::online_self, ReceiptStage::waiting},
        {"W", "1.000002", Channel::online, 1, ServiceMode::online_volunteer, ReceiptStage::refused}};
    const auto report = core::counts_766(kMarch, {agency("W", "Phường")}, kProcedures, receipts, core::Index766Rules{});
    const core::Counts766& w = row(report, "W").counts;
    CHECK(w.dossiers == 10);  // received only: 3 + 1 + 4 + 2
    CHECK(w.served_counter == 3);
    CHECK(w.served_home_visit == 1);
    CHECK(w.served_online_self == 4);
    CHECK(w.served_online_volunteer == 2);
    CHECK(w.served_counter + w.served_home_visit + w.served_online_self + w.served_online_volunteer == w.dossiers);
    CHECK(w.submissions_waiting == 2);
    CHECK(w.submissions_refused == 1);
    // 3.3 counts received dossiers: 6 online of 10; full online: 6 of the 6 received for the fully-online p1.
    CHECK(indicator(row(report, "W"), "3.3").rate_percent == doctest::Approx(60.0));
    CHECK(w.full_online_eligible == 6);
    CHECK(w.full_online == 6);
    CHECK(report.total.counts.submissions_waiting == 2);
}
