#include "http/satisfaction_routes.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <span>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/embedded_file.hpp"
#include "http/error_response.hpp"
#include "http/json_reader.hpp"
#include "http/json_response.hpp"
#include "http/report_params.hpp"
#include "http/xlsx.hpp"

namespace motcua::http {

std::span<const EmbeddedFile> embedded_survey_data();
std::span<const EmbeddedFile> embedded_satisfaction_data();

namespace {

using core::Role;
using nlohmann::json;

// ---- questionnaire definitions ----

core::Result<std::string> text_at(const json& o, const char* key, const std::string& path, bool required = true) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
        if (!required) return std::string();
        return core::fail(core::ErrorKind::invalid_argument, path + key + " is required", path + key, "missing_field");
    }
    if (!it->is_string())
        return core::fail(core::ErrorKind::invalid_argument, path + key + " must be a string", path + key,
                          "invalid_type");
    return it->get<std::string>();
}

json definition_json(const core::SurveyDefinition& d) {
    json elements = json::array();
    for (const auto& e : d.elements) {
        json criteria = json::array();
        for (const auto& c : e.criteria)
            criteria.push_back(json{{"id", c.id}, {"text", c.text}, {"text_en", c.text_en}, {"verified", c.verified}});
        elements.push_back(json{{"id", e.id}, {"name", e.name}, {"name_en", e.name_en}, {"criteria", criteria}});
    }
    json expectations = json::array();
    for (const auto& x : d.expectations)
        expectations.push_back(json{{"id", x.id}, {"text", x.text}, {"text_en", x.text_en}});
    return json{{"id", d.id},
                {"version", d.version},
                {"name", d.name},
                {"scale", d.scale},
                {"scale_labels", d.scale_labels},
                {"satisfied_from", d.satisfied_from},
                {"elements", elements},
                {"expectations", expectations},
                {"max_expectations", d.max_expectations},
                {"unverified", d.unverified}};
}

// ---- survey responses ----

core::Result<core::SurveySubmission> read_submission(const json& body) {
    const JsonObject o(body, "");
    core::SurveySubmission s;
    core::Error e;
    auto channel = o.string("channel", true, 20);
    if (failed(channel, e)) return tl::unexpected(e);
    auto parsed = core::parse_survey_channel(*channel, "channel");
    if (failed(parsed, e)) return tl::unexpected(e);
    s.channel = *parsed;
    for (auto [key, target] : {std::pair{"dossier_code", &s.dossier_code}, std::pair{"key", &s.key},
                               std::pair{"agency", &s.agency}, std::pair{"procedure_code", &s.procedure_code}}) {
        auto v = o.string(key, false, 100);
        if (failed(v, e)) return tl::unexpected(e);
        *target = std::move(*v);
    }
    if (auto answers = body.find("answers"); answers != body.end() && !answers->is_null()) {
        if (!answers->is_object())
            return core::fail(core::ErrorKind::invalid_argument, "answers must be an object", "answers",
                              "invalid_type");
        if (answers->size() > 200)
            return core::fail(core::ErrorKind::invalid_argument, "too many answers", "answers", "too_many_items");
        for (const auto& [criterion, value] : answers->items()) {
            core::RawAnswer a{criterion, std::nullopt, false};
            if (value.is_number()) a.number = value.get<double>();
            else if (value.is_string() && value.get<std::string>() == "invalid") a.marked_invalid = true;
            else if (!value.is_null())
                return core::fail(core::ErrorKind::invalid_argument,
                                  "an answer is a number on the scale, null (blank) or \"invalid\"",
                                  "answers." + criterion, "invalid_type");
            s.answers.push_back(std::move(a));
        }
    }
    auto expectations = o.strings("expectations", 50);
    if (failed(expectations, e)) return tl::unexpected(e);
    s.expectations = std::move(*expectations);
    return s;
}

// ---- reports ----

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json value_json(const core::IndexValue& v) {
    return json{{"n", v.n}, {"value", number_or_null(v.value)}, {"ci_low", number_or_null(v.low)},
                {"ci_high", number_or_null(v.high)}};
}

json index_json(const core::SatisfactionIndex& idx, const core::SurveyDefinition& d,
                const std::map<std::string, std::string>& names) {
    json elements = json::array();
    for (std::size_t i = 0; i < idx.elements.size(); ++i) {
        const auto& e = idx.elements[i];
        json criteria = json::array();
        for (const auto& c : e.criteria) {
            json cj = value_json(c.index);
            cj["id"] = c.id;
            cj["invalid"] = c.invalid;
            cj["blank"] = c.blank;
            criteria.push_back(cj);
        }
        json ej = value_json(e.index);
        ej["id"] = e.id;
        ej["name"] = i < d.elements.size() ? d.elements[i].name : "";
        ej["criteria"] = criteria;
        elements.push_back(ej);
    }
    json expectations = json::array();
    for (const auto& x : idx.expectations) {
        json xj = value_json(x.share);
        xj["id"] = x.id;
        xj["count"] = x.count;
        expectations.push_back(xj);
    }
    json out{{"key", idx.key},
             {"n", idx.index.n},
             {"responses", idx.responses},
             {"index", {{"value", number_or_null(idx.index.value)},
                        {"ci_low", number_or_null(idx.index.low)},
                        {"ci_high", number_or_null(idx.index.high)}}},
             {"elements", elements},
             {"expectations", expectations},
             {"small_sample", idx.small_sample}};
    if (auto it = names.find(idx.key); it != names.end()) out["name"] = it->second;
    return out;
}

std::string number_text(const std::optional<double>& v) {
    if (!v) return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", *v);
    return buffer;
}

void add_csv_rows(std::vector<CsvRow>& rows, const core::SatisfactionIndex& idx, const std::string& name) {
    const std::string small = idx.small_sample ? "yes" : "no";
    auto add = [&](const std::string& level, const std::string& id, const core::IndexValue& v) {
        rows.push_back({idx.key, name, level, id, std::to_string(v.n), number_text(v.value), number_text(v.low),
                        number_text(v.high), small});
    };
    add("overall", "", idx.index);
    for (const auto& e : idx.elements) {
        add("element", e.id, e.index);
        for (const auto& c : e.criteria) add("criterion", c.id, c.index);
    }
    for (const auto& x : idx.expectations) add("expectation", x.id, x.share);
}

core::Result<core::SatisfactionQuery> query_of(const RouteParams& params) {
    auto period = period_from(params);
    if (!period) return tl::unexpected(period.error());
    core::SatisfactionQuery q{*period, core::SatisfactionGrouping::agency};
    if (auto g = params.query("group_by")) {
        auto grouping = core::parse_satisfaction_grouping(*g, "group_by");
        if (!grouping) return tl::unexpected(grouping.error());
        q.grouping = *grouping;
    }
    return q;
}

json rating_json(const core::DossierRating& r) {
    return json{{"level", core::to_string(r.level)}, {"comment", r.comment}, {"rated_at", core::format_instant(r.rated_at)}};
}

json evaluation_json(const core::StoredEvaluation& e) {
    json scores = json::object();
    for (std::size_t i = 0; i < e.scores.size(); ++i) scores[std::to_string(i + 1)] = e.scores[i].value_or(0);
    return json{{"kind", core::to_string(e.kind)}, {"scores", scores}, {"total", e.total}, {"max", 18},
                {"band", e.band}, {"rules_version", e.rules_version}, {"entered_by", e.entered_by},
                {"entered_at", core::format_instant(e.entered_at)}};
}

core::Result<std::vector<std::pair<int, int>>> read_scores(const json& body) {
    auto scores = body.find("scores");
    if (scores == body.end() || !scores->is_object())
        return core::fail(core::ErrorKind::invalid_argument, "scores must be an object {\"<indicator>\": points}",
                          "scores", "missing_field");
    std::vector<std::pair<int, int>> out;
    for (const auto& [key, value] : scores->items()) {
        int indicator = 0;
        const auto r = std::from_chars(key.data(), key.data() + key.size(), indicator);
        if (r.ec != std::errc() || r.ptr != key.data() + key.size() || !value.is_number_integer())
            return core::fail(core::ErrorKind::invalid_argument, "scores are {\"1\".. \"9\": 0, 1 or 2}",
                              "scores." + key, "invalid_score");
        // The 0..2 rule is core's (score_evaluation); here only what fits in an int can be passed on.
        const auto points = value.get<std::int64_t>();
        if (points < std::numeric_limits<int>::min() || points > std::numeric_limits<int>::max())
            return core::fail(core::ErrorKind::invalid_argument, "each indicator scores 0, 1 or 2 points",
                              "scores." + key, "invalid_score");
        out.emplace_back(indicator, static_cast<int>(points));
    }
    return out;
}

}  // namespace

core::Result<core::SurveyDefinition> parse_survey_definition(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return core::fail(core::ErrorKind::invalid_argument, "the questionnaire is not a JSON object", {},
                          "invalid_json");
    core::SurveyDefinition d;
    core::Error e;
    auto id = text_at(doc, "id", "");
    auto name = text_at(doc, "name", "", false);
    if (failed(id, e) || failed(name, e)) return tl::unexpected(e);
    d.id = *id;
    d.name = *name;
    auto bad = [](const std::string& field, const std::string& message) {
        return core::fail(core::ErrorKind::invalid_argument, message, field, "invalid_survey");
    };
    try {
        d.version = doc.at("version").get<int>();
        d.scale = doc.at("scale").get<std::vector<int>>();
        d.scale_labels = doc.at("scale_labels").get<std::vector<std::string>>();
        d.satisfied_from = doc.value("satisfied_from", 4);
        d.max_expectations = doc.value("max_expectations", 3);
        if (doc.contains("unverified")) d.unverified = doc.at("unverified").get<std::vector<std::string>>();
    } catch (const json::exception& x) {
        return bad("version", std::string("version, scale or scale_labels: ") + x.what());
    }
    const auto elements = doc.find("elements");
    if (elements == doc.end() || !elements->is_array()) return bad("elements", "elements must be an array");
    for (std::size_t i = 0; i < elements->size(); ++i) {
        const json& ej = (*elements)[i];
        const std::string path = "elements[" + std::to_string(i) + "].";
        if (!ej.is_object()) return bad(path, "an element is an object");
        core::SurveyElement el;
        auto eid = text_at(ej, "id", path);
        auto ename = text_at(ej, "name", path);
        auto een = text_at(ej, "name_en", path, false);
        if (failed(eid, e) || failed(ename, e) || failed(een, e)) return tl::unexpected(e);
        el.id = *eid;
        el.name = *ename;
        el.name_en = *een;
        const auto criteria = ej.find("criteria");
        if (criteria == ej.end() || !criteria->is_array()) return bad(path + "criteria", "criteria must be an array");
        for (std::size_t c = 0; c < criteria->size(); ++c) {
            const json& cj = (*criteria)[c];
            const std::string cpath = path + "criteria[" + std::to_string(c) + "].";
            if (!cj.is_object()) return bad(cpath, "a criterion is an object");
            auto cid = text_at(cj, "id", cpath);
            auto ctext = text_at(cj, "text", cpath);
            auto cen = text_at(cj, "text_en", cpath, false);
            if (failed(cid, e) || failed(ctext, e) || failed(cen, e)) return tl::unexpected(e);
            el.criteria.push_back({*cid, *ctext, *cen, cj.value("verified", false)});
        }
        d.elements.push_back(std::move(el));
    }
    if (const auto xs = doc.find("expectations"); xs != doc.end()) {
        if (!xs->is_array()) return bad("expectations", "expectations must be an array");
        for (std::size_t i = 0; i < xs->size(); ++i) {
            const json& xj = (*xs)[i];
            const std::string path = "expectations[" + std::to_string(i) + "].";
            if (!xj.is_object()) return bad(path, "an expectation is an object");
            auto xid = text_at(xj, "id", path);
            auto xtext = text_at(xj, "text", path);
            auto xen = text_at(xj, "text_en", path, false);
            if (failed(xid, e) || failed(xtext, e) || failed(xen, e)) return tl::unexpected(e);
            d.expectations.push_back({*xid, *xtext, *xen});
        }
    }
    if (auto ok = core::validate(d); !ok) return tl::unexpected(ok.error());
    return d;
}

std::vector<core::SurveyDefinition> shipped_surveys() {
    std::vector<core::SurveyDefinition> out;
    for (const EmbeddedFile& f : embedded_survey_data()) {
        auto d = parse_survey_definition(f.content);
        if (!d) throw std::logic_error("shipped " + std::string(f.name) + ": " + d.error().message);
        if (f.name == "sipas-default.json") out.insert(out.begin(), std::move(*d));
        else out.push_back(std::move(*d));
    }
    return out;
}

core::Result<core::SatisfactionRules> parse_satisfaction_rules(std::string_view text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return core::fail(core::ErrorKind::invalid_argument, "the satisfaction rules are not a JSON object", {},
                          "invalid_json");
    core::SatisfactionRules rules;
    auto bad = [](const std::string& field, const std::string& message) {
        return core::fail(core::ErrorKind::invalid_argument, message, field, "invalid_rules");
    };
    // A whole number in [min, max] at doc[part][key], or the default when absent.
    auto whole = [&](const json& part, const std::string& path, const char* key, std::int64_t min, std::int64_t max,
                     std::int64_t& out) -> core::Status {
        auto it = part.find(key);
        if (it == part.end()) return {};
        if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max)
            return bad(path + key, path + key + " must be a whole number from " + std::to_string(min) + " to " +
                                       std::to_string(max));
        out = it->get<std::int64_t>();
        return {};
    };
    if (auto e = doc.find("evaluation"); e != doc.end()) {
        if (!e->is_object()) return bad("evaluation", "evaluation must be an object");
        if (auto v = e->find("version"); v != e->end()) {
            if (!v->is_string() || v->get<std::string>().empty())
                return bad("evaluation.version", "evaluation.version must be a non-empty string");
            rules.evaluation.version = v->get<std::string>();
        }
        if (auto b = e->find("bands"); b != e->end()) {
            if (!b->is_array() || b->empty()) return bad("evaluation.bands", "evaluation.bands must be a non-empty list");
            rules.evaluation.bands.clear();
            for (std::size_t i = 0; i < b->size(); ++i) {
                const json& band = (*b)[i];
                const std::string path = "evaluation.bands[" + std::to_string(i) + "].";
                if (!band.is_object() || !band.contains("name") || !band["name"].is_string())
                    return bad(path + "name", "every band has a name");
                std::int64_t min_total = -1;
                if (auto ok = whole(band, path, "min_total", 0, 18, min_total); !ok) return tl::unexpected(ok.error());
                if (min_total < 0) return bad(path + "min_total", path + "min_total is required");
                rules.evaluation.bands.push_back({static_cast<int>(min_total), band["name"].get<std::string>()});
            }
        }
        std::int64_t rounds = rules.evaluation.one_contact_rounds;
        if (auto ok = whole(*e, "evaluation.", "one_contact_rounds", 1, 10, rounds); !ok) return tl::unexpected(ok.error());
        rules.evaluation.one_contact_rounds = static_cast<int>(rounds);
    }
    if (auto ix = doc.find("indexes"); ix != doc.end()) {
        if (!ix->is_object()) return bad("indexes", "indexes must be an object");
        if (auto ok = whole(*ix, "indexes.", "min_respondents", 1, 100000, rules.indexes.min_respondents); !ok)
            return tl::unexpected(ok.error());
        std::int64_t width = static_cast<std::int64_t>(rules.indexes.max_interval_width);
        if (auto ok = whole(*ix, "indexes.", "max_interval_width", 1, 100, width); !ok) return tl::unexpected(ok.error());
        rules.indexes.max_interval_width = static_cast<double>(width);
    }
    if (auto k = doc.find("kiosk"); k != doc.end()) {
        if (!k->is_object()) return bad("kiosk", "kiosk must be an object");
        std::int64_t max = rules.kiosk.max_responses, minutes = rules.kiosk.window.count();
        if (auto ok = whole(*k, "kiosk.", "max_responses", 1, 10000, max); !ok) return tl::unexpected(ok.error());
        if (auto ok = whole(*k, "kiosk.", "window_minutes", 1, 1440, minutes); !ok) return tl::unexpected(ok.error());
        rules.kiosk.max_responses = static_cast<int>(max);
        rules.kiosk.window = std::chrono::minutes(minutes);
    }
    return rules;
}

core::SatisfactionRules default_satisfaction_rules() {
    for (const EmbeddedFile& f : embedded_satisfaction_data())
        if (f.name == "rules.json") {
            auto rules = parse_satisfaction_rules(f.content);
            if (!rules) throw std::logic_error("shipped satisfaction rules.json: " + rules.error().message);
            return *rules;
        }
    return {};
}

void add_satisfaction_routes(Router& router, core::SatisfactionService& service, const Authenticator& auth,
                             core::RateLimiter& public_limit) {
    const Access reporting = Access::staff({Role::agency_head, Role::supervisor, Role::admin});
    // Public routes that take a lookup key share the status lookup's per-address budget, so that they cannot be
    // used to guess keys faster than the lookup allows.
    const Access keyed = Access::anyone().limited(public_limit);
    router.add(Verb::get, "/api/v1/surveys/current", Access::anyone(), [&service](const Request& req, const RouteParams&) {
        return json_response(beast_http::status::ok, definition_json(service.current_survey()), req);
    });
    router.add(Verb::get, "/api/v1/surveys/{id}", Access::anyone(), [&service](const Request& req, const RouteParams& params) {
        auto d = service.survey(params.path("id"));
        if (!d) return error_response(d.error(), req);
        return json_response(beast_http::status::ok, definition_json(**d), req);
    });
    router.add(Verb::post, "/api/v1/surveys/{id}/responses", keyed,
               [&service, &auth](const Request& req, const RouteParams& params) {
                   auto body = parse_object(req.body());
                   if (!body) return error_response(body.error(), req);
                   auto submission = read_submission(*body);
                   if (!submission) return error_response(submission.error(), req);
                   std::optional<core::Principal> who;
                   // The one route whose access depends on the body: paper forms are staff data entry (decision 0019).
                   if (submission->channel == core::SurveyChannel::paper) {
                       auto p = auth.require(req, Access::staff({Role::clerk, Role::officer, Role::agency_head, Role::admin}));
                       if (!p) return error_response(p.error(), req);
                       who = std::move(*p);
                   }
                   auto r = service.submit(params.path("id"), *submission, params.client(), who ? &who->user : nullptr);
                   if (!r) return error_response(r.error(), req);
                   std::int64_t valid = 0, blank = 0, invalid = 0;
                   for (const auto& a : r->answers) {
                       if (a.state == core::AnswerState::valid) ++valid;
                       if (a.state == core::AnswerState::blank) ++blank;
                       if (a.state == core::AnswerState::invalid) ++invalid;
                   }
                   json out{{"id", r->id},
                            {"survey_id", r->survey_id},
                            {"version", r->survey_version},
                            {"channel", core::to_string(r->channel)},
                            {"submitted_at", core::format_instant(r->submitted_at)},
                            {"answers", {{"valid", valid}, {"blank", blank}, {"invalid", invalid}}},
                            {"expectations_valid", r->expectations_valid}};
                   if (!r->dossier_code.empty()) out["dossier_code"] = r->dossier_code;
                   if (!r->agency.empty()) out["agency"] = r->agency;
                   if (!r->entered_by.empty()) out["entered_by"] = r->entered_by;
                   return json_response(beast_http::status::created, out, req);
               });

    router.add(Verb::get, "/api/v1/evaluations/{code}/rating", keyed, [&service](const Request& req, const RouteParams& params) {
        auto state = service.public_state(params.path("code"), params.query("key").value_or(""));
        if (!state) return error_response(state.error(), req);
        json out{{"code", params.path("code")},
                 {"status", core::to_string(state->status)},
                 {"status_code", core::status_code(state->status)},
                 {"can_rate", state->status == core::DossierStatus::returned && !state->rating},
                 {"rated", state->rating.has_value()},
                 {"survey_answered", state->survey_answered}};
        if (state->rating) out["rating"] = rating_json(*state->rating);
        return json_response(beast_http::status::ok, out, req);
    });
    router.add(Verb::post, "/api/v1/evaluations/{code}/rating", keyed, [&service](const Request& req, const RouteParams& params) {
        auto body = parse_object(req.body());
        if (!body) return error_response(body.error(), req);
        const JsonObject o(*body, "");
        core::Error e;
        auto key = o.string("key", false, 100);
        auto level = o.string("level", true, 40);
        auto comment = o.string("comment", false, 4000);
        if (failed(key, e) || failed(level, e) || failed(comment, e)) return error_response(e, req);
        // The key decides first: a wrong key answers like an unknown code, whatever else is wrong.
        if (auto known = service.public_state(params.path("code"), *key); !known)
            return error_response(known.error(), req);
        auto parsed = core::parse_rating_level(*level, "level");
        if (!parsed) return error_response(parsed.error(), req);
        auto r = service.rate(params.path("code"), *key, *parsed, std::move(*comment));
        if (!r) return error_response(r.error(), req);
        json out = rating_json(*r);
        out["code"] = r->dossier_code;
        return json_response(beast_http::status::created, out, req);
    });

    router.add(Verb::get, "/api/v1/evaluations/{code}", Access::staff(), [&service](const Request& req, const RouteParams& params) {
        auto v = service.evaluation(params.path("code"), params.principal().user);
        if (!v) return error_response(v.error(), req);
        json derived = json::array();
        for (const auto& x : v->derived)
            derived.push_back(json{{"indicator", x.indicator},
                                   {"points", x.points ? json(*x.points) : json(nullptr)},
                                   {"basis", x.basis}});
        json out{{"code", v->dossier.code},
                 {"status", core::to_string(v->dossier.status)},
                 {"rules_version", service.rules().version},
                 {"derived", derived},
                 {"self", v->self ? evaluation_json(*v->self) : json(nullptr)},
                 {"appraised", v->appraised ? evaluation_json(*v->appraised) : json(nullptr)},
                 {"rating", v->rating ? rating_json(*v->rating) : json(nullptr)},
                 {"survey_answered", v->survey_answered}};
        return json_response(beast_http::status::ok, out, req);
    });
    for (const auto kind : {core::EvaluationKind::self, core::EvaluationKind::appraised}) {
        const std::string path = std::string("/api/v1/evaluations/{code}/") + core::to_string(kind);
        const Access scorers = kind == core::EvaluationKind::self
                                   ? Access::staff({Role::clerk, Role::officer, Role::agency_head})
                                   : Access::staff({Role::admin});
        router.add(Verb::put, path, scorers, [&service, kind](const Request& req, const RouteParams& params) {
            auto body = parse_object(req.body());
            if (!body) return error_response(body.error(), req);
            auto scores = read_scores(*body);
            if (!scores) return error_response(scores.error(), req);
            auto e = service.score(params.path("code"), kind, *scores, params.principal().user);
            if (!e) return error_response(e.error(), req);
            return json_response(beast_http::status::ok, evaluation_json(*e), req);
        });
    }

    router.add(Verb::get, "/api/v1/reports/satisfaction", reporting, [&service](const Request& req, const RouteParams& params) {
        auto q = query_of(params);
        if (!q) return error_response(q.error(), req);
        auto table = table_format(params);
        if (!table) return error_response(table.error(), req);
        auto report = service.report(*q, params.principal().user);
        if (!report) return error_response(report.error(), req);
        const core::SurveyDefinition& d = *report->survey;
        if (*table) {
            std::vector<CsvRow> rows;
            for (const auto& row : report->rows) {
                auto it = report->names.find(row.key);
                add_csv_rows(rows, row, it == report->names.end() ? std::string() : it->second);
            }
            add_csv_rows(rows, report->total, "Tổng cộng");
            return table_response(**table,
                                  "satisfaction-" + core::format_date(report->period.from) + "-" +
                                      core::format_date(report->period.to),
                                  {"key", "name", "level", "id", "n", "value_percent", "ci_low", "ci_high",
                                   "small_sample"},
                                  rows, req, {false, false, false, false, true, true, true, true, false});
        }
        json rows = json::array();
        for (const auto& row : report->rows) rows.push_back(index_json(row, d, report->names));
        return json_response(
            beast_http::status::ok,
            json{{"period", {{"from", core::format_date(report->period.from)}, {"to", core::format_date(report->period.to)}}},
                 {"group_by", core::to_string(report->grouping)},
                 {"survey", {{"id", d.id}, {"version", d.version}}},
                 {"method", {{"criterion", "share of valid answers >= " + std::to_string(d.satisfied_from) +
                                               ", Wilson 95% interval"},
                             {"element", "mean of answered criteria, delta-method 95% interval"},
                             {"overall", "mean of elements, delta-method 95% interval"},
                             {"small_sample", "n < " + std::to_string(report->policy.min_respondents) +
                                                  " or interval wider than " +
                                                  std::to_string(static_cast<int>(report->policy.max_interval_width)) +
                                                  " points"}}},
                 {"computed_at", core::format_instant(service.now())},
                 {"rows", rows},
                 {"total", index_json(report->total, d, report->names)}},
            req);
    });
    router.add(Verb::get, "/api/v1/reports/evaluations", reporting, [&service](const Request& req, const RouteParams& params) {
        auto q = query_of(params);
        if (!q) return error_response(q.error(), req);
        auto kind = core::parse_evaluation_kind(params.query("kind").value_or("self"), "kind");
        if (!kind) return error_response(kind.error(), req);
        auto table = table_format(params);
        if (!table) return error_response(table.error(), req);
        auto report = service.evaluation_report(*q, *kind, params.principal().user);
        if (!report) return error_response(report.error(), req);
        auto name_of = [&](const std::string& key) {
            auto it = report->names.find(key);
            return it == report->names.end() ? std::string() : it->second;
        };
        if (*table) {
            CsvRow header{"key", "name", "count", "mean_total"};
            for (int i = 1; i <= core::kIndicatorCount; ++i) header.push_back("indicator_" + std::to_string(i));
            NumericColumns numeric(header.size(), true);
            numeric[0] = numeric[1] = false;
            std::vector<CsvRow> rows;
            auto add = [&](const core::EvaluationSummary& s, const std::string& name) {
                CsvRow row{s.key, name, std::to_string(s.count), number_text(s.mean_total)};
                for (double m : s.mean) row.push_back(number_text(m));
                rows.push_back(std::move(row));
            };
            for (const auto& s : report->rows) add(s, name_of(s.key));
            add(report->total, "Tổng cộng");
            return table_response(**table, std::string("evaluations-") + core::to_string(report->kind), header, rows,
                                  req, numeric);
        }
        auto summary_json = [&](const core::EvaluationSummary& s) {
            json bands = json::array();
            for (const auto& [band, n] : s.bands) bands.push_back(json{{"band", band}, {"count", n}});
            json j{{"key", s.key}, {"count", s.count}, {"mean_total", s.mean_total}, {"max_total", 18},
                   {"indicators", s.mean}, {"bands", bands}};
            if (auto name = name_of(s.key); !name.empty()) j["name"] = name;
            return j;
        };
        json rows = json::array();
        for (const auto& s : report->rows) rows.push_back(summary_json(s));
        return json_response(
            beast_http::status::ok,
            json{{"period", {{"from", core::format_date(report->period.from)}, {"to", core::format_date(report->period.to)}}},
                 {"kind", core::to_string(report->kind)},
                 {"group_by", core::to_string(q->grouping)},
                 {"rules_version", service.rules().version},
                 {"rows", rows},
                 {"total", summary_json(report->total)}},
            req);
    });
    router.add(Verb::get, "/api/v1/reports/ratings", reporting, [&service](const Request& req, const RouteParams& params) {
        auto q = query_of(params);
        if (!q) return error_response(q.error(), req);
        auto table = table_format(params);
        if (!table) return error_response(table.error(), req);
        auto report = service.ratings(*q, params.principal().user);
        if (!report) return error_response(report.error(), req);
        auto row_json = [](const core::RatingRow& r) {
            json j = value_json(r.satisfied_share);
            j["key"] = r.key;
            j["very_satisfied"] = r.very_satisfied;
            j["satisfied"] = r.satisfied;
            j["dissatisfied"] = r.dissatisfied;
            return j;
        };
        if (*table) {
            std::vector<CsvRow> rows;
            for (const auto* r : [&] {
                     std::vector<const core::RatingRow*> all;
                     for (const auto& x : report->rows) all.push_back(&x);
                     all.push_back(&report->total);
                     return all;
                 }())
                rows.push_back({r->key, std::to_string(r->very_satisfied), std::to_string(r->satisfied),
                                std::to_string(r->dissatisfied), std::to_string(r->satisfied_share.n),
                                number_text(r->satisfied_share.value), number_text(r->satisfied_share.low),
                                number_text(r->satisfied_share.high)});
            return table_response(**table, "ratings",
                                  {"key", "very_satisfied", "satisfied", "dissatisfied", "n", "satisfied_percent",
                                   "ci_low", "ci_high"},
                                  rows, req, {false, true, true, true, true, true, true, true});
        }
        json rows = json::array();
        for (const auto& r : report->rows) rows.push_back(row_json(r));
        return json_response(
            beast_http::status::ok,
            json{{"period", {{"from", core::format_date(report->period.from)}, {"to", core::format_date(report->period.to)}}},
                 {"group_by", core::to_string(q->grouping)},
                 {"rows", rows},
                 {"total", row_json(report->total)}},
            req);
    });
}

}  // namespace motcua::http
