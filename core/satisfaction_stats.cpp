#include "core/satisfaction_stats.hpp"

#include <algorithm>
#include <cmath>

namespace motcua::core {

std::optional<Estimate> wilson(std::int64_t successes, std::int64_t n, double z) {
    if (n <= 0) return std::nullopt;
    const double nn = static_cast<double>(n);
    const double p = static_cast<double>(successes) / nn;
    const double z2 = z * z;
    const double denominator = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    return Estimate{p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<Linearised> linearise_mean_of_shares(const std::vector<std::vector<Mark>>& marks) {
    std::size_t criteria = 0;
    for (const auto& row : marks) criteria = std::max(criteria, row.size());
    std::vector<double> valid(criteria, 0), satisfied(criteria, 0);
    for (const auto& row : marks)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (row[c] == Mark::none) continue;
            valid[c] += 1;
            if (row[c] == Mark::satisfied) satisfied[c] += 1;
        }
    std::vector<std::size_t> answered;
    std::vector<double> share(criteria, 0);
    for (std::size_t c = 0; c < criteria; ++c)
        if (valid[c] > 0) {
            answered.push_back(c);
            share[c] = satisfied[c] / valid[c];
        }
    if (answered.empty()) return std::nullopt;
    const double k = static_cast<double>(answered.size());
    Linearised out;
    for (std::size_t c : answered) out.value += share[c];
    out.value /= k;
    out.influence.reserve(marks.size());
    for (const auto& row : marks) {
        double z = 0;
        for (std::size_t c : answered) {
            if (c >= row.size() || row[c] == Mark::none) continue;
            const double s = row[c] == Mark::satisfied ? 1.0 : 0.0;
            z += (s - share[c]) / valid[c];
        }
        out.influence.push_back(z / k);
    }
    return out;
}

Estimate interval_of_mean(const std::vector<Linearised>& parts, std::int64_t respondents, double z) {
    Estimate e;
    if (parts.empty()) return e;
    const double m = static_cast<double>(parts.size());
    for (const Linearised& p : parts) e.value += p.value;
    e.value /= m;
    if (respondents < 2) {
        e.low = 0;
        e.high = 1;
        return e;
    }
    const std::size_t rows = parts.front().influence.size();
    double sum_squares = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        double influence = 0;
        for (const Linearised& p : parts) influence += p.influence[r];
        influence /= m;
        sum_squares += influence * influence;
    }
    const double n = static_cast<double>(respondents);
    const double se = std::sqrt(n / (n - 1) * sum_squares);
    e.low = std::max(0.0, e.value - z * se);
    e.high = std::min(1.0, e.value + z * se);
    return e;
}

std::optional<MeanOfShares> mean_of_shares(const std::vector<std::vector<Mark>>& marks, double z) {
    auto lin = linearise_mean_of_shares(marks);
    if (!lin) return std::nullopt;
    std::int64_t respondents = 0;
    for (const auto& row : marks)
        if (std::any_of(row.begin(), row.end(), [](Mark m) { return m != Mark::none; })) ++respondents;
    return MeanOfShares{interval_of_mean({*lin}, respondents, z), respondents};
}

}  // namespace motcua::core
