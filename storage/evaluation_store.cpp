#include "storage/evaluation_store.hpp"

#include "storage/audit_log.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kInsertRating =
    "INSERT INTO dossier_rating (dossier_code, agency, procedure_code, level, comment, rated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kRatingByCode =
    "SELECT dossier_code, agency, procedure_code, level, comment, rated_at FROM dossier_rating WHERE dossier_code = ?1";
constexpr std::string_view kRatings =
    "SELECT dossier_code, agency, procedure_code, level, comment, rated_at FROM dossier_rating "
    "WHERE rated_at >= ?1 AND rated_at < ?2 ORDER BY rated_at, dossier_code";
constexpr std::string_view kSaveEvaluation =
    "INSERT INTO dossier_evaluation (dossier_code, kind, i1, i2, i3, i4, i5, i6, i7, i8, i9, total, band, "
    "rules_version, entered_by, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
    "?16) ON CONFLICT (dossier_code, kind) DO UPDATE SET i1 = ?3, i2 = ?4, i3 = ?5, i4 = ?6, i5 = ?7, i6 = ?8, "
    "i7 = ?9, i8 = ?10, i9 = ?11, total = ?12, band = ?13, rules_version = ?14, entered_by = ?15, entered_at = ?16";
constexpr std::string_view kEvaluations =
    "SELECT e.dossier_code, e.kind, e.i1, e.i2, e.i3, e.i4, e.i5, e.i6, e.i7, e.i8, e.i9, e.total, e.band, "
    "e.rules_version, e.entered_by, e.entered_at, d.agency, d.procedure_code FROM dossier_evaluation e "
    "JOIN dossier d ON d.code = e.dossier_code WHERE e.dossier_code = ?1 ORDER BY e.kind DESC";
constexpr std::string_view kEvaluationsBetween =
    "SELECT e.dossier_code, e.kind, e.i1, e.i2, e.i3, e.i4, e.i5, e.i6, e.i7, e.i8, e.i9, e.total, e.band, "
    "e.rules_version, e.entered_by, e.entered_at, d.agency, d.procedure_code FROM dossier_evaluation e "
    "JOIN dossier d ON d.code = e.dossier_code WHERE e.kind = ?1 AND e.entered_at >= ?2 AND e.entered_at < ?3 "
    "ORDER BY e.entered_at, e.dossier_code";

template <typename T>
T must(core::Result<T> r, std::string_view what) {
    if (!r) throw StorageError(0, "damaged evaluation data (" + std::string(what) + "): " + r.error().message);
    return std::move(*r);
}

core::DossierRating read_rating(const Statement& s) {
    return core::DossierRating{s.text(0), s.text(1), s.text(2), must(core::parse_rating_level(s.text(3)), "level"),
                               s.text(4), must(core::parse_instant(s.text(5)), "rated_at")};
}

}  // namespace

core::Status SqliteEvaluationStore::add_rating(const core::DossierRating& r, const core::AuditRecord& audit) {
    Transaction tx(db_);
    try {
        db_.prepare(kInsertRating)
            .bind(1, r.dossier_code)
            .bind(2, r.agency)
            .bind(3, r.procedure_code)
            .bind(4, core::to_string(r.level))
            .bind(5, r.comment)
            .bind(6, core::format_instant_utc(r.rated_at))
            .run();
    } catch (const StorageError& e) {
        if (is_unique_violation(e))
            return core::fail(core::ErrorKind::already_exists, "this dossier has already been rated", "code",
                              "already_rated");
        throw;
    }
    append_audit(db_, audit);
    tx.commit();
    return {};
}

std::optional<core::DossierRating> SqliteEvaluationStore::rating(std::string_view dossier_code) {
    Statement s = db_.prepare(kRatingByCode);
    s.bind(1, dossier_code);
    if (!s.step()) return std::nullopt;
    return read_rating(s);
}

std::vector<core::DossierRating> SqliteEvaluationStore::ratings(core::Timestamp from, core::Timestamp to) {
    std::vector<core::DossierRating> out;
    Statement s = db_.prepare(kRatings);
    s.bind(1, core::format_instant_utc(from)).bind(2, core::format_instant_utc(to));
    while (s.step()) out.push_back(read_rating(s));
    return out;
}

void SqliteEvaluationStore::save_evaluation(const core::StoredEvaluation& e, const core::AuditRecord& audit) {
    Transaction tx(db_);
    Statement s = db_.prepare(kSaveEvaluation);
    s.bind(1, e.dossier_code).bind(2, core::to_string(e.kind));
    for (std::size_t i = 0; i < e.scores.size(); ++i) s.bind(static_cast<int>(i) + 3, e.scores[i].value_or(0));
    s.bind(12, e.total).bind(13, e.band).bind(14, e.rules_version).bind(15, e.entered_by);
    s.bind(16, core::format_instant_utc(e.entered_at));
    s.run();
    append_audit(db_, audit);
    tx.commit();
}

namespace {

core::StoredEvaluation read_evaluation(const Statement& s) {
    core::StoredEvaluation e;
    e.dossier_code = s.text(0);
    e.kind = must(core::parse_evaluation_kind(s.text(1)), "kind");
    for (std::size_t i = 0; i < e.scores.size(); ++i) e.scores[i] = s.int32(static_cast<int>(i) + 2);
    e.total = s.int32(11);
    e.band = s.text(12);
    e.rules_version = s.text(13);
    e.entered_by = s.text(14);
    e.entered_at = must(core::parse_instant(s.text(15)), "entered_at");
    e.agency = s.text(16);
    e.procedure_code = s.text(17);
    return e;
}

}  // namespace

std::vector<core::StoredEvaluation> SqliteEvaluationStore::evaluations_between(core::EvaluationKind kind,
                                                                               core::Timestamp from,
                                                                               core::Timestamp to) {
    std::vector<core::StoredEvaluation> out;
    Statement s = db_.prepare(kEvaluationsBetween);
    s.bind(1, core::to_string(kind)).bind(2, core::format_instant_utc(from)).bind(3, core::format_instant_utc(to));
    while (s.step()) out.push_back(read_evaluation(s));
    return out;
}

std::vector<core::StoredEvaluation> SqliteEvaluationStore::evaluations(std::string_view dossier_code) {
    std::vector<core::StoredEvaluation> out;
    Statement s = db_.prepare(kEvaluations);
    s.bind(1, dossier_code);
    while (s.step()) {
        out.push_back(read_evaluation(s));
    }
    return out;
}

}  // namespace motcua::storage
