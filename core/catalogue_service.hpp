#pragma once
// Catalogue administration: importing agencies and procedures (a changed procedure becomes a new version; an
// unchanged one is left alone), and reading the public catalogue.
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/ports.hpp"

namespace motcua::core {

struct Catalogue {
    std::vector<Agency> agencies;
    std::vector<Procedure> procedures;
};

struct CatalogueImport {
    int agencies_written = 0;
    int procedures_new = 0;      ///< first version of a code
    int procedures_changed = 0;  ///< a new version of an existing code
    int procedures_unchanged = 0;
};

struct ProcedureQuery {
    std::string text;    ///< matched against code and name, case-insensitively for ASCII
    std::string field;   ///< exact field name
    std::string agency;  ///< resolving agency code
};

class CatalogueService final {
public:
    CatalogueService(CatalogueStore& store, const Clock& clock) : store_(store), clock_(clock) {}

    /// Validates everything first (every agency, every procedure, parents and resolving/step agencies must exist in
    /// the file or the store), then writes in one transaction. Nothing is written when anything is wrong.
    [[nodiscard]] Result<CatalogueImport> import(const Catalogue& catalogue, const std::string& actor);

    [[nodiscard]] std::vector<Agency> agencies() { return store_.agencies(); }
    [[nodiscard]] std::vector<Procedure> procedures(const ProcedureQuery& query);
    /// A procedure's newest version, or the given one.
    [[nodiscard]] Result<Procedure> procedure(std::string_view code, std::optional<int> version = {});
    [[nodiscard]] Catalogue export_all();

private:
    CatalogueStore& store_;
    const Clock& clock_;
};

}  // namespace motcua::core
