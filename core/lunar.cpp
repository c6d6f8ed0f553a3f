#include "core/lunar.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

// How the calendar is computed (details and sources in docs/calendar.md).
//
// Everything is counted in Julian days: a fractional JD is an instant (days since noon UTC, 1 January 4713 BC), and
// an integer JDN names the civil day whose UTC noon it is. Lunations are numbered k = 0, 1, 2 ... from the new moon
// of 1900-01-01 13:52 UTC.
//
// 1. The instant of new moon k comes from the series in Jean Meeus, "Astronomical Algorithms" (Willmann-Bell, 1998),
//    in its older form with T = k / 1236.85 Julian centuries from 1900 January 0.5, corrected by ΔT (TT - UT).
// 2. A lunar month starts on the civil day, at the UTC+7 meridian, of its new moon.
// 3. The sun's apparent longitude (Meeus's low-precision solar theory), read at local midnight that starts a day,
//    says which 30° sector the sun is in. Sector 9 starts at 270°, the December solstice; every sector boundary is a
//    major solar term (trung khí).
// 4. Month 11 is the month containing the December solstice. From one month 11 to the next there are 12 or 13
//    lunations; in a 13-lunation "solstice year" the first month after month 11 during which the sun stays in one
//    sector (no major term) is the leap month, and it takes the number of the month before it.
//
// The result must agree day for day with Hồ Ngọc Đức's published programs, which most Vietnamese calendars and the
// npm package amlich (our test oracle) use. The floating-point expressions below therefore keep the published
// constants and evaluation order exactly: a last-bit difference would only matter if a new moon or a sector boundary
// fell within some microseconds of local midnight, but "the same numbers" is easier to trust than "almost surely the
// same dates". Do not rewrite them algebraically, and do not build this file with -ffast-math.

namespace motcua::core {
namespace {

using JulianDay = double;  // an instant, in days; civil days (JDN) are plain ints

/// JDN of 1970-01-01, the epoch of date::sys_days.
constexpr int kJdnOfUnixEpoch = 2440588;
/// JDN of 1900-01-01; used, like the reference, to guess which lunation is the last one of a solar year.
constexpr int kJdnOf1900 = 2415021;

constexpr double kPi = std::numbers::pi;
constexpr double kRadiansPerDegree = kPi / 180;

/// The meridian of the Vietnamese calendar: UTC+7 (105°E), in days. The Chinese calendar uses UTC+8 (120°E).
constexpr double kMeridianHours = 7.0;
constexpr double kMeridianDays = kMeridianHours / 24;

/// Mean length of a lunation in days, used only to estimate a lunation number from a date.
constexpr double kMeanSynodicMonth = 29.530588853;
/// Lunations per Julian century: the time unit T of the new-moon series is k / kLunationsPerCentury.
constexpr double kLunationsPerCentury = 1236.85;
/// J2000.0 (2000-01-01 12:00 TT) and days per Julian century, the time base of the solar theory.
constexpr JulianDay kJ2000 = 2451545.0;
constexpr double kDaysPerJulianCentury = 36525;

/// The sun's longitude is split into 12 sectors of 30°; sector 9 begins at the December solstice (270°).
constexpr int kSectorsPerCircle = 12;
constexpr int kDecemberSolsticeSector = 9;

/// Lunations from one month 11 to the next: 12 in a common year, 13 in a year with a leap month.
constexpr int kMaxMonthsPerCycle = 13;
/// "No leap month" in a cycle. Offset 0 can never be the leap month: it is month 11, which contains the solstice.
constexpr int kNoLeap = 0;

/// The supported solar days (checked in to_lunar and on the results of to_solar).
constexpr Date kFirstSupportedDate{date::year{kLunarFirstYear}, date::January, date::day{1}};
constexpr Date kLastSupportedDate{date::year{kLunarLastYear}, date::December, date::day{31}};
/// 1900-01-01 is in month 12 of lunar year 1899, so lunar years kLunarFirstYear - 1 .. kLunarLastYear touch the range.
constexpr int kFirstLunarYear = kLunarFirstYear - 1;
/// Cycles (see Cycle) needed: month 1..10 of lunar year Y live in the cycle that starts in solar year Y - 1.
constexpr int kFirstCycleYear = kFirstLunarYear - 1;
constexpr int kLastCycleYear = kLunarLastYear;

int jdn_of(Date d) { return static_cast<int>(date::sys_days{d}.time_since_epoch().count()) + kJdnOfUnixEpoch; }

Date date_of_jdn(int jdn) { return Date{date::sys_days{date::days{jdn - kJdnOfUnixEpoch}}}; }

int floor_to_int(double x) { return static_cast<int>(std::floor(x)); }

/// The instant (JD, UT) of new moon number k.
JulianDay new_moon(int k) {
    const double kd = k;
    const double t = kd / kLunationsPerCentury;
    const double t2 = t * t;
    const double t3 = t2 * t;
    const double dr = kRadiansPerDegree;

    // Mean new moon, with the small periodic term that Meeus attaches to it.
    JulianDay mean = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3;
    mean = mean + 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);

    // Fundamental arguments, in degrees.
    const double m = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3;       // sun's mean anomaly
    const double mp = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3;    // moon's mean anomaly
    const double f = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3;     // moon's arg. of latitude

    // Periodic corrections from the true positions of sun and moon (days). The order of the additions is the
    // reference's (see the note at the top of the file).
    double correction = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
    correction = correction - 0.4068 * std::sin(mp * dr) + 0.0161 * std::sin(dr * 2 * mp);
    correction = correction - 0.0004 * std::sin(dr * 3 * mp);
    correction = correction + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mp));
    correction = correction - 0.0074 * std::sin(dr * (m - mp)) + 0.0004 * std::sin(dr * (2 * f + m));
    correction = correction - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mp));
    correction = correction + 0.0010 * std::sin(dr * (2 * f - mp)) + 0.0005 * std::sin(dr * (2 * mp + m));

    // ΔT = TT - UT in days: the series gives Terrestrial Time, civil days run on Universal Time. This polynomial is
    // the one for T >= -11 (after about AD 800); the supported years are far inside it.
    const double delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
    return mean + correction - delta_t;
}

/// The civil day (JDN at the UTC+7 meridian) on which new moon k falls. +0.5 because a JD starts at noon.
int new_moon_day(int k) { return floor_to_int(new_moon(k) + 0.5 + kMeridianDays); }

/// The sun's apparent longitude at instant jd, in radians, 0 <= result < 2π.
double sun_longitude(JulianDay jd) {
    const double t = (jd - kJ2000) / kDaysPerJulianCentury;
    const double t2 = t * t;
    const double dr = kRadiansPerDegree;
    const double mean_anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    const double mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    // Equation of the centre: the difference between the true and the mean longitude on the elliptic orbit.
    double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * mean_anomaly);
    centre = centre + (0.019993 - 0.000101 * t) * std::sin(dr * 2 * mean_anomaly) +
             0.000290 * std::sin(dr * 3 * mean_anomaly);
    double longitude = mean_longitude + centre;
    longitude = longitude * dr;
    return longitude - kPi * 2 * std::floor(longitude / (kPi * 2));
}

/// Which 30° sector (0..11, 0 starting at the March equinox) the sun is in at the local midnight that starts day
/// `jdn`. -0.5 goes from noon to midnight UTC, -kMeridianDays from UTC to the UTC+7 midnight.
/// (λ / π · 6 is λ / 2π · 12, kept in the reference's form.)
int sun_sector(int jdn) {
    return floor_to_int(sun_longitude(jdn - 0.5 - kMeridianDays) / kPi * (kSectorsPerCircle / 2));
}

/// The lunation that begins month 11 of solar year `year`: the month in which the December solstice falls.
int month_eleven_lunation(int year) {
    // Estimate the last new moon of the year from the mean lunation, then step back if the sun had already passed
    // the solstice when that month began (the solstice then belongs to the month before).
    const int december_31 = jdn_of(Date{date::year{year}, date::December, date::day{31}});
    const int k = floor_to_int(static_cast<double>(december_31 - kJdnOf1900) / kMeanSynodicMonth);
    if (sun_sector(new_moon_day(k)) >= kDecemberSolsticeSector) return k - 1;
    return k;
}

/// The months from month 11 of solar year `year` up to (not including) the next month 11: a "solstice year". Each
/// lunar year is split over two of them: its months 1..10 (and a leap 10) end one cycle, its months 11 and 12
/// (and a leap 11 or 12) start the next.
struct Cycle {
    int year = 0;         ///< solar year of the month 11 that opens the cycle
    int month_count = 0;  ///< 12 or 13
    int leap_offset = kNoLeap;
    /// JDN of the first day of the month at each offset (0 = month 11); starts[month_count] is the next month 11.
    std::array<int, kMaxMonthsPerCycle + 1> starts{};

    [[nodiscard]] bool has_leap() const { return leap_offset != kNoLeap; }
    [[nodiscard]] bool is_leap(int offset) const { return has_leap() && offset == leap_offset; }
};

Cycle make_cycle(int year, int first_lunation, int next_first_lunation) {
    Cycle cycle;
    cycle.year = year;
    cycle.month_count = next_first_lunation - first_lunation;
    assert(cycle.month_count == 12 || cycle.month_count == 13);
    for (int i = 0; i <= cycle.month_count; ++i) {
        cycle.starts[static_cast<std::size_t>(i)] = new_moon_day(first_lunation + i);
    }
    if (cycle.month_count == kMaxMonthsPerCycle) {
        // Over 13 months the sun goes once round, 12 sectors, so at least one month sees no sector boundary. Month
        // 11 (offset 0) always contains the solstice; the leap month is the first month without a major term.
        int previous = sun_sector(cycle.starts[1]);
        for (int i = 1; i < cycle.month_count && !cycle.has_leap(); ++i) {
            const int next = sun_sector(cycle.starts[static_cast<std::size_t>(i + 1)]);
            if (next == previous) cycle.leap_offset = i;
            previous = next;
        }
        assert(cycle.has_leap());
    }
    return cycle;
}

std::vector<Cycle> make_cycles() {
    std::vector<Cycle> cycles;
    cycles.reserve(static_cast<std::size_t>(kLastCycleYear - kFirstCycleYear + 1));
    int first = month_eleven_lunation(kFirstCycleYear);
    for (int year = kFirstCycleYear; year <= kLastCycleYear; ++year) {
        const int next = month_eleven_lunation(year + 1);
        cycles.push_back(make_cycle(year, first, next));
        first = next;
    }
    return cycles;
}

/// The cycle that starts in solar year `year` (kFirstCycleYear..kLastCycleYear). The whole table (about 300
/// cycles, 20 KB) is computed once, on first use; a function-local static is initialised thread-safely and is
/// read-only afterwards, so concurrent callers need no lock.
const Cycle& cycle_of(int year) {
    static const std::vector<Cycle> cycles = make_cycles();
    assert(year >= kFirstCycleYear && year <= kLastCycleYear);
    return cycles[static_cast<std::size_t>(year - kFirstCycleYear)];
}

/// Month number (1..12) of the month at `offset` in `cycle`: counted from 11, with the leap month repeating the
/// number before it.
unsigned month_number(const Cycle& cycle, int offset) {
    const int skipped = (cycle.has_leap() && offset >= cycle.leap_offset) ? 1 : 0;
    return static_cast<unsigned>((10 + offset - skipped) % 12 + 1);
}

tl::unexpected<Error> out_of_range(std::string what) {
    return fail(ErrorKind::invalid_argument,
                what + " is outside the supported range " + format_date(kFirstSupportedDate) + ".." +
                    format_date(kLastSupportedDate),
                "", "date_out_of_range");
}

tl::unexpected<Error> invalid_lunar_date(std::string message) {
    return fail(ErrorKind::invalid_argument, std::move(message), "", "invalid_lunar_date");
}

std::string describe(int year, unsigned month, bool leap) {
    return "lunar month " + std::to_string(month) + (leap ? " (leap)" : "") + " of " + std::to_string(year);
}

/// Where a lunar month sits: its cycle and offset. Errors as documented for to_solar, except the day checks.
struct MonthSlot {
    const Cycle* cycle = nullptr;
    int offset = 0;
    [[nodiscard]] int first_day() const { return cycle->starts[static_cast<std::size_t>(offset)]; }
    [[nodiscard]] int length() const { return cycle->starts[static_cast<std::size_t>(offset + 1)] - first_day(); }
};

Result<MonthSlot> locate_month(int year, unsigned month, bool leap) {
    if (month < 1 || month > 12) return invalid_lunar_date("lunar month " + std::to_string(month) + " is not 1..12");
    if (year < kFirstLunarYear || year > kLunarLastYear) return out_of_range("lunar year " + std::to_string(year));
    const bool late = month >= 11;  // months 11 and 12 open the cycle of the same year; the others close the last
    const Cycle& cycle = cycle_of(late ? year : year - 1);
    // Offset the month would have if no leap month came before it: 11 -> 0, 12 -> 1, 1 -> 2 ... 10 -> 11.
    const int plain = static_cast<int>(late ? month - 11 : month + 1);
    if (leap) {
        if (!cycle.is_leap(plain + 1)) return invalid_lunar_date(describe(year, month, true) + " does not exist");
        return MonthSlot{&cycle, cycle.leap_offset};
    }
    const bool after_leap = cycle.has_leap() && plain >= cycle.leap_offset;
    return MonthSlot{&cycle, after_leap ? plain + 1 : plain};
}

}  // namespace

Result<LunarDate> to_lunar(Date solar) {
    if (!solar.ok()) return fail(ErrorKind::invalid_argument, "not a calendar date", "", "invalid_date");
    if (solar < kFirstSupportedDate || solar > kLastSupportedDate) return out_of_range("date " + format_date(solar));

    const int day = jdn_of(solar);
    const int year = static_cast<int>(solar.year());
    // Before this year's month 11 begins, the day belongs to the cycle opened by last year's month 11.
    const Cycle* cycle = &cycle_of(year);
    if (day < cycle->starts[0]) cycle = &cycle_of(year - 1);

    const auto first = cycle->starts.begin();
    const auto last = first + cycle->month_count;
    const int offset = static_cast<int>(std::upper_bound(first, last, day) - first) - 1;
    assert(offset >= 0 && offset < cycle->month_count);

    LunarDate lunar;
    lunar.month = month_number(*cycle, offset);
    lunar.leap = cycle->is_leap(offset);
    lunar.day = static_cast<unsigned>(day - cycle->starts[static_cast<std::size_t>(offset)] + 1);
    // Months 11 and 12 belong to the lunar year of the solstice; months 1..10 to the next one, whose Tết they follow.
    lunar.year = lunar.month >= 11 ? cycle->year : cycle->year + 1;
    return lunar;
}

Result<Date> to_solar(LunarDate lunar) {
    if (lunar.day < 1 || lunar.day > 30) {
        return invalid_lunar_date("lunar day " + std::to_string(lunar.day) + " is not 1..30");
    }
    auto slot = locate_month(lunar.year, lunar.month, lunar.leap);
    if (!slot) return tl::unexpected<Error>(std::move(slot.error()));
    if (static_cast<int>(lunar.day) > slot->length()) {
        return invalid_lunar_date(describe(lunar.year, lunar.month, lunar.leap) + " has only " +
                                  std::to_string(slot->length()) + " days");
    }
    const Date solar = date_of_jdn(slot->first_day() + static_cast<int>(lunar.day) - 1);
    if (solar < kFirstSupportedDate || solar > kLastSupportedDate) {
        return out_of_range("solar date " + format_date(solar) + " of that lunar date");
    }
    return solar;
}

Result<int> lunar_month_length(int year, unsigned month, bool leap) {
    auto slot = locate_month(year, month, leap);
    if (!slot) return tl::unexpected<Error>(std::move(slot.error()));
    // A month is supported when at least one of its days is (lunar 1899/12 starts on 1900-01-01).
    const int first = slot->first_day();
    const int last = first + slot->length() - 1;
    if (last < jdn_of(kFirstSupportedDate) || first > jdn_of(kLastSupportedDate)) {
        return out_of_range(describe(year, month, leap));
    }
    return slot->length();
}

Result<unsigned> leap_month_of(int lunar_year) {
    if (lunar_year < kFirstLunarYear || lunar_year > kLunarLastYear) {
        return out_of_range("lunar year " + std::to_string(lunar_year));
    }
    // A leap 1..10 is in the cycle ending with this year's month 10; a leap 11 or 12 right after this year's month
    // 11, at offset 1 or 2 of the next cycle. Never both: two 13-month cycles in a row would put 26 lunations (767
    // days) between two month 11s, which both contain a solstice and so are less than 761 days apart.
    const Cycle& closing = cycle_of(lunar_year - 1);
    if (closing.leap_offset > 2) return month_number(closing, closing.leap_offset);
    const Cycle& opening = cycle_of(lunar_year);
    if (opening.leap_offset == 1 || opening.leap_offset == 2) return month_number(opening, opening.leap_offset);
    return 0u;
}

}  // namespace motcua::core
