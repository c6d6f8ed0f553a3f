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

Counts766Report counts_766(ReportPeriod period, const std::vector<Agency>& scope, const std::vector<Procedure>& procedures,
                           const std::vector<ReceiptCount>& receipts, const Index766Rules& rules) {
    std::map<std::string, Counts766Row> rows;
    std::map<std::string, const Procedure*> procedure_of;
    for (const Agency& a : scope) rows[a.code] = Counts766Row{a.code, a.name, {}, {}};
    auto in_scope = [&](const std::string& agency) { return rows.find(agency) != rows.end(); };

    for (const Procedure& p : procedures) {
        procedure_of[p.code] = &p;
        if (!in_scope(p.agency)) continue;
        Counts766& c = rows[p.agency].counts;
        ++c.procedures;
        if (p.online_level != OnlineLevel::none) ++c.procedures_online;
        if (p.online_level == OnlineLevel::full) ++c.procedures_full_online;
    }
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

    Counts766Report out{period, {}, Counts766Row{"", "Tổng cộng", {}, {}}};
    for (auto& [code, row] : rows) {
        if (row.counts == Counts766{}) continue;
        row.indicators = online_indicators(row.counts, rules);
        out.total.counts += row.counts;
        out.rows.push_back(std::move(row));
    }
    out.total.indicators = online_indicators(out.total.counts, rules);
    return out;
}

}  // namespace motcua::core
