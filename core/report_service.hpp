#pragma once
// Supervisor reports: II.06a timeliness, and the overdue / near-due list read every morning.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/counts766.hpp"
#include "core/engines.hpp"
#include "core/index766.hpp"
#include "core/page.hpp"
#include "core/ports.hpp"
#include "core/reports.hpp"

namespace motcua::core {

struct TimelinessQuery {
    ReportPeriod period;
    ReportGrouping grouping = ReportGrouping::agency;
    ReportWindow window = ReportWindow::calendar;
};

/// An open dossier past its due (or, for near-due, due within one working day without an apology).
struct OverdueItem {
    std::string code;
    std::string agency;
    std::string procedure_code;
    DossierStatus status = DossierStatus::received;
    Timestamp due_at;
    Timestamp original_due_at;
    WorkingTime overdue;  ///< positive: overdue by; negative: time left (near-due)
    std::string current_step;
    std::string step_role;
    bool apologized = false;
    bool late_apology = false;
    std::optional<Timestamp> extended_due_at;
};

/// A page of the overdue (or near-due) list and the length of the whole list.
struct OverdueList {
    std::vector<OverdueItem> items;
    std::int64_t total = 0;
};

/// Report rules' version, stated with every figure.
inline constexpr const char* kReportRuleVersion = "ii06a-2026.1";

class ReportService final {
public:
    ReportService(CatalogueStore& catalogue, DossierStore& dossiers, ReportStore& queries, EngineRegistry& engines,
                  const Clock& clock)
        : catalogue_(catalogue), dossiers_(dossiers), queries_(queries), engines_(engines), clock_(clock) {}

    /// II.06a for the user's scope. Errors: invalid_argument "invalid_period" when to < from or the span exceeds
    /// ten years.
    [[nodiscard]] Result<TimelinessReport> timeliness(const TimelinessQuery& query, const User& user);
    /// The monthly trend: II.06a for each calendar month of a period of whole months (core::months_of), each
    /// month's `window` applied as its own report would. Row i (key "YYYY-MM", name "MM/YYYY") holds the total of
    /// that month's own report, every month listed; the total is the whole period's own total. From one pass over
    /// the per-day counters. Errors: those of months_of.
    [[nodiscard]] Result<TimelinessReport> timeliness_by_month(ReportPeriod period, ReportWindow window,
                                                               const User& user);
    /// The dossiers behind one figure of that report (drill-down): group `key` (empty: the total row) and `column`.
    [[nodiscard]] Result<std::vector<DossierFacts>> timeliness_dossiers(const TimelinessQuery& query,
                                                                        const std::string& key,
                                                                        TimelinessColumn column, const User& user);

    /// Open dossiers (received, processing) past their due, most overdue first; with `near_due`, those due within
    /// one working day that have no apology yet, soonest first. `agency` narrows the user's scope. The list is
    /// ranked from an index (how many, in which order) and only the `page`'s items are read and built; `total` is
    /// the whole list's length.
    [[nodiscard]] Result<OverdueList> overdue(const User& user, const std::string& agency, bool near_due,
                                              const Page& page = {});

    /// How many dossiers of the user's scope are in each status now, every status listed (zero included): the
    /// totals the dossier list gives for each status, from counters kept with every write (schema 0023).
    [[nodiscard]] std::map<DossierStatus, std::int64_t> status_counts(const User& user);

    struct ApologyReport {
        ReportPeriod period;
        ApologyCounts counts;
        std::vector<std::pair<ApologyFacts, ApologyOutcome>> apologies;
        std::vector<DossierFacts> violations;  ///< late with no apology
    };
    /// Apologies issued in the period (on time or late, new date kept or broken) and the violations: dossiers
    /// resolved late in the period, or open past their due at its end, that never got an apology. The counts are
    /// of the whole period (counts.issued and counts.violations are the two lists' lengths); `page` selects the
    /// items kept of each list.
    [[nodiscard]] Result<ApologyReport> apologies(ReportPeriod period, const User& user, const Page& page = {});

    /// Decision 766 indicator 2.1 for the user's scope, with the dossiers that cost points.
    /// Decision 766, CKMB's progress part: dossiers of the user's scope with changes dated in the period, and how many
    /// had every change recorded within `lag`.
    [[nodiscard]] Result<ProgressReport> progress766(ReportPeriod period, const User& user, const PointRule& rule,
                                                     std::chrono::minutes lag);
    [[nodiscard]] Result<Index766Report> index766(ReportPeriod period, const User& user, const PointRule& rule);
    /// Decision 766: the raw counts per agency of the user's scope behind the groups motcua records, with their
    /// indicators (core/counts766.hpp); `with_payments` (the payment module is on) adds the TTTT columns and
    /// indicators (add_payment_counts) from the same per-day sums.
    [[nodiscard]] Result<Counts766Report> counts766(ReportPeriod period, const User& user, const Index766Rules& rules,
                                                    bool with_payments = false);

    [[nodiscard]] Timestamp now() const { return clock_.now(); }
    /// Today in office time: the day a report is made, as of which a period running past it judges pending dossiers.
    [[nodiscard]] Date today() const { return date_of(to_local(clock_.now())); }

private:
    struct Facts {
        ReportPeriod period;  ///< after the window rule
        std::vector<DossierFacts> facts;
        std::map<std::string, std::string> names;
    };
    struct GroupNames {
        std::map<std::string, std::string> field_of;  ///< procedure code → field
        std::map<std::string, std::string> names;     ///< group key → name
    };
    GroupNames group_names(ReportGrouping grouping);
    /// The facts a timeliness report for the user's scope reads, with their fields and the group names.
    Result<Facts> facts_for(const TimelinessQuery& query, const User& user);

    CatalogueStore& catalogue_;
    DossierStore& dossiers_;
    ReportStore& queries_;
    EngineRegistry& engines_;
    const Clock& clock_;
};

}  // namespace motcua::core
