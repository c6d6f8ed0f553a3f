#pragma once
#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// core::CalendarStore on SQLite (tables calendar_notice, calendar_entry).
class SqliteCalendarStore final : public core::CalendarStore {
public:
    explicit SqliteCalendarStore(Database& db) : db_(db) {}
    [[nodiscard]] std::vector<core::StoredNotice> notices() override;
    void replace_notice(const core::YearNotice& notice, core::NoticeSource source,
                        const core::AuditRecord& audit) override;
    [[nodiscard]] std::int64_t revision() override;

private:
    Database& db_;
};

}  // namespace motcua::storage
