#pragma once
// Interfaces core needs from the outside world. Implementations live in storage/ (SQLite) and app/ (system clock);
// they are wired together only in app/main.cpp.
#include <string>
#include <utility>
#include <vector>

#include "core/holidays.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// Where "now" comes from. Production uses the system clock; tests use a fixed one.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Timestamp now() const = 0;
};

/// One state change, as the audit log records it. `detail` is a flat list of named values (storage encodes it).
struct AuditRecord {
    Timestamp at;
    std::string actor;    ///< a username, or "system"
    std::string action;   ///< dotted verb, e.g. "calendar.notice_loaded"
    std::string subject;  ///< what changed, e.g. "calendar:2026:" or a dossier code
    std::vector<std::pair<std::string, std::string>> detail;
};

enum class NoticeSource { shipped, admin };
[[nodiscard]] const char* to_string(NoticeSource source) noexcept;

struct StoredNotice {
    YearNotice notice;
    NoticeSource source = NoticeSource::shipped;
    Timestamp loaded_at;
    std::string loaded_by;
};

/// Persistent yearly notices.
class CalendarStore {
public:
    virtual ~CalendarStore() = default;
    [[nodiscard]] virtual std::vector<StoredNotice> notices() = 0;
    /// Inserts or replaces the notice for (year, agency) and appends `audit`, in one transaction.
    virtual void replace_notice(const YearNotice& notice, NoticeSource source, const AuditRecord& audit) = 0;
};

}  // namespace motcua::core
