// The marks one dossier adds to the 766 per-day counters (decision 0039), by hand, and the report summed from them.
// The equality with the per-dossier queries is proved in tests/storage/counts766_day_test.cpp and
// tests/http/counts766_demo_test.cpp.
#include <algorithm>

#include <doctest/doctest.h>

#include "core/counts766_rollup.hpp"
#include "tests/support/builders.hpp"

using namespace motcua;
using core::Count766;
using test::instant;

namespace {

core::DayNumber day(const char* text) { return core::day_number(test::d(text)); }

// The marks as "YYYY-MM-DD counter value", sorted.
std::vector<std::string> marks_of(const core::Counts766Facts& f) {
    std::vector<std::string> out;
    for (const auto& m : core::counts766_marks(f).days)
        out.push_back(core::format_date(core::to_date(m.day)) + " " + core::to_string(m.counter) + " " +
                      std::to_string(m.value));
    std::sort(out.begin(), out.end());
    return out;
}

core::Counts766Facts counter_dossier() {
    core::Counts766Facts f;
    f.agency = "W";
    f.resolving_agency = "W";
    f.procedure_code = "1.000001";
    f.channel = core::Channel::postal;
    f.service_mode = core::ServiceMode::home_visit;
    f.status = core::DossierStatus::processing;
    f.received_at = instant("2026-03-02T23:30:00+07:00");  // office time: still 2 March (16:30 UTC)
    return f;
}

}  // namespace

TEST_CASE("a dossier received at the counter is marked on its receipt day in office time, by channel and service mode") {
    core::Counts766Facts f = counter_dossier();
    f.fee_lines = 2;
    f.fee_due = 0;  // all exempted: fee data, but nothing to pay
    CHECK(marks_of(f) == std::vector<std::string>{"2026-03-02 fee_data_dossiers 1", "2026-03-02 received_postal 1",
                                                  "2026-03-02 served_home_visit 1"});
    CHECK_FALSE(core::counts766_marks(f).paid.has_value());
}

TEST_CASE("an online submission waiting for the supplement asked before its receipt is no receipt but a waiting "
          "submission of its submission day") {
    core::Counts766Facts f = counter_dossier();
    f.channel = core::Channel::online;
    f.service_mode = core::ServiceMode::online_self;
    f.status = core::DossierStatus::supplement_requested;
    f.submitted_at = instant("2026-03-01T08:00:00+07:00");
    f.received_by_clerk = false;
    f.digitised = true;
    CHECK(marks_of(f) == std::vector<std::string>{"2026-03-01 submissions_waiting 1", "2026-03-02 digitised 1"});
    f.status = core::DossierStatus::refused;
    CHECK(marks_of(f) == std::vector<std::string>{"2026-03-01 submissions_refused 1", "2026-03-02 digitised 1"});
    f.status = core::DossierStatus::submitted_online;  // status 1: not even its digitisation counts
    CHECK(marks_of(f) == std::vector<std::string>{"2026-03-01 submissions_waiting 1"});
}

TEST_CASE("a result ready is marked on its day only for a procedure that issues a result document") {
    core::Counts766Facts f = counter_dossier();
    f.result_ready_at = instant("2026-03-05T10:00:00+07:00");
    f.electronic_result = true;
    f.digitised = true;
    CHECK(marks_of(f) == std::vector<std::string>{
                             "2026-03-02 digitised 1", "2026-03-02 digitised_with_electronic_result 1",
                             "2026-03-02 received_postal 1", "2026-03-02 served_home_visit 1",
                             "2026-03-05 electronic_results 1", "2026-03-05 results_requiring_document 1"});
    f.result_required = false;
    const auto marks = core::counts766_marks(f).days;
    CHECK(std::none_of(marks.begin(), marks.end(), [](const core::Count766Mark& m) {
        return m.counter == Count766::results_requiring_document || m.counter == Count766::electronic_results;
    }));
    CHECK(marks.size() == 4);
}

TEST_CASE("online payments are marked on their own days and a fee dossier is paid online from its first payment") {
    core::Counts766Facts f = counter_dossier();
    f.fee_lines = 1;
    f.fee_due = 150000;
    f.online_payments = {{instant("2026-03-04T00:10:00+07:00"), 100000}, {instant("2026-03-03T09:00:00+07:00"), 50000}};
    const auto marks = core::counts766_marks(f);
    REQUIRE(marks.paid.has_value());
    CHECK(marks.paid->received_day == day("2026-03-02"));
    CHECK(marks.paid->paid_day == day("2026-03-03"));
    CHECK(marks_of(f) == std::vector<std::string>{
                             "2026-03-02 fee_data_dossiers 1", "2026-03-02 fee_dossiers 1",
                             "2026-03-02 received_postal 1", "2026-03-02 served_home_visit 1",
                             "2026-03-03 online_payments 1", "2026-03-03 paid_online_amount 50000",
                             "2026-03-04 online_payments 1", "2026-03-04 paid_online_amount 100000"});
}

TEST_CASE("the report from summed counters counts receipts, full-online eligibility and submissions per agency") {
    core::Agency w;
    w.code = "W";
    w.name = "Phường";
    core::Procedure full;
    full.code = "1.000001";
    full.agency = "W";
    full.online_level = core::OnlineLevel::full;
    core::Counts766Sums s{"W", "1.000001", {}, 0};
    s.counts[static_cast<std::size_t>(Count766::received_direct)] = 2;
    s.counts[static_cast<std::size_t>(Count766::received_online)] = 6;
    s.counts[static_cast<std::size_t>(Count766::served_counter)] = 2;
    s.counts[static_cast<std::size_t>(Count766::served_online_self)] = 6;
    s.counts[static_cast<std::size_t>(Count766::submissions_waiting)] = 3;
    core::Counts766Sums outside{"X", "1.000001", {}, 0};
    outside.counts[static_cast<std::size_t>(Count766::received_direct)] = 9;
    const auto r = core::counts_766_from_sums({test::d("2026-03-01"), test::d("2026-03-31")}, {w}, {full},
                                              {s, outside}, core::Index766Rules{});
    REQUIRE(r.rows.size() == 1);
    const core::Counts766& c = r.rows[0].counts;
    CHECK(c.procedures == 1);
    CHECK(c.dossiers == 8);
    CHECK(c.dossiers_online == 6);
    CHECK(c.full_online_eligible == 8);
    CHECK(c.full_online == 6);
    CHECK(c.served_counter + c.served_online_self == 8);
    CHECK(c.submissions_waiting == 3);
    CHECK(r.total.counts == c);
}
