// JSON encoding of a dossier as the citizen's lookup and the staff view answer it: a received dossier with a
// six-event timeline (receipt, two hand-overs, a consultation, result ready, returned). Run: make bench.
#include <benchmark/benchmark.h>

#include "core/dossier.hpp"
#include "http/dossier_json.hpp"

namespace {

using namespace motcua;

core::Timestamp at(const char* text) { return *core::parse_instant(text); }

core::Dossier sample() {
    core::Dossier d;
    d.id = 123456;
    d.version = 6;
    d.code = "000.21.40.H56-250312-0042";
    d.lookup_key = "7K3M9QXW2A";
    d.agency = d.resolving_agency = "000.21.40.H56";
    d.procedure_code = "1.001193";
    d.applicant.name = "Trần Thị Bích Ngọc";
    d.applicant.id_number = "038190004321";
    d.applicant.phone = "0903123456";
    d.applicant.address = "12 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa";
    d.components = {{"c1", 1, 0, 0}, {"c2", 1, 0, 0}, {"c3", 0, 1, 0}};
    d.received_by = "demo.clerk";
    d.received_at = d.clock_start = at("2025-03-12T02:15:00Z");
    d.original_due_at = d.due_at = at("2025-03-19T10:00:00Z");
    d.status = core::DossierStatus::returned;
    d.result_ready_at = at("2025-03-18T08:00:00Z");
    d.returned_at = at("2025-03-18T09:30:00Z");
    d.timeliness = core::Timeliness::early;
    const core::EventType types[] = {core::EventType::receive, core::EventType::handover, core::EventType::consult,
                                     core::EventType::handover, core::EventType::result_ready,
                                     core::EventType::return_result};
    const char* times[] = {"2025-03-12T02:15:00Z", "2025-03-12T08:00:00Z", "2025-03-13T03:00:00Z",
                           "2025-03-17T04:00:00Z", "2025-03-18T08:00:00Z", "2025-03-18T09:30:00Z"};
    for (int i = 0; i < 6; ++i) {
        core::DossierEvent e;
        e.type = types[i];
        e.at = at(times[i]);
        e.actor = i == 0 ? "demo.clerk" : "demo.officer";
        if (e.type == core::EventType::handover) e.to_unit = "Phòng Tư pháp";
        if (e.type == core::EventType::consult) e.agency = "000.00.15.H56";
        if (e.type == core::EventType::return_result) e.method = core::ReturnMethod::counter;
        d.timeline.push_back(std::move(e));
    }
    return d;
}

void BM_PublicDossierJson(benchmark::State& state) {
    const core::Dossier d = sample();
    for (auto _ : state) {
        std::string body = http::to_public_json(d, "Đăng ký khai sinh").dump();
        benchmark::DoNotOptimize(body);
    }
}
BENCHMARK(BM_PublicDossierJson);

void BM_StaffDossierJson(benchmark::State& state) {
    const core::Dossier d = sample();
    for (auto _ : state) {
        std::string body = http::to_staff_json(d).dump();
        benchmark::DoNotOptimize(body);
    }
}
BENCHMARK(BM_StaffDossierJson);

}  // namespace
