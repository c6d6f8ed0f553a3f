// Fee lines at intake with exemptions (per procedure and per applicant group), the account's totals, receipt
// numbers, and the Decision 766 TTTT counts on a hand-computed fixture (docs/payments.md).
#include <doctest/doctest.h>

#include "core/fees.hpp"
#include "core/payment.hpp"
#include "core/payment_service.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;

namespace {

core::Procedure procedure(std::string code, std::string field, std::vector<core::Fee> fees, std::string agency = "A") {
    core::Procedure p;
    p.code = std::move(code);
    p.field = std::move(field);
    p.agency = std::move(agency);
    p.fees = std::move(fees);
    return p;
}

core::FeeExemptions groups() {
    core::FeeExemptions e;
    e.groups.push_back(core::FeeGroup{"nguoi_co_cong", "Người có công", "NQ 01/2026", 100, false, {"Hộ tịch"}, {}});
    e.groups.push_back(core::FeeGroup{"ho_can_ngheo", "Hộ cận nghèo", "", 50, false, {}, {"2.000815"}});
    e.groups.push_back(core::FeeGroup{"moi_nguoi", "Mọi người", "", 30, true, {}, {}});
    return e;
}

const core::Timestamp kAt = test::instant("2026-03-10T09:00:00+07:00");

std::vector<core::FeeLine> lines(const core::Procedure& p, std::string_view group) {
    auto r = core::intake_fee_lines(p, group, groups(), kAt, "clerk");
    REQUIRE(r.has_value());
    return *r;
}

}  // namespace

TEST_CASE("without a group every published fee above 0 becomes a line owed in full") {
    const auto p = procedure("1.004873", "Hộ tịch", {{"Lệ phí", 3000, "", {}}, {"Lệ phí trước bạ", 0, "", {}}});
    const auto l = lines(p, "");
    REQUIRE(l.size() == 1);
    CHECK(l[0].name == "Lệ phí");
    CHECK(l[0].amount == 3000);
    CHECK(l[0].exempted == 0);
    CHECK(l[0].due() == 3000);
    CHECK(l[0].kind == core::FeeLineKind::intake);
    CHECK(l[0].raised_at == kAt);
    CHECK(l[0].raised_by == "clerk");
}

TEST_CASE("a group covering the procedure's field waives its percent of each fee") {
    const auto p = procedure("1.004873", "Hộ tịch", {{"Lệ phí", 3000, "", {}}, {"Phí", 1500, "", {}}});
    const auto l = lines(p, "nguoi_co_cong");
    REQUIRE(l.size() == 2);
    for (const auto& line : l) {
        CHECK(line.exempted == line.amount);
        CHECK(line.due() == 0);
        CHECK(line.exemption == "Người có công (NQ 01/2026)");
    }
}

TEST_CASE("a partial exemption rounds the waived part down, so the applicant pays the odd đồng") {
    const auto p = procedure("2.000815", "Chứng thực", {{"Phí chứng thực", 2001, "", {}}});
    const auto l = lines(p, "ho_can_ngheo");
    REQUIRE(l.size() == 1);
    CHECK(l[0].exempted == 1000);
    CHECK(l[0].due() == 1001);
    // 30% of 9,999,999,999,999 without overflow or floating point: 2,999,999,999,999 waived.
    const auto big = procedure("9.000001", "X", {{"Phí", 9'999'999'999'999, "", {}}});
    CHECK(lines(big, "moi_nguoi")[0].exempted == 2'999'999'999'999);
}

TEST_CASE("a group that does not cover the procedure changes nothing") {
    const auto p = procedure("1.001612", "Đăng ký kinh doanh", {{"Lệ phí", 100000, "", {}}});
    CHECK(lines(p, "nguoi_co_cong")[0].exempted == 0);
    CHECK(lines(p, "ho_can_ngheo")[0].exempted == 0);
}

TEST_CASE("a fee may name the groups exempt from it in this procedure, or everyone with *") {
    const auto p = procedure("3.000333", "Lý lịch tư pháp",
                             {{"Phí", 200000, "", {"ho_can_ngheo"}}, {"Phí khác", 5000, "", {"*"}}});
    const auto none = lines(p, "");
    REQUIRE(none.size() == 2);
    CHECK(none[0].due() == 200000);
    CHECK(none[1].due() == 0);  // waived for everyone
    const auto poor = lines(p, "ho_can_ngheo");
    CHECK(poor[0].due() == 0);  // the procedure's own exemption is full, whatever the group's percent
    CHECK(poor[0].exemption == "Hộ cận nghèo — miễn theo quy định của thủ tục");
}

TEST_CASE("an unknown group is refused naming fee_group") {
    const auto p = procedure("1.004873", "Hộ tịch", {{"Lệ phí", 3000, "", {}}});
    auto r = core::intake_fee_lines(p, "khong_co", groups(), kAt, "clerk");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "unknown_fee_group");
    CHECK(r.error().field == "fee_group");
}

TEST_CASE("an exemption file with a duplicate id or a percent outside 1..100 is refused naming the field") {
    auto e = groups();
    e.groups[1].id = "nguoi_co_cong";
    auto dup = core::validate(e);
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error().field == "groups[1].id");
    e = groups();
    e.groups[2].percent = 0;
    auto bad = core::validate(e);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().field == "groups[2].percent");
    CHECK(core::validate(groups()).has_value());
}

TEST_CASE("an account's outstanding amount counts exemptions and payments net of reversals") {
    core::FeeAccount a;
    a.lines.push_back(core::FeeLine{1, core::FeeLineKind::intake, "Lệ phí", 3000, 1000, "x", kAt, "c"});
    a.lines.push_back(core::FeeLine{2, core::FeeLineKind::obligation, "Trước bạ", 50000, 0, "", kAt, "c"});
    CHECK(a.listed() == 53000);
    CHECK(a.exempted() == 1000);
    CHECK(a.due() == 52000);
    CHECK(a.outstanding() == 52000);
    core::Payment cash;
    cash.amount = 52000;
    a.payments.push_back(cash);
    CHECK(a.outstanding() == 0);
    core::Payment reversal;
    reversal.amount = -52000;
    reversal.reverses = 1;
    a.payments.push_back(reversal);
    CHECK(a.paid() == 0);
    CHECK(a.outstanding() == 52000);
}

TEST_CASE("receipt numbers carry the agency, the year and a six-digit sequence") {
    CHECK(core::format_receipt_number("000.21.40.H56", 2026, 42) == "000.21.40.H56-BL26-000042");
    CHECK(core::format_receipt_number("H56", 2030, 1234567) == "H56-BL30-1234567");
}

TEST_CASE("payment methods read and print as on the wire") {
    for (auto m : {core::PaymentMethod::cash, core::PaymentMethod::bank_transfer, core::PaymentMethod::online})
        CHECK(core::parse_payment_method(core::to_string(m)).value() == m);
    CHECK_FALSE(core::parse_payment_method("cheque").has_value());
}

TEST_CASE("TTTT 3.5, 3.5b and 3.6 on a small fixture agree with counts worked out by hand") {
    // Procedures: P1 (A, 10,000), P2 (A, no fee), P3 (B, 5,000 + 0), P4 (B, 20,000), P5 (A, 3,000).
    const std::vector<core::Procedure> procedures{
        procedure("P1", "f", {{"Phí", 10000, "", {}}}, "A"), procedure("P2", "f", {{"Lệ phí", 0, "", {}}}, "A"),
        procedure("P3", "f", {{"Phí", 5000, "", {}}, {"Lệ phí", 0, "", {}}}, "B"),
        procedure("P4", "f", {{"Phí", 20000, "", {}}}, "B"), procedure("P5", "f", {{"Phí", 3000, "", {}}}, "A")};
    // Dossiers received in the period.
    const std::vector<core::DossierFeeFacts> dossiers{
        {"d1", "A", "P1", 1, 10000, true},   // paid online
        {"d2", "A", "P1", 1, 10000, false},  // paid at the desk or not yet
        {"d3", "A", "P1", 1, 0, false},      // exempted in full: not counted for 3.6
        {"d4", "B", "P3", 1, 5000, true},
        {"d5", "B", "P3", 1, 5000, false},
        {"d6", "A", "P2", 0, 0, false},      // no fee
        {"d7", "B", "P4", 0, 0, false},      // no fee lines recorded: P4 has no fee data
    };
    // Online payments made in the period: d1, d4, and d8 (received before the period, procedure P5).
    const std::vector<core::OnlinePaymentFacts> online{
        {"d1", "A", "P1", 10000}, {"d4", "B", "P3", 5000}, {"d8", "A", "P5", 3000}};
    const core::ReportPeriod period{test::d("2026-03-01"), test::d("2026-03-31")};
    const auto r = core::tttt_766(procedures, dossiers, online, period, core::Index766Rules{});

    CHECK(r.fee_procedures == 4);            // P1, P3, P4, P5
    CHECK(r.procedures_with_fee_data == 2);  // P1, P3
    CHECK(r.procedures_paid_online == 3);    // P1, P3, P5
    CHECK(r.fee_dossiers == 4);              // d1, d2, d4, d5
    CHECK(r.paid_online_dossiers == 2);      // d1, d4
    CHECK(r.rate_3_5 == doctest::Approx(50.0));
    CHECK(r.points_3_5 == doctest::Approx(1.25));  // below the 80% threshold: 50 × 2 ÷ 80
    CHECK(r.rate_3_5b == doctest::Approx(75.0));
    CHECK(r.points_3_5b == doctest::Approx(1.5));  // 75 × 2 ÷ 100
    CHECK(r.rate_3_6 == doctest::Approx(50.0));
    CHECK(r.points_3_6 == doctest::Approx(3.0));  // 50 × 6 ÷ 100

    REQUIRE(r.agencies.size() == 2);
    const auto& a = r.agencies[0];
    CHECK(a.agency == "A");
    CHECK(a.fee_procedures == 2);
    CHECK(a.procedures_with_fee_data == 1);
    CHECK(a.procedures_paid_online == 2);
    CHECK(a.fee_dossiers == 2);
    CHECK(a.paid_online_dossiers == 1);
    CHECK(a.paid_online_amount == 13000);
    const auto& b = r.agencies[1];
    CHECK(b.agency == "B");
    CHECK(b.fee_procedures == 2);
    CHECK(b.procedures_with_fee_data == 1);
    CHECK(b.procedures_paid_online == 1);
    CHECK(b.fee_dossiers == 2);
    CHECK(b.paid_online_dossiers == 1);
    CHECK(b.paid_online_amount == 5000);
}

TEST_CASE("3.5 reaches its maximum at the 80% threshold, and nothing to count gives 0, not a division by zero") {
    const std::vector<core::Procedure> procedures{procedure("P1", "f", {{"Phí", 1, "", {}}}),
                                                  procedure("P2", "f", {{"Phí", 1, "", {}}}),
                                                  procedure("P3", "f", {{"Phí", 1, "", {}}}),
                                                  procedure("P4", "f", {{"Phí", 1, "", {}}}),
                                                  procedure("P5", "f", {{"Phí", 1, "", {}}})};
    std::vector<core::DossierFeeFacts> dossiers;
    for (const char* p : {"P1", "P2", "P3", "P4"}) dossiers.push_back({"d", "A", p, 1, 1, false});
    const core::ReportPeriod period{test::d("2026-03-01"), test::d("2026-03-31")};
    const auto r = core::tttt_766(procedures, dossiers, {}, period, core::Index766Rules{});
    CHECK(r.rate_3_5 == doctest::Approx(80.0));
    CHECK(r.points_3_5 == doctest::Approx(2.0));
    const auto empty = core::tttt_766({}, {}, {}, period, core::Index766Rules{});
    CHECK(empty.rate_3_6 == 0);
    CHECK(empty.points_3_6 == 0);
}

TEST_CASE("the 766 counts' payment columns give indicators 3.5, 3.5b and 3.6 with their own point rules") {
    core::Counts766 c;
    c.fee_procedures = 10;
    c.procedures_with_fee_data = 8;
    c.procedures_paid_online = 5;
    c.fee_dossiers = 40;
    c.paid_online_dossiers = 10;
    const auto i = core::payment_indicators(c, core::Index766Rules{});
    REQUIRE(i.size() == 3);
    CHECK(i[0].id == "3.5");
    CHECK(i[0].group == "TTTT");
    CHECK(i[0].rate_percent == doctest::Approx(80.0));
    CHECK(i[0].points == doctest::Approx(2.0));  // at the 80% threshold: the maximum
    CHECK(i[1].id == "3.5b");
    CHECK(i[1].points == doctest::Approx(1.0));  // 50% × 2 ÷ 100
    CHECK(i[2].id == "3.6");
    CHECK(i[2].numerator == 10);
    CHECK(i[2].denominator == 40);
    CHECK(i[2].points == doctest::Approx(1.5));  // 25% × 6 ÷ 100
}
