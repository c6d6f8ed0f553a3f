#pragma once
#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// core::CatalogueStore on SQLite (tables agency, procedure_version).
class SqliteCatalogueStore final : public core::CatalogueStore {
public:
    explicit SqliteCatalogueStore(Database& db) : db_(db) {}
    [[nodiscard]] std::vector<core::Agency> agencies() override;
    [[nodiscard]] std::optional<core::Agency> agency(std::string_view code) override;
    [[nodiscard]] std::vector<core::Procedure> procedures() override;
    [[nodiscard]] std::optional<core::Procedure> procedure(std::string_view code, std::optional<int> version) override;
    void save(const std::vector<core::Agency>& agencies, const std::vector<core::Procedure>& new_versions,
              const std::vector<core::AuditRecord>& audit) override;

private:
    Database& db_;
};

}  // namespace motcua::storage
