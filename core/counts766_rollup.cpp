#include "core/counts766_rollup.hpp"

#include <algorithm>
#include <map>

namespace motcua::core {
namespace {

std::int64_t count_of(const Counts766Columns& c, Count766 k) { return c[static_cast<std::size_t>(k)]; }

Count766 received_on(Channel channel) {
    switch (channel) {
        case Channel::direct: return Count766::received_direct;
        case Channel::online: return Count766::received_online;
        case Channel::postal: return Count766::received_postal;
    }
    return Count766::received_direct;
}

Count766 served_by(ServiceMode mode) {
    switch (mode) {
        case ServiceMode::counter: return Count766::served_counter;
        case ServiceMode::online_self: return Count766::served_online_self;
        case ServiceMode::online_volunteer: return Count766::served_online_volunteer;
        case ServiceMode::home_visit: return Count766::served_home_visit;
    }
    return Count766::served_counter;
}

}  // namespace

const char* to_string(Count766 c) noexcept {
    switch (c) {
        case Count766::received_direct: return "received_direct";
        case Count766::received_online: return "received_online";
        case Count766::received_postal: return "received_postal";
        case Count766::served_counter: return "served_counter";
        case Count766::served_online_self: return "served_online_self";
        case Count766::served_online_volunteer: return "served_online_volunteer";
        case Count766::served_home_visit: return "served_home_visit";
        case Count766::submissions_waiting: return "submissions_waiting";
        case Count766::submissions_refused: return "submissions_refused";
        case Count766::digitised: return "digitised";
        case Count766::digitised_with_electronic_result: return "digitised_with_electronic_result";
        case Count766::certified_copies: return "certified_copies";
        case Count766::reused: return "reused";
        case Count766::results_requiring_document: return "results_requiring_document";
        case Count766::electronic_results: return "electronic_results";
        case Count766::fee_data_dossiers: return "fee_data_dossiers";
        case Count766::fee_dossiers: return "fee_dossiers";
        case Count766::online_payments: return "online_payments";
        case Count766::paid_online_amount: return "paid_online_amount";
    }
    return "received_direct";
}

DayNumber office_day(Timestamp t) { return day_number(date_of(to_local(t))); }

Counts766Marks counts766_marks(const Counts766Facts& f) {
    Counts766Marks out;
    auto mark = [&out](DayNumber day, Count766 counter, std::int64_t value = 1) {
        out.days.push_back(Count766Mark{day, counter, value});
    };
    const DayNumber received = office_day(f.received_at);
    const bool waiting_for_status = f.status == DossierStatus::submitted_online;
    // A receipt: not an online submission still waiting (1) or refused before receipt (3), nor one waiting for the
    // supplement asked before its receipt (5 with a submission and no receiving clerk).
    if (!waiting_for_status && f.status != DossierStatus::refused &&
        (f.status != DossierStatus::supplement_requested || !f.submitted_at || f.received_by_clerk)) {
        mark(received, received_on(f.channel));
        mark(received, served_by(f.service_mode));
    }
    // An online submission no clerk received, on the day it was submitted.
    if (f.submitted_at && !f.received_by_clerk)
        mark(office_day(*f.submitted_at), f.status == DossierStatus::refused ? Count766::submissions_refused
                                                                            : Count766::submissions_waiting);
    // Digitisation (MDSH): the received cohort and the result cohort; status 1 is left out.
    if (!waiting_for_status && f.procedure_known) {
        if (f.digitised) mark(received, Count766::digitised);
        if (f.digitised && f.electronic_result) mark(received, Count766::digitised_with_electronic_result);
        if (f.certified_copy) mark(received, Count766::certified_copies);
        if (f.reused) mark(received, Count766::reused);
        if (f.result_required && f.result_ready_at) {
            const DayNumber ready = office_day(*f.result_ready_at);
            mark(ready, Count766::results_requiring_document);
            if (f.electronic_result) mark(ready, Count766::electronic_results);
        }
    }
    // Fees and online payments (TTTT): every dossier, whatever its status, as the per-dossier query reads them.
    if (f.fee_lines > 0) mark(received, Count766::fee_data_dossiers);
    if (f.fee_due > 0) mark(received, Count766::fee_dossiers);
    std::optional<Timestamp> first_paid;
    for (const auto& p : f.online_payments) {
        const DayNumber day = office_day(p.at);
        mark(day, Count766::online_payments);
        mark(day, Count766::paid_online_amount, p.amount);
        if (!first_paid || p.at < *first_paid) first_paid = p.at;
    }
    if (f.fee_due > 0 && first_paid) out.paid = PaidOnlineMark{received, office_day(*first_paid)};
    return out;
}

Counts766Report counts_766_from_sums(ReportPeriod period, const std::vector<Agency>& scope,
                                     const std::vector<Procedure>& procedures, const std::vector<Counts766Sums>& sums,
                                     const Index766Rules& rules) {
    std::map<std::string, Counts766Row> rows = counts766_rows(scope, procedures);
    std::map<std::string, const Procedure*> procedure_of;
    for (const Procedure& p : procedures) procedure_of[p.code] = &p;
    auto in_scope = [&](const std::string& agency) { return rows.find(agency) != rows.end(); };
    for (const Counts766Sums& s : sums) {
        if (!in_scope(s.agency)) continue;
        Counts766& c = rows[s.agency].counts;
        const Counts766Columns& n = s.counts;
        c.dossiers_direct += count_of(n, Count766::received_direct);
        c.dossiers_online += count_of(n, Count766::received_online);
        c.dossiers_postal += count_of(n, Count766::received_postal);
        const std::int64_t received = count_of(n, Count766::received_direct) +
                                      count_of(n, Count766::received_online) + count_of(n, Count766::received_postal);
        c.dossiers += received;
        c.served_counter += count_of(n, Count766::served_counter);
        c.served_online_self += count_of(n, Count766::served_online_self);
        c.served_online_volunteer += count_of(n, Count766::served_online_volunteer);
        c.served_home_visit += count_of(n, Count766::served_home_visit);
        c.submissions_waiting += count_of(n, Count766::submissions_waiting);
        c.submissions_refused += count_of(n, Count766::submissions_refused);
        // The level is the procedure's newest version's, as counts_766 reads it.
        const auto p = procedure_of.find(s.procedure_code);
        if (p != procedure_of.end() && p->second->online_level == OnlineLevel::full) {
            c.full_online_eligible += received;
            c.full_online += count_of(n, Count766::received_online);
        }
        c.digitised += count_of(n, Count766::digitised);
        c.digitised_with_electronic_result += count_of(n, Count766::digitised_with_electronic_result);
        c.certified_copies += count_of(n, Count766::certified_copies);
        c.reused += count_of(n, Count766::reused);
        c.results_requiring_document += count_of(n, Count766::results_requiring_document);
        c.electronic_results += count_of(n, Count766::electronic_results);
    }

    return counts766_report(period, std::move(rows), rules);
}

}  // namespace motcua::core
