// Decision 766 group MDSH from hand-made facts: which cohort each count follows, per agency and in total, and the
// indicators with their point rules (docs/digitisation.md, decision 0029).
#include <stdexcept>

#include <doctest/doctest.h>

#include "core/counts766.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using test::instant;

namespace {

const core::ReportPeriod kMarch{test::d("2026-03-01"), test::d("2026-03-31")};

core::Agency agency(const char* code) {
    core::Agency a;
    a.code = code;
    a.name = code;
    return a;
}

struct FactsBuilder {
    core::DigitisationFacts f;
    explicit FactsBuilder(const char* agency, const char* received) {
        f.code = std::string(agency) + "-" + received;
        f.agency = agency;
        f.received_at = instant(received);
    }
    FactsBuilder& resolved(const char* at) { f.resolved_at = instant(at); return *this; }
    FactsBuilder& digitised() { f.digitised = true; return *this; }
    FactsBuilder& certified() { f.certified_copy = true; return *this; }
    FactsBuilder& reused() { f.reused = true; return *this; }
    FactsBuilder& e_result() { f.electronic_result = true; return *this; }
    FactsBuilder& no_result_document() { f.result_required = false; return *this; }
    operator core::DigitisationFacts() const { return f; }  // NOLINT: a builder
};

// Ward W received 4 dossiers in March (plus one in February resolved in March); district D received 1; X is outside
// the scope.
//   W1 (1 Mar): digitised + certified copy, result 10 Mar with an e-result       → digitised, 4.2, certified, 4.1 ✓
//   W2 (5 Mar): digitised + reused, result 20 Mar without an e-result            → digitised, reused, 4.1 ✗
//   W3 (9 Mar): nothing digitised, result 2 Apr with an e-result (after March)   → counted as received only
//   W4 (31 Mar 23:00 office time): reused, no result                             → reused
//   W0 (20 Feb): digitised, result 3 Mar with an e-result                        → 4.1 ✓ only (received before March)
//   W5 (12 Mar): result 13 Mar, procedure without a result document              → not in 4.1
//   D1 (2 Mar): digitised, e-result, result 4 Mar                                → digitised, 4.2, 4.1 ✓
//   X1 (2 Mar): digitised                                                        → ignored
const std::vector<core::DigitisationFacts> kFacts{
    FactsBuilder("W", "2026-03-01T08:00:00+07:00").digitised().certified().e_result().resolved("2026-03-10T09:00:00+07:00"),
    FactsBuilder("W", "2026-03-05T08:00:00+07:00").digitised().reused().resolved("2026-03-20T09:00:00+07:00"),
    FactsBuilder("W", "2026-03-09T08:00:00+07:00").e_result().resolved("2026-04-02T09:00:00+07:00"),
    FactsBuilder("W", "2026-03-31T23:00:00+07:00").reused(),
    FactsBuilder("W", "2026-02-20T08:00:00+07:00").digitised().e_result().resolved("2026-03-03T09:00:00+07:00"),
    FactsBuilder("W", "2026-03-12T08:00:00+07:00").no_result_document().resolved("2026-03-13T09:00:00+07:00"),
    FactsBuilder("D", "2026-03-02T08:00:00+07:00").digitised().e_result().resolved("2026-03-04T09:00:00+07:00"),
    FactsBuilder("X", "2026-03-02T08:00:00+07:00").digitised(),
};

// The received cohort's denominator comes from the receipts (dossiers received in March): W 5, D 1, X 1.
const std::vector<core::ReceiptCount> kReceipts{{"W", "1.000001", core::Channel::direct, 5},
                                                {"D", "1.000004", core::Channel::direct, 1},
                                                {"X", "1.000005", core::Channel::direct, 1}};

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

core::Counts766Report march() {
    return core::counts_766(kMarch, {agency("W"), agency("D")}, {}, kReceipts, core::Index766Rules{}, kFacts);
}

}  // namespace

TEST_CASE("digitisation counts follow the received cohort, and 4.1 the results ready in the period") {
    const auto r = march();
    const auto& w = row(r, "W").counts;
    CHECK(w.dossiers == 5);
    CHECK(w.digitised == 2);                         // W1, W2
    CHECK(w.digitised_with_electronic_result == 1);  // W1
    CHECK(w.certified_copies == 1);                  // W1
    CHECK(w.reused == 2);                            // W2, W4 (31 March late evening is still March in office time)
    CHECK(w.results_requiring_document == 3);        // W1, W2, W0 (W3's result is in April; W5 issues no document)
    CHECK(w.electronic_results == 2);                // W1, W0
    const auto& d = row(r, "D").counts;
    CHECK(d.digitised == 1);
    CHECK(d.digitised_with_electronic_result == 1);
    CHECK(d.results_requiring_document == 1);
    CHECK(d.electronic_results == 1);
}

TEST_CASE("the total adds the agencies in scope and leaves the others out") {
    const auto r = march();
    CHECK(r.rows.size() == 2);
    const auto& t = r.total.counts;
    CHECK(t.dossiers == 6);
    CHECK(t.digitised == 3);
    CHECK(t.digitised_with_electronic_result == 2);
    CHECK(t.certified_copies == 1);
    CHECK(t.reused == 2);
    CHECK(t.results_requiring_document == 4);
    CHECK(t.electronic_results == 3);
}

TEST_CASE("the MDSH indicators convert with their thresholds: 4.2 and 4.3 at 80%, 4.1 and certified copies by rate") {
    const auto r = march();
    const auto& w = row(r, "W");
    const auto& e_result = indicator(w, "4.1");  // 2 of 3 = 66.67% × 6 ÷ 100 = 4.0002, points rounded to 2 decimals
    CHECK(e_result.group == "MDSH");
    CHECK(e_result.numerator == 2);
    CHECK(e_result.denominator == 3);
    CHECK(e_result.rate_percent == doctest::Approx(66.67));
    CHECK(e_result.points == doctest::Approx(4.0));
    const auto& digitised = indicator(w, "4.2");  // 1 of 5 = 20% → 20 × 4 ÷ 80 = 1
    CHECK(digitised.rate_percent == doctest::Approx(20.0));
    CHECK(digitised.points == doctest::Approx(1.0));
    const auto& reuse = indicator(w, "4.3");  // 2 of 5 = 40% → 40 × 2 ÷ 80 = 1
    CHECK(reuse.rate_percent == doctest::Approx(40.0));
    CHECK(reuse.points == doctest::Approx(1.0));
    const auto& certified = indicator(w, "mdsh-certified-copies");  // 1 of 5 = 20% × 2 ÷ 100
    CHECK(certified.points == doctest::Approx(0.4));
    // District D: 1 of 1 for 4.2 → at or above the threshold, the maximum.
    CHECK(indicator(row(r, "D"), "4.2").points == doctest::Approx(4.0));
}

TEST_CASE("with nothing counted every MDSH rate is 0, not a division by zero") {
    const auto r = core::counts_766(kMarch, {agency("W")}, {}, {}, core::Index766Rules{}, {});
    for (const char* id : {"4.1", "4.2", "4.3", "mdsh-certified-copies"}) {
        const auto& i = indicator(r.total, id);
        CHECK(i.rate_percent == 0);
        CHECK(i.points == 0);
    }
}
