#include "core/satisfaction_service.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/enum_text.hpp"
#include "core/satisfaction_stats.hpp"

namespace motcua::core {
namespace {


std::string month_of(Timestamp t) { return format_date(date_of(to_local(t))).substr(0, 7); }

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

const char* to_string(SatisfactionGrouping g) noexcept {
    switch (g) {
        case SatisfactionGrouping::agency: return "agency";
        case SatisfactionGrouping::procedure: return "procedure";
        case SatisfactionGrouping::channel: return "channel";
        case SatisfactionGrouping::month: return "month";
    }
    return "?";
}

Result<SatisfactionGrouping> parse_satisfaction_grouping(std::string_view text, std::string_view field) {
    static constexpr std::array values{SatisfactionGrouping::agency, SatisfactionGrouping::procedure,
                                       SatisfactionGrouping::channel, SatisfactionGrouping::month};
    return parse_enum<SatisfactionGrouping>(text, values, field, "group_by");
}

SatisfactionService::SatisfactionService(CatalogueStore& catalogue, DossierService& dossiers, SurveyStore& surveys,
                                         EvaluationStore& evaluations, const Clock& clock,
                                         std::vector<SurveyDefinition> definitions, SatisfactionRules rules)
    : catalogue_(catalogue), dossiers_(dossiers), surveys_(surveys), evaluations_(evaluations), clock_(clock),
      definitions_(std::move(definitions)), index_policy_(rules.indexes), rules_(std::move(rules.evaluation)),
      kiosk_(rules.kiosk) {
    if (definitions_.empty()) throw std::invalid_argument("no survey definition");
    for (const SurveyDefinition& d : definitions_)
        if (auto ok = validate(d); !ok) throw std::invalid_argument("survey " + d.id + ": " + ok.error().message);
}

Result<const SurveyDefinition*> SatisfactionService::survey(std::string_view id) const {
    const SurveyDefinition* best = nullptr;
    for (const SurveyDefinition& d : definitions_)
        if (d.id == id && (!best || d.version > best->version)) best = &d;
    if (!best) return fail(ErrorKind::not_found, "no survey \"" + std::string(id) + "\"", "id", "unknown_survey");
    return best;
}

Status SatisfactionService::admit_kiosk(std::string_view client, Timestamp now) {
    std::lock_guard lock(kiosk_mutex_);
    auto it = kiosk_recent_.find(client);
    if (it == kiosk_recent_.end()) it = kiosk_recent_.emplace(std::string(client), std::deque<Timestamp>{}).first;
    auto& recent = it->second;
    while (!recent.empty() && now - recent.front() >= kiosk_.window) recent.pop_front();
    if (static_cast<int>(recent.size()) >= kiosk_.max_responses)
        return fail(ErrorKind::resource_exhausted, "too many survey responses from this device; try again later", {},
                    "too_many_responses");
    recent.push_back(now);
    // Forget idle addresses now and then so the map does not grow without bound.
    if (kiosk_recent_.size() > 10000)
        std::erase_if(kiosk_recent_, [&](const auto& kv) { return kv.second.empty() || now - kv.second.back() >= kiosk_.window; });
    return {};
}

Result<SurveyResponse> SatisfactionService::submit(std::string_view survey_id, const SurveySubmission& s,
                                                   std::string_view client, const User* staff) {
    auto definition = survey(survey_id);
    if (!definition) return tl::unexpected(definition.error());
    const Timestamp now = clock_.now();
    SurveyResponse r;
    r.channel = s.channel;
    r.submitted_at = now;
    if (auto read = read_answers(**definition, s.answers, s.expectations, r); !read) return tl::unexpected(read.error());

    switch (s.channel) {
        case SurveyChannel::online: {
            auto d = dossiers_.lookup(s.dossier_code, s.key);
            if (!d) return tl::unexpected(d.error());
            if (d->status != DossierStatus::returned)
                return fail(ErrorKind::failed_precondition, "the survey opens when the result has been returned",
                            "dossier_code", "not_returned");
            r.dossier_code = d->code;
            r.agency = d->agency;
            r.procedure_code = d->procedure_code;
            break;
        }
        case SurveyChannel::kiosk: {
            if (!s.dossier_code.empty() || !s.key.empty())
                return fail(ErrorKind::invalid_argument, "kiosk responses are anonymous: send no dossier code or key",
                            "dossier_code", "kiosk_is_anonymous");
            if (!s.agency.empty() && !catalogue_.agency(s.agency))
                return fail(ErrorKind::unprocessable, "no agency with code \"" + s.agency + "\"", "agency",
                            "unknown_agency");
            if (!s.procedure_code.empty() && !catalogue_.procedure(s.procedure_code))
                return fail(ErrorKind::unprocessable, "no procedure with code \"" + s.procedure_code + "\"",
                            "procedure_code", "unknown_procedure");
            if (auto admitted = admit_kiosk(client, now); !admitted) return tl::unexpected(admitted.error());
            r.agency = s.agency;
            r.procedure_code = s.procedure_code;
            break;
        }
        case SurveyChannel::paper: {
            if (!staff)
                return fail(ErrorKind::unauthenticated, "paper forms are entered by staff: log in first", {},
                            "login_required");
            r.entered_by = staff->username;
            if (!s.dossier_code.empty()) {
                auto d = dossiers_.get(s.dossier_code, *staff);
                if (!d) return tl::unexpected(d.error());
                r.dossier_code = d->code;
                r.agency = d->agency;
                r.procedure_code = d->procedure_code;
            } else {
                r.agency = s.agency.empty() ? staff->agency : s.agency;
                const Scope scope(*staff, catalogue_.agencies());
                if (!catalogue_.agency(r.agency))
                    return fail(ErrorKind::unprocessable, "no agency with code \"" + r.agency + "\"", "agency",
                                "unknown_agency");
                if (!scope.covers(r.agency))
                    return fail(ErrorKind::permission_denied, "the agency is outside your scope", "agency",
                                "out_of_scope");
                if (!s.procedure_code.empty() && !catalogue_.procedure(s.procedure_code))
                    return fail(ErrorKind::unprocessable, "no procedure with code \"" + s.procedure_code + "\"",
                                "procedure_code", "unknown_procedure");
                r.procedure_code = s.procedure_code;
            }
            break;
        }
    }
    if (!r.dossier_code.empty() && surveys_.has_response(r.dossier_code))
        return fail(ErrorKind::already_exists, "this dossier already has a survey response", "dossier_code",
                    "already_responded");

    AuditRecord audit{now, staff ? staff->username : std::string("public"), "survey.response_added",
                      r.dossier_code.empty() ? "survey:" + r.survey_id : r.dossier_code,
                      {{"survey", r.survey_id + "@" + std::to_string(r.survey_version)},
                       {"channel", to_string(r.channel)},
                       {"agency", r.agency}}};
    auto id = surveys_.add_response(r, audit);
    if (!id) return tl::unexpected(id.error());
    r.id = *id;
    return r;
}

Result<SatisfactionReport> SatisfactionService::report(const SatisfactionQuery& q, const User& user) {
    if (auto ok = check_report_period(q.period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    const SurveyDefinition& definition = current_survey();
    const std::vector<SurveyResponse> all = surveys_.responses(period_start(q.period), period_end(q.period));

    SatisfactionReport out;
    out.period = q.period;
    out.grouping = q.grouping;
    out.survey = &definition;
    out.policy = index_policy_;
    std::map<std::string, std::vector<const SurveyResponse*>> groups;
    std::vector<const SurveyResponse*> in_scope;
    for (const SurveyResponse& r : all) {
        if (r.agency.empty() ? !scope.all() : !scope.covers(r.agency)) continue;
        in_scope.push_back(&r);
        std::string key;
        switch (q.grouping) {
            case SatisfactionGrouping::agency: key = r.agency; break;
            case SatisfactionGrouping::procedure: key = r.procedure_code; break;
            case SatisfactionGrouping::channel: key = to_string(r.channel); break;
            case SatisfactionGrouping::month: key = month_of(r.submitted_at); break;
        }
        groups[key].push_back(&r);
    }
    for (const auto& [key, rs] : groups) out.rows.push_back(satisfaction_index(definition, rs, index_policy_, key));
    out.total = satisfaction_index(definition, in_scope, index_policy_, "total");
    if (q.grouping == SatisfactionGrouping::agency)
        for (const Agency& a : catalogue_.agencies()) out.names[a.code] = a.name;
    if (q.grouping == SatisfactionGrouping::procedure)
        for (const Procedure& p : catalogue_.procedures()) out.names[p.code] = p.name;
    return out;
}

Result<DossierRating> SatisfactionService::rate(std::string_view code, std::string_view key, RatingLevel level,
                                                std::string comment) {
    auto d = dossiers_.lookup(code, key);
    if (!d) return tl::unexpected(d.error());
    if (code_points(comment) > kMaxRatingComment)
        return fail(ErrorKind::invalid_argument, "the comment is longer than 1000 characters", "comment",
                    "comment_too_long");
    if (d->status != DossierStatus::returned)
        return fail(ErrorKind::failed_precondition, "a dossier can be rated once its result has been returned",
                    "code", "not_returned");
    DossierRating r{d->code, d->agency, d->procedure_code, level, std::move(comment), clock_.now()};
    AuditRecord audit{r.rated_at, "public", "rating.added", r.dossier_code, {{"level", to_string(level)}}};
    if (auto ok = evaluations_.add_rating(r, audit); !ok) return tl::unexpected(ok.error());
    return r;
}

Result<SatisfactionService::PublicState> SatisfactionService::public_state(std::string_view code,
                                                                           std::string_view key) {
    auto d = dossiers_.lookup(code, key);
    if (!d) return tl::unexpected(d.error());
    return PublicState{d->status, evaluations_.rating(d->code), surveys_.has_response(d->code)};
}

Result<RatingReport> SatisfactionService::ratings(const SatisfactionQuery& q, const User& user) {
    if (auto ok = check_report_period(q.period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    RatingReport out;
    out.period = q.period;
    out.total.key = "total";
    std::map<std::string, RatingRow> rows;
    auto add = [](RatingRow& row, RatingLevel level) {
        switch (level) {
            case RatingLevel::very_satisfied: ++row.very_satisfied; break;
            case RatingLevel::satisfied: ++row.satisfied; break;
            case RatingLevel::dissatisfied: ++row.dissatisfied; break;
        }
    };
    for (const DossierRating& r : evaluations_.ratings(period_start(q.period), period_end(q.period))) {
        if (!scope.covers(r.agency)) continue;
        std::string key;
        switch (q.grouping) {
            case SatisfactionGrouping::agency: key = r.agency; break;
            case SatisfactionGrouping::procedure: key = r.procedure_code; break;
            case SatisfactionGrouping::channel: key = "rating"; break;
            case SatisfactionGrouping::month: key = month_of(r.rated_at); break;
        }
        RatingRow& row = rows[key];
        row.key = key;
        add(row, r.level);
        add(out.total, r.level);
    }
    auto finish = [](RatingRow& row) {
        const std::int64_t n = row.very_satisfied + row.satisfied + row.dissatisfied;
        const auto e = wilson(row.very_satisfied + row.satisfied, n);
        row.satisfied_share.n = n;
        if (e) {
            row.satisfied_share.value = e->value * 100;
            row.satisfied_share.low = e->low * 100;
            row.satisfied_share.high = e->high * 100;
        }
    };
    for (auto& [key, row] : rows) {
        finish(row);
        out.rows.push_back(row);
    }
    finish(out.total);
    return out;
}

Result<EvaluationReport> SatisfactionService::evaluation_report(const SatisfactionQuery& q, EvaluationKind kind,
                                                                const User& user) {
    if (auto ok = check_report_period(q.period); !ok) return tl::unexpected(ok.error());
    if (q.grouping == SatisfactionGrouping::channel)
        return fail(ErrorKind::invalid_argument, "scores are grouped by agency, procedure or month", "group_by",
                    "invalid_group_by");
    const Scope scope(user, catalogue_.agencies());
    const std::vector<StoredEvaluation> all =
        evaluations_.evaluations_between(kind, period_start(q.period), period_end(q.period));
    std::map<std::string, std::vector<const StoredEvaluation*>> groups;
    std::vector<const StoredEvaluation*> in_scope;
    for (const StoredEvaluation& e : all) {
        if (!scope.covers(e.agency)) continue;
        in_scope.push_back(&e);
        const std::string key = q.grouping == SatisfactionGrouping::agency      ? e.agency
                                : q.grouping == SatisfactionGrouping::procedure ? e.procedure_code
                                                                                : month_of(e.entered_at);
        groups[key].push_back(&e);
    }
    EvaluationReport out;
    out.period = q.period;
    out.kind = kind;
    for (const auto& [key, scores] : groups) out.rows.push_back(summarise(scores, rules_, key));
    out.total = summarise(in_scope, rules_, "total");
    if (q.grouping == SatisfactionGrouping::agency)
        for (const Agency& a : catalogue_.agencies()) out.names[a.code] = a.name;
    if (q.grouping == SatisfactionGrouping::procedure)
        for (const Procedure& p : catalogue_.procedures()) out.names[p.code] = p.name;
    return out;
}

Result<EvaluationView> SatisfactionService::evaluation(std::string_view code, const User& user) {
    auto d = dossiers_.get(code, user);
    if (!d) return tl::unexpected(d.error());
    EvaluationView v;
    v.derived = derive_indicators(*d, rules_);
    for (StoredEvaluation& e : evaluations_.evaluations(d->code)) {
        if (e.kind == EvaluationKind::self) v.self = std::move(e);
        else v.appraised = std::move(e);
    }
    v.rating = evaluations_.rating(d->code);
    v.survey_answered = surveys_.has_response(d->code);
    v.dossier = std::move(*d);
    return v;
}

Result<StoredEvaluation> SatisfactionService::score(std::string_view code, EvaluationKind kind,
                                                    const std::vector<std::pair<int, int>>& given, const User& user) {
    auto d = dossiers_.get(code, user);
    if (!d) return tl::unexpected(d.error());
    auto e = score_evaluation(*d, kind, given, rules_);
    if (!e) return tl::unexpected(e.error());
    e->entered_by = user.username;
    e->entered_at = clock_.now();
    AuditRecord audit{e->entered_at, user.username, std::string("evaluation.") + to_string(kind), d->code,
                      {{"total", std::to_string(e->total)}, {"band", e->band}, {"rules", e->rules_version}}};
    for (std::size_t i = 0; i < e->scores.size(); ++i)
        audit.detail.emplace_back("i" + std::to_string(i + 1), std::to_string(*e->scores[i]));
    evaluations_.save_evaluation(*e, audit);
    return e;
}

}  // namespace motcua::core
