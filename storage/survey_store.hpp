#pragma once
#include <vector>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// core::SurveyStore on SQLite (tables survey_response, survey_answer, survey_expectation; schema 0006).
class SqliteSurveyStore final : public core::SurveyStore {
public:
    explicit SqliteSurveyStore(Database& db) : db_(db) {}
    [[nodiscard]] core::Result<std::int64_t> add_response(const core::SurveyResponse& response,
                                                          const core::AuditRecord& audit) override;
    [[nodiscard]] std::vector<core::SurveyResponse> responses(core::Timestamp from, core::Timestamp to) override;
    [[nodiscard]] bool has_response(std::string_view dossier_code) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
