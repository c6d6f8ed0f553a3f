#include "storage/catalogue_store.hpp"

#include "storage/audit_log.hpp"
#include "storage/codec.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kGeneration = "SELECT generation FROM catalogue_generation WHERE id = 1";
constexpr std::string_view kAgencies = "SELECT code, name, level, parent, office_hours FROM agency ORDER BY code";
constexpr std::string_view kAgency = "SELECT code, name, level, parent, office_hours FROM agency WHERE code = ?1";
constexpr std::string_view kUpsertAgency =
    "INSERT INTO agency (code, name, level, parent, office_hours) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent, "
    "office_hours = excluded.office_hours";
constexpr std::string_view kProcedureLatest =
    "SELECT code, version, name, field, agency, duration_unit, duration_value, body FROM procedure_version "
    "WHERE code = ?1 ORDER BY version DESC LIMIT 1";
constexpr std::string_view kProcedureVersion =
    "SELECT code, version, name, field, agency, duration_unit, duration_value, body FROM procedure_version "
    "WHERE code = ?1 AND version = ?2";
constexpr std::string_view kLatestProcedures =
    "SELECT p.code, p.version, p.name, p.field, p.agency, p.duration_unit, p.duration_value, p.body "
    "FROM procedure_version p WHERE p.version = (SELECT max(version) FROM procedure_version q WHERE q.code = p.code) "
    "ORDER BY p.code";
constexpr std::string_view kInsertProcedure =
    "INSERT INTO procedure_version (code, version, name, field, agency, duration_unit, duration_value, body, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

core::Agency read_agency(const Statement& s) {
    core::Agency a;
    a.code = s.text(0);
    a.name = s.text(1);
    if (auto level = core::parse_agency_level(s.text(2))) a.level = *level;
    a.parent = s.optional_text(3).value_or("");
    auto hours = core::OfficeHours::parse(s.text(4));
    if (!hours) throw StorageError(0, "damaged office hours for agency " + a.code);
    a.office_hours = *hours;
    return a;
}

core::Procedure read_procedure(const Statement& s) {
    core::Procedure p;
    p.code = s.text(0);
    p.version = s.int32(1);
    p.name = s.text(2);
    p.field = s.text(3);
    p.agency = s.text(4);
    if (s.text(5) == "days") p.duration = core::WorkingDays{s.int32(6)};
    else p.duration = core::WorkingHours{s.int32(6)};
    decode_procedure_body(s.text(7), p);
    return p;
}

}  // namespace

bool SqliteCatalogueStore::same_generation() {
    Statement s = db_.prepare(kGeneration);
    std::optional<std::int64_t> now;
    if (s.step()) now = s.int64(0);
    if (now && now == generation_) return true;
    agencies_.reset();
    latest_.clear();
    generation_ = now;  // a missing row keeps nothing: every call reads the tables, as before schema 0030
    return false;
}

std::vector<core::Agency> SqliteCatalogueStore::agencies() {
    if (same_generation() && agencies_) return *agencies_;
    std::vector<core::Agency> out;
    Statement s = db_.prepare(kAgencies);
    while (s.step()) out.push_back(read_agency(s));
    if (generation_) agencies_ = out;
    return out;
}

std::optional<core::Agency> SqliteCatalogueStore::agency(std::string_view code) {
    if (same_generation() && agencies_) {
        for (const core::Agency& a : *agencies_)
            if (a.code == code) return a;
        return std::nullopt;
    }
    Statement s = db_.prepare(kAgency);
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return read_agency(s);
}

std::vector<core::Procedure> SqliteCatalogueStore::procedures() {
    std::vector<core::Procedure> out;
    Statement s = db_.prepare(kLatestProcedures);
    while (s.step()) out.push_back(read_procedure(s));
    return out;
}

std::optional<core::Procedure> SqliteCatalogueStore::procedure(std::string_view code, std::optional<int> version) {
    if (!version) {
        if (same_generation())
            if (auto it = latest_.find(code); it != latest_.end()) return it->second;
        Statement s = db_.prepare(kProcedureLatest);
        s.bind(1, code);
        if (!s.step()) return std::nullopt;
        core::Procedure p = read_procedure(s);
        if (generation_) latest_.insert_or_assign(p.code, p);
        return p;
    }
    if (auto it = versions_.find(std::pair<std::string, int>(code, *version));
        it != versions_.end() && it->second.committed)
        return it->second.procedure;
    Statement s = db_.prepare(kProcedureVersion);
    s.bind(1, code).bind(2, *version);
    if (!s.step()) return std::nullopt;
    // Every stored column but the key, with separators no column holds, to tell a changed row.
    std::string row;
    for (int column = 2; column <= 7; ++column) (row += s.text(column)) += '\x1f';
    const bool committed = db_.in_autocommit();
    auto [it, added] = versions_.try_emplace(std::pair<std::string, int>(s.text(0), s.int32(1)));
    CachedVersion& cached = it->second;
    if (added || cached.row != row) cached = CachedVersion{std::move(row), read_procedure(s), committed};
    else cached.committed = cached.committed || committed;
    return cached.procedure;
}

void SqliteCatalogueStore::save(const std::vector<core::Agency>& agencies,
                                const std::vector<core::Procedure>& new_versions,
                                const std::vector<core::AuditRecord>& audit) {
    Transaction tx(db_);
    // Parents may come later in the list than their children: insert without parents first, then set them.
    Statement upsert = db_.prepare(kUpsertAgency);
    for (int pass = 0; pass < 2; ++pass) {
        for (const core::Agency& a : agencies) {
            upsert.bind(1, a.code).bind(2, a.name).bind(3, core::to_string(a.level));
            if (pass == 1 && !a.parent.empty()) upsert.bind(4, a.parent);
            else upsert.bind_null(4);
            upsert.bind(5, a.office_hours.to_string());
            upsert.run();
        }
    }
    Statement insert = db_.prepare(kInsertProcedure);
    const std::string now = audit.empty() ? std::string() : core::format_instant_utc(audit.front().at);
    for (const core::Procedure& p : new_versions) {
        const bool days = std::holds_alternative<core::WorkingDays>(p.duration);
        insert.bind(1, p.code)
            .bind(2, p.version)
            .bind(3, p.name)
            .bind(4, p.field)
            .bind(5, p.agency)
            .bind(6, days ? "days" : "hours")
            .bind(7, days ? std::get<core::WorkingDays>(p.duration).count : std::get<core::WorkingHours>(p.duration).count)
            .bind(8, encode_procedure_body(p))
            .bind(9, now);
        insert.run();
    }
    for (const core::AuditRecord& r : audit) append_audit(db_, r);
    tx.commit();
}

}  // namespace motcua::storage
