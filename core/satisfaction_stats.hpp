#pragma once
// Interval estimates for satisfaction indexes (docs/satisfaction.md, decision 0017). Pure functions of counts.
//
//  - A share (criterion index, expectation share): Wilson score interval.
//  - A mean of shares measured on the same respondents (element index, overall index): the delta method in its
//    survey form (Taylor linearisation): each respondent's influence on the mean, summed in squares. It accounts for
//    the correlation between criteria answered by the same person and for criteria left blank.
#include <cstdint>
#include <optional>
#include <vector>

namespace motcua::core {

/// The 97.5th percentile of the standard normal distribution (two-sided 95%).
inline constexpr double kZ95 = 1.959963984540054;

/// A point estimate with its interval, as proportions in [0, 1].
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
};

/// Wilson score interval for `successes` out of `n`; nullopt when n is 0. Requires 0 <= successes <= n.
[[nodiscard]] std::optional<Estimate> wilson(std::int64_t successes, std::int64_t n, double z = kZ95);

/// One respondent's answer to one criterion, for the linearised interval.
enum class Mark : unsigned char { none, not_satisfied, satisfied };

/// A mean of shares over criteria, with a delta-method interval.
///
/// `marks[r][c]` is respondent r's answer to criterion c. A criterion's share is satisfied ÷ valid answers; the
/// mean is taken over the criteria with at least one valid answer (a criterion nobody answered is left out, never
/// counted as 0). With k such criteria, respondent r's influence is z_r = (1/k) Σ_c (s_rc − p_c·v_rc) / V_c, and the
/// variance is n/(n−1) · Σ_r z_r² over the n respondents with at least one valid answer. The interval is
/// value ± z·√variance, clipped to [0, 1]; with fewer than 2 such respondents it is the whole range [0, 1].
/// nullopt when no criterion has a valid answer.
struct MeanOfShares {
    Estimate estimate;
    std::int64_t respondents = 0;  ///< respondents with at least one valid answer among these criteria
};
[[nodiscard]] std::optional<MeanOfShares> mean_of_shares(const std::vector<std::vector<Mark>>& marks,
                                                         double z = kZ95);

/// The influence values behind mean_of_shares, exposed so that a mean of means (the overall index = mean of the
/// element indexes) can be linearised the same way: z_r for each respondent (0 when they answered nothing here).
struct Linearised {
    double value = 0;
    std::vector<double> influence;  ///< one per respondent, in input order
};
[[nodiscard]] std::optional<Linearised> linearise_mean_of_shares(const std::vector<std::vector<Mark>>& marks);

/// The interval of a mean of linearised estimates (each over the same respondents): value = mean of values,
/// influence = mean of influences; `respondents` as in mean_of_shares.
[[nodiscard]] Estimate interval_of_mean(const std::vector<Linearised>& parts, std::int64_t respondents,
                                        double z = kZ95);

}  // namespace motcua::core
