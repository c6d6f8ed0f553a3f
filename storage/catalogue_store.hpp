#pragma once
#include <cstdint>
#include <map>
#include <optional>
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
    // Procedure versions are written once and never changed (new rules are a new version), so a decoded version is
    // kept: the citizen's lookup names one on every request, and every intake reads its procedure's newest one.
    // `row` is the stored columns the entry was decoded from: a row read again is decoded again only if it differs
    // (a version read inside a transaction that was then rolled back, and saved anew with other rules). `committed`
    // entries were read outside any transaction and are answered without reading the row. One store per connection
    // and thread.
    struct CachedVersion {
        std::string row;
        core::Procedure procedure;
        bool committed = false;
    };
    std::map<std::pair<std::string, int>, CachedVersion, std::less<>> versions_;

    // What every intake reads (decision 0047): the agency list (the scope check and the agency) and each
    // procedure's newest version, kept with the catalogue's generation they were read under (schema 0030: a value
    // that changes with every change to either table, by any connection, and is never given again by a change that
    // was rolled back). Each call reads that one row; the kept copy is used while it has not changed, inside a
    // transaction as well as outside, and dropped as soon as it has.
    bool same_generation();
    std::optional<std::int64_t> generation_;  // nullopt: nothing kept (not read yet, or no generation row)
    std::optional<std::vector<core::Agency>> agencies_;
    std::map<std::string, core::Procedure, std::less<>> latest_;
};

}  // namespace motcua::storage
