#pragma once
#include <vector>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// core::EvaluationStore on SQLite (tables dossier_rating, dossier_evaluation; schema 0006).
class SqliteEvaluationStore final : public core::EvaluationStore {
public:
    explicit SqliteEvaluationStore(Database& db) : db_(db) {}
    [[nodiscard]] core::Status add_rating(const core::DossierRating& rating, const core::AuditRecord& audit) override;
    [[nodiscard]] std::optional<core::DossierRating> rating(std::string_view dossier_code) override;
    [[nodiscard]] std::vector<core::DossierRating> ratings(core::Timestamp from, core::Timestamp to) override;
    void save_evaluation(const core::StoredEvaluation& evaluation, const core::AuditRecord& audit) override;
    [[nodiscard]] std::vector<core::StoredEvaluation> evaluations(std::string_view dossier_code) override;
    [[nodiscard]] std::vector<core::StoredEvaluation> evaluations_between(core::EvaluationKind kind, core::Timestamp from,
                                                                        core::Timestamp to) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
