// Due-date computation over a calendar with ten years of entries (2020–2029: the shipped 2025 and 2026 notices, the
// other years computed from the statutory rules). Budgets of 1–60 working days, receipts spread over the years at
// any minute of the day. Run: make bench (figures in docs/performance.md).
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/deadline.hpp"
#include "http/calendar_json.hpp"

namespace {

using namespace motcua;

core::CalendarBook shipped_book() {
    core::CalendarBook book;
    book.set_recurring(http::shipped_recurring());
    for (core::YearNotice& n : http::shipped_notices()) (void)book.put(std::move(n));
    return book;
}

struct Fixture {
    core::DeadlineEngine engine;
    std::vector<core::LocalTime> receipts;
    std::vector<int> budgets;
};

Fixture& fixture() {
    static Fixture f = [] {
        auto calendar = core::WorkingCalendar::build(shipped_book(), "", 2020, 2029);
        core::DeadlineEngine engine(std::make_shared<const core::WorkingCalendar>(std::move(*calendar)),
                                    core::OfficeHours::standard());
        std::mt19937 rng(20261126);
        std::uniform_int_distribution<int> day(0, 8 * 365);
        std::uniform_int_distribution<int> minute(0, 24 * 60 - 1);
        std::uniform_int_distribution<int> budget(1, 60);
        Fixture out{std::move(engine), {}, {}};
        const core::LocalTime base = core::at(core::Date{date::year{2020} / 1 / 1}, core::hm(0, 0));
        for (int i = 0; i < 4096; ++i) {
            out.receipts.push_back(base + date::days{day(rng)} + std::chrono::minutes{minute(rng)});
            out.budgets.push_back(budget(rng));
        }
        return out;
    }();
    return f;
}

void BM_AppointWorkingDays(benchmark::State& state) {
    Fixture& f = fixture();
    const core::CutoffRule rule;
    std::size_t i = 0;
    for (auto _ : state) {
        auto a = f.engine.appoint(f.receipts[i], core::WorkingDays{f.budgets[i]}, rule);
        benchmark::DoNotOptimize(a);
        i = (i + 1) & 4095u;
    }
}
BENCHMARK(BM_AppointWorkingDays);

void BM_AppointWorkingHours(benchmark::State& state) {
    Fixture& f = fixture();
    const core::CutoffRule rule;
    std::size_t i = 0;
    for (auto _ : state) {
        auto a = f.engine.appoint(f.receipts[i], core::WorkingHours{f.budgets[i] * 4}, rule);
        benchmark::DoNotOptimize(a);
        i = (i + 1) & 4095u;
    }
}
BENCHMARK(BM_AppointWorkingHours);

void BM_WorkingTimeBetween(benchmark::State& state) {
    Fixture& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        auto w = f.engine.between(f.receipts[i], f.receipts[(i + 1) & 4095u]);
        benchmark::DoNotOptimize(w);
        i = (i + 1) & 4095u;
    }
}
BENCHMARK(BM_WorkingTimeBetween);

void BM_BuildTenYearCalendar(benchmark::State& state) {
    const core::CalendarBook book = shipped_book();
    for (auto _ : state) {
        auto calendar = core::WorkingCalendar::build(book, "", 2020, 2029);
        benchmark::DoNotOptimize(calendar);
    }
}
BENCHMARK(BM_BuildTenYearCalendar)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
