#include "core/time.hpp"

#include <array>
#include <cstdio>

namespace motcua::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `count` decimal digits at `pos`; false if any is not a digit.
bool read_number(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!is_digit(s[i])) return false;
        value = value * 10 + (s[i] - '0');
    }
    out = value;
    return true;
}

bool read_date(std::string_view s, Date& out) {
    int y = 0, m = 0, d = 0;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
    if (!read_number(s, 0, 4, y) || !read_number(s, 5, 2, m) || !read_number(s, 8, 2, d)) return false;
    Date ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return false;
    out = ymd;
    return true;
}

// HH:MM[:SS] at `pos`; returns the number of characters read, 0 on failure.
std::size_t read_clock(std::string_view s, std::size_t pos, bool allow_seconds, seconds& out) {
    int h = 0, m = 0, sec = 0;
    if (!read_number(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !read_number(s, pos + 3, 2, m))
        return 0;
    std::size_t used = 5;
    if (allow_seconds && pos + 5 < s.size() && s[pos + 5] == ':') {
        if (!read_number(s, pos + 6, 2, sec)) return 0;
        used = 8;
    }
    if (h > 23 || m > 59 || sec > 59) return 0;
    out = hours{h} + minutes{m} + seconds{sec};
    return used;
}

// The text a client sent, for an error message: quoted, and cut at 40 bytes (on a UTF-8 character boundary) so
// that a long or hostile value does not come back whole.
std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 40;
    if (text.size() <= kShown) return "\"" + std::string(text) + "\"";
    std::size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + std::string(text.substr(0, cut)) + "\"... (" + std::to_string(text.size()) + " bytes)";
}

std::string two(unsigned v) {
    std::array<char, 4> buf{};
    std::snprintf(buf.data(), buf.size(), "%02u", v % 100u);
    return buf.data();
}

void put_digits(char* out, unsigned value, int count) {
    for (int i = count - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10u);
        value /= 10u;
    }
}

// "YYYY-MM-DDTHH:MM:SS" followed by `suffix`, written into one buffer: instants are formatted for every stored row and
// every JSON answer (the citizen's lookup formats about twenty), so no snprintf and no temporary strings here.
std::string format_wall_seconds(LocalTime t, std::string_view suffix) {
    const auto day = date::floor<date::days>(t);
    const Date ymd{day};
    const auto secs = static_cast<unsigned>((t - day).count());
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {  // outside what four digits hold: the general (slower) path
        std::array<char, 48> buf{};
        std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02u:%02u:%02u", year, static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()), secs / 3600u, secs / 60u % 60u, secs % 60u);
        return std::string(buf.data()) + std::string(suffix);
    }
    std::string out(19 + suffix.size(), '\0');
    char* p = out.data();
    put_digits(p, static_cast<unsigned>(year), 4);
    p[4] = '-';
    put_digits(p + 5, static_cast<unsigned>(ymd.month()), 2);
    p[7] = '-';
    put_digits(p + 8, static_cast<unsigned>(ymd.day()), 2);
    p[10] = 'T';
    put_digits(p + 11, secs / 3600u, 2);
    p[13] = ':';
    put_digits(p + 14, secs / 60u % 60u, 2);
    p[16] = ':';
    put_digits(p + 17, secs % 60u, 2);
    suffix.copy(p + 19, suffix.size());
    return out;
}

}  // namespace

Result<Date> parse_date(std::string_view text, std::string_view field) {
    Date d;
    if (text.size() != 10 || !read_date(text, d))
        return fail(ErrorKind::invalid_argument, "expected a calendar date YYYY-MM-DD, got " + quoted(text),
                    std::string(field), "invalid_date");
    return d;
}

Result<TimeOfDay> parse_time_of_day(std::string_view text, std::string_view field) {
    seconds s{};
    if (text.size() != 5 || read_clock(text, 0, false, s) != 5)
        return fail(ErrorKind::invalid_argument, "expected a time of day HH:MM, got " + quoted(text),
                    std::string(field), "invalid_time");
    return TimeOfDay{std::chrono::duration_cast<minutes>(s)};
}

Result<LocalTime> parse_local_datetime(std::string_view text, std::string_view field) {
    Date d;
    seconds s{};
    if (text.size() < 16 || !read_date(text, d) || (text[10] != 'T' && text[10] != ' ') ||
        read_clock(text, 11, true, s) + 11 != text.size())
        return fail(ErrorKind::invalid_argument,
                    "expected a local date and time YYYY-MM-DDTHH:MM, got " + quoted(text),
                    std::string(field), "invalid_datetime");
    return LocalTime{DayNumber{d}} + s;
}

Result<Timestamp> parse_instant(std::string_view text, std::string_view field) {
    auto bad = [&] {
        return fail(ErrorKind::invalid_argument,
                    "expected an RFC 3339 date-time such as 2026-03-02T09:15:00+07:00, got " + quoted(text),
                    std::string(field), "invalid_datetime");
    };
    Date d;
    seconds s{};
    if (text.size() < 16 || !read_date(text, d) || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
        return bad();
    std::size_t used = read_clock(text, 11, true, s);
    if (used == 0) return bad();
    std::size_t pos = 11 + used;
    if (pos < text.size() && text[pos] == '.') {  // fractional seconds: truncated
        ++pos;
        std::size_t start = pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        if (pos == start) return bad();
    }
    const LocalTime wall = LocalTime{DayNumber{d}} + s;
    if (pos == text.size()) return to_utc(wall);  // no offset: office time
    if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return Timestamp{wall.time_since_epoch()};
    if (text[pos] != '+' && text[pos] != '-') return bad();
    int oh = 0, om = 0;
    if (pos + 6 != text.size() || !read_number(text, pos + 1, 2, oh) || text[pos + 3] != ':' ||
        !read_number(text, pos + 4, 2, om) || oh > 23 || om > 59)
        return bad();
    const minutes offset = hours{oh} + minutes{om};
    return Timestamp{wall.time_since_epoch() - (text[pos] == '+' ? offset : -offset)};
}

std::string format_date(Date d) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf.data();
}

std::string format_time_of_day(TimeOfDay t) {
    const auto total = static_cast<unsigned>(t.since_midnight.count());
    return two(total / 60u) + ":" + two(total % 60u);
}

std::string format_local_minute(LocalTime t) {
    return format_date(date_of(t)) + "T" + format_time_of_day(time_of(t));
}

std::string format_instant(Timestamp t) { return format_wall_seconds(to_local(t), "+07:00"); }

std::string format_instant_utc(Timestamp t) { return format_wall_seconds(LocalTime{t.time_since_epoch()}, "Z"); }

}  // namespace motcua::core
