#include "core/counts766.hpp"

#include <map>
#include <utility>

namespace motcua::core {

Counts766& Counts766::operator+=(const Counts766& o) {
    procedures += o.procedures;
    procedures_online += o.procedures_online;
    procedures_full_online += o.procedures_full_online;
    dossiers += o.dossiers;
    dossiers_direct += o.dossiers_direct;
    dossiers_online += o.dossiers_online;
    dossiers_postal += o.dossiers_postal;
    full_online_eligible += o.full_online_eligible;
    full_online += o.full_online;
    fee_procedures += o.fee_procedures;
    procedures_with_fee_data += o.procedures_with_fee_data;
    procedures_paid_online += o.procedures_paid_online;
    fee_dossiers += o.fee_dossiers;
    paid_online_dossiers += o.paid_online_dossiers;
    paid_online_amount += o.paid_online_amount;
    digitised += o.digitised;
    digitised_with_electronic_result += o.digitised_with_electronic_result;
    certified_copies += o.certified_copies;
    reused += o.reused;
    results_requiring_document += o.results_requiring_document;
    electronic_results += o.electronic_results;
    served_counter += o.served_counter;
    served_online_self += o.served_online_self;
    served_online_volunteer += o.served_online_volunteer;
    served_home_visit += o.served_home_visit;
    submissions_waiting += o.submissions_waiting;
    submissions_refused += o.submissions_refused;
    return *this;
}

Indicator766 indicator_766(std::string id, std::string group, std::string name, std::int64_t numerator,
                           std::int64_t denominator, const PointRule& rule) {
    Indicator766 out{std::move(id), std::move(group), std::move(name), numerator, denominator, 0, 0, rule};
    out.rate_percent = rate_percent(numerator, denominator);
    out.points = points_for(out.rate_percent, rule);
    return out;
}

std::vector<Indicator766> online_indicators(const Counts766& c, const Index766Rules& rules) {
    return {
        indicator_766("clgq-full-online", "CLGQ", "Hồ sơ trực tuyến toàn trình / hồ sơ của TTHC đủ điều kiện toàn trình",
                      c.full_online, c.full_online_eligible, rules.clgq_full_online),
        indicator_766("3.1", "CLGQ", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", c.procedures_online, c.procedures,
                      rules.clgq_3_1),
        indicator_766("3.3", "CLGQ", "Tỷ lệ hồ sơ nộp trực tuyến", c.dossiers_online, c.dossiers, rules.clgq_3_3),
    };
}

std::vector<Indicator766> digitisation_indicators(const Counts766& c, const Index766Rules& rules) {
    return {
        indicator_766("4.1", "MDSH", "Hồ sơ có kết quả điện tử", c.electronic_results, c.results_requiring_document,
                      rules.mdsh_4_1),
        indicator_766("4.2", "MDSH", "Hồ sơ được số hóa thành phần và có kết quả điện tử",
                      c.digitised_with_electronic_result, c.dossiers, rules.mdsh_4_2),
        indicator_766("mdsh-certified-copies", "MDSH", "Hồ sơ có bản sao điện tử chứng thực từ bản chính",
                      c.certified_copies, c.dossiers, rules.mdsh_certified_copies),
        indicator_766("4.3", "MDSH", "Hồ sơ tái sử dụng dữ liệu số hóa", c.reused, c.dossiers, rules.mdsh_4_3),
    };
}

void count_digitisation(Counts766& c, const DigitisationFacts& f, Timestamp from, Timestamp to) {
    if (f.received_at >= from && f.received_at < to) {
        if (f.digitised) ++c.digitised;
        if (f.digitised && f.electronic_result) ++c.digitised_with_electronic_result;
        if (f.certified_copy) ++c.certified_copies;
        if (f.reused) ++c.reused;
    }
    if (f.result_required && f.resolved_at && *f.resolved_at >= from && *f.resolved_at < to) {
        ++c.results_requiring_document;
        if (f.electronic_result) ++c.electronic_results;
    }
}

std::map<std::string, Counts766Row> counts766_rows(const std::vector<Agency>& scope,
                                                   const std::vector<Procedure>& procedures) {
    std::map<std::string, Counts766Row> rows;
    for (const Agency& a : scope) rows[a.code] = Counts766Row{a.code, a.name, {}, {}};
    for (const Procedure& p : procedures) {
        const auto row = rows.find(p.agency);
        if (row == rows.end()) continue;
        Counts766& c = row->second.counts;
        ++c.procedures;
        if (p.online_level != OnlineLevel::none) ++c.procedures_online;
        if (p.online_level == OnlineLevel::full) ++c.procedures_full_online;
    }
    return rows;
}

Counts766Report counts766_report(ReportPeriod period, std::map<std::string, Counts766Row> rows,
                                 const Index766Rules& rules) {
    Counts766Report out{period, {}, Counts766Row{"", "Tổng cộng", {}, {}}};
    for (auto& [code, row] : rows) {
        if (row.counts == Counts766{}) continue;
        row.indicators = online_indicators(row.counts, rules);
        for (auto& i : digitisation_indicators(row.counts, rules)) row.indicators.push_back(std::move(i));
        out.total.counts += row.counts;
        out.rows.push_back(std::move(row));
    }
    out.total.indicators = online_indicators(out.total.counts, rules);
    for (auto& i : digitisation_indicators(out.total.counts, rules)) out.total.indicators.push_back(std::move(i));
    return out;
}

Counts766Report counts_766(ReportPeriod period, const std::vector<Agency>& scope, const std::vector<Procedure>& procedures,
                           const std::vector<ReceiptCount>& receipts, const Index766Rules& rules,
                           const std::vector<DigitisationFacts>& digitisation) {
    std::map<std::string, Counts766Row> rows = counts766_rows(scope, procedures);
    std::map<std::string, const Procedure*> procedure_of;
    for (const Procedure& p : procedures) procedure_of[p.code] = &p;
    auto in_scope = [&](const std::string& agency) { return rows.find(agency) != rows.end(); };
    for (const ReceiptCount& r : receipts) {
        if (!in_scope(r.agency)) continue;
        Counts766& c = rows[r.agency].counts;
        if (r.stage != ReceiptStage::received) {
            (r.stage == ReceiptStage::waiting ? c.submissions_waiting : c.submissions_refused) += r.dossiers;
            continue;
        }
        switch (r.service_mode) {
            case ServiceMode::counter: c.served_counter += r.dossiers; break;
            case ServiceMode::online_self: c.served_online_self += r.dossiers; break;
            case ServiceMode::online_volunteer: c.served_online_volunteer += r.dossiers; break;
            case ServiceMode::home_visit: c.served_home_visit += r.dossiers; break;
        }
        c.dossiers += r.dossiers;
        switch (r.channel) {
            case Channel::direct: c.dossiers_direct += r.dossiers; break;
            case Channel::online: c.dossiers_online += r.dossiers; break;
            case Channel::postal: c.dossiers_postal += r.dossiers; break;
        }
        // The level is the procedure's newest version's: the portal counts a procedure once, at its current level.
        const auto p = procedure_of.find(r.procedure_code);
        if (p != procedure_of.end() && p->second->online_level == OnlineLevel::full) {
            c.full_online_eligible += r.dossiers;
            if (r.channel == Channel::online) c.full_online += r.dossiers;
        }
    }

    // Digitisation counts at the receiving agency; the received cohort's denominator is `dossiers` above.
    const Timestamp from = period_start(period);
    const Timestamp to = period_end(period);
    for (const DigitisationFacts& f : digitisation)
        if (in_scope(f.agency)) count_digitisation(rows[f.agency].counts, f, from, to);

    return counts766_report(period, std::move(rows), rules);
}

}  // namespace motcua::core
