#pragma once
#include <map>
#include <utility>

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
    // Procedure versions are written once and never changed (new rules are a new version), so a version read by
    // code and number is kept: the citizen's lookup names one on every request. One store per connection and thread.
    std::map<std::pair<std::string, int>, core::Procedure, std::less<>> versions_;
};

}  // namespace motcua::storage
