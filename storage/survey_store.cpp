#include "storage/survey_store.hpp"

#include <map>

#include "storage/audit_log.hpp"
#include "storage/returning.hpp"

namespace motcua::storage {
namespace {

constexpr InsertReturningId kInsertResponse{
    "INSERT INTO survey_response (survey_id, survey_version, channel, dossier_code, agency, procedure_code, "
    "submitted_at, entered_by, expectations_valid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id"};
constexpr std::string_view kInsertAnswer =
    "INSERT INTO survey_answer (response_id, criterion, state, value) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kInsertExpectation =
    "INSERT INTO survey_expectation (response_id, position, option) VALUES (?1, ?2, ?3)";
constexpr std::string_view kResponses =
    "SELECT id, survey_id, survey_version, channel, dossier_code, agency, procedure_code, submitted_at, entered_by, "
    "expectations_valid FROM survey_response WHERE submitted_at >= ?1 AND submitted_at < ?2 ORDER BY submitted_at, id";
constexpr std::string_view kAnswers =
    "SELECT a.response_id, a.criterion, a.state, a.value FROM survey_answer a "
    "JOIN survey_response r ON r.id = a.response_id WHERE r.submitted_at >= ?1 AND r.submitted_at < ?2";
constexpr std::string_view kExpectations =
    "SELECT x.response_id, x.option FROM survey_expectation x "
    "JOIN survey_response r ON r.id = x.response_id WHERE r.submitted_at >= ?1 AND r.submitted_at < ?2 "
    "ORDER BY x.response_id, x.position";
constexpr std::string_view kHasResponse = "SELECT 1 FROM survey_response WHERE dossier_code = ?1";

template <typename T>
T must(core::Result<T> r, std::string_view what) {
    if (!r) throw StorageError(0, "damaged survey data (" + std::string(what) + "): " + r.error().message);
    return std::move(*r);
}

std::optional<std::string> non_empty(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
}

}  // namespace

core::Result<std::int64_t> SqliteSurveyStore::add_response(const core::SurveyResponse& r,
                                                           const core::AuditRecord& audit) {
    Transaction tx(db_);
    std::int64_t id = 0;
    try {
        id = inserted_id(db_, kInsertResponse.prepare(db_)
            .bind(1, r.survey_id)
            .bind(2, r.survey_version)
            .bind(3, core::to_string(r.channel))
            .bind(4, non_empty(r.dossier_code))
            .bind(5, non_empty(r.agency))
            .bind(6, non_empty(r.procedure_code))
            .bind(7, core::format_instant_utc(r.submitted_at))
            .bind(8, non_empty(r.entered_by))
            .bind(9, r.expectations_valid ? 1 : 0));
    } catch (const StorageError& e) {
        if (is_unique_violation(e))
            return core::fail(core::ErrorKind::already_exists, "this dossier already has a survey response",
                              "dossier_code", "already_responded");
        throw;
    }
    Statement answer = db_.prepare(kInsertAnswer);
    for (const core::SurveyAnswer& a : r.answers) {
        answer.bind(1, id).bind(2, a.criterion).bind(3, core::to_string(a.state)).bind(4, a.value);
        answer.run();
        answer.reset();
    }
    Statement expectation = db_.prepare(kInsertExpectation);
    for (std::size_t i = 0; i < r.expectations.size(); ++i) {
        expectation.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, r.expectations[i]);
        expectation.run();
        expectation.reset();
    }
    core::AuditRecord with_id = audit;
    with_id.detail.emplace_back("response_id", std::to_string(id));
    append_audit(db_, with_id);
    tx.commit();
    return id;
}

std::vector<core::SurveyResponse> SqliteSurveyStore::responses(core::Timestamp from, core::Timestamp to) {
    const std::string f = core::format_instant_utc(from), t = core::format_instant_utc(to);
    std::vector<core::SurveyResponse> out;
    std::map<std::int64_t, std::size_t> index;
    Statement s = db_.prepare(kResponses);
    s.bind(1, f).bind(2, t);
    while (s.step()) {
        core::SurveyResponse r;
        r.id = s.int64(0);
        r.survey_id = s.text(1);
        r.survey_version = s.int32(2);
        r.channel = must(core::parse_survey_channel(s.text(3)), "channel");
        r.dossier_code = s.optional_text(4).value_or("");
        r.agency = s.optional_text(5).value_or("");
        r.procedure_code = s.optional_text(6).value_or("");
        r.submitted_at = must(core::parse_instant(s.text(7)), "submitted_at");
        r.entered_by = s.optional_text(8).value_or("");
        r.expectations_valid = s.int64(9) != 0;
        index[r.id] = out.size();
        out.push_back(std::move(r));
    }
    Statement a = db_.prepare(kAnswers);
    a.bind(1, f).bind(2, t);
    while (a.step()) {
        auto it = index.find(a.int64(0));
        if (it == index.end()) continue;
        core::SurveyAnswer answer{a.text(1), must(core::parse_answer_state(a.text(2)), "state"), std::nullopt};
        if (!a.is_null(3)) answer.value = a.int64(3);
        out[it->second].answers.push_back(std::move(answer));
    }
    Statement x = db_.prepare(kExpectations);
    x.bind(1, f).bind(2, t);
    while (x.step())
        if (auto it = index.find(x.int64(0)); it != index.end()) out[it->second].expectations.push_back(x.text(1));
    return out;
}

bool SqliteSurveyStore::has_response(std::string_view dossier_code) {
    Statement s = db_.prepare(kHasResponse);
    s.bind(1, dossier_code);
    return s.step();
}

}  // namespace motcua::storage
