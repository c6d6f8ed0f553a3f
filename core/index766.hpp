#pragma once
// Decision 766/QĐ-TTg, indicator 2.1 (group TDGQ, "Tiến độ giải quyết"): the share of dossiers handled early, on
// time or within their deadline in a period, by the national portal's rules as domain.md §11.2.3 records them [S],
// and its conversion to points (threshold rule, configurable: the official figures could not be verified [M]).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/dossier.hpp"
#include "core/reports.hpp"

namespace motcua::core {

/// Points for a rate: at or above `threshold` percent the maximum, below it rate × max ÷ threshold.
struct PointRule {
    double max_points = 20;
    double threshold_percent = 100;  ///< 100: points = rate × max / 100 (HV's rate × 20 for 2.1) [S]
    friend bool operator==(const PointRule&, const PointRule&) = default;
};
[[nodiscard]] double points_for(double rate_percent, const PointRule& rule);
/// part ÷ whole × 100, rounded to two decimals; 0 when nothing is counted (domain.md §11.2.3).
[[nodiscard]] double rate_percent(std::int64_t part, std::int64_t whole);

/// The conversions of every indicator motcua computes, from the province's configuration (data/reports/index766.json
/// by default; `motcua serve --index766 FILE`).
struct Index766Rules {
    PointRule tdgq_2_1{20, 100};
    /// CKMB, "status and progress updated in real time" [M: the official definition was not readable].
    PointRule ckmb_progress{6, 100};
    /// A change counts as real time when recorded within this long after it happened [M].
    std::chrono::minutes realtime_lag{24 * 60};
    /// MDHL 5.4, "satisfaction in receiving and resolving procedures": 6 points, threshold 90% [S: domain.md §11.2].
    PointRule mdhl_5_4{6, 90};
    /// CLGQ, the scored indicator: full-online dossiers ÷ dossiers of procedures offered fully online; 12 points
    /// [S: domain.md §11.2.2]; no threshold is known, so rate × 12 ÷ 100 [M].
    PointRule clgq_full_online{12, 100};
    /// CLGQ 3.1 and 3.3 are tracked with thresholds 80% and 50% but carry no points of their own yet [S].
    PointRule clgq_3_1{0, 80};
    PointRule clgq_3_3{0, 50};
};

/// MDHL 5.4 for a period (domain.md §11.2.3 [S]): 100% − (rate of late dossiers + rate of dossiers that drew a
/// complaint or a "dislike"), over the dossiers 2.1 counts. A "dissatisfied" rating is the dislike; complaints
/// (PAKN) are not recorded by motcua yet. Not a survey score.
struct SatisfactionPoints {
    std::int64_t counted = 0;   ///< dossiers counted for 2.1
    std::int64_t late = 0;      ///< of which late by 2.1's rules
    std::int64_t disliked = 0;  ///< dissatisfied ratings in the period (at most `counted`)
    double rate_percent = 0;    ///< never below 0
    double points = 0;
    PointRule rule;
};
[[nodiscard]] SatisfactionPoints mdhl_766(std::int64_t counted, std::int64_t late, std::int64_t disliked,
                                          const PointRule& rule);

/// CKMB's progress part for a period: dossiers with changes in it, and those whose every change reached the record
/// within the allowed lag.
struct ProgressReport {
    std::int64_t counted = 0;
    std::int64_t real_time = 0;
    double rate_percent = 0;
    double points = 0;
    PointRule rule;
    std::chrono::minutes lag{0};
    std::vector<EntryDelay> late;  ///< the dossiers with a change recorded later than the lag, longest first
};
[[nodiscard]] ProgressReport progress_766(const std::vector<EntryDelay>& delays, const PointRule& rule,
                                          std::chrono::minutes lag);

enum class Verdict766 { on_time, late };

/// How one dossier counts for 2.1 in a period, with the reason (for drill-down).
struct Dossier766 {
    std::string code;
    std::string agency;
    Verdict766 verdict = Verdict766::on_time;
    std::string reason;  ///< e.g. "two or more supplementation requests", "still open past due at period end"
};

struct Index766Report {
    ReportPeriod period;
    std::int64_t counted = 0;  ///< dossiers received or handled in the period
    std::int64_t on_time = 0;  ///< early, on time or within deadline
    double rate_percent = 0;   ///< 0 when nothing is counted
    double points = 0;
    PointRule rule;
    std::vector<Dossier766> late;  ///< the dossiers that cost points
};

/// Judges one dossier (with its timeline) for 2.1 in `period`; nullopt when it is not part of the period (received
/// after it, or handled before it).
///  - end of handling: the first of result ready / returned / stopped / withdrawn; still open: the end of the
///    period's last day;
///  - two or more supplementation requests: late; one request never answered: the request time is the end;
///  - an answered request: the applicant's time (request → supplement received) is subtracted from the end;
///  - on time when the end ≤ the appointment given at receipt (the first due).
[[nodiscard]] std::optional<Dossier766> judge_766(const Dossier& dossier, ReportPeriod period);

[[nodiscard]] Index766Report index_766(const std::vector<Dossier>& dossiers, ReportPeriod period, const PointRule& rule);

}  // namespace motcua::core
