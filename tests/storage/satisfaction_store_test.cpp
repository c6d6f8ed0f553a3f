#include <doctest/doctest.h>

#include <algorithm>

#include "core/catalogue_service.hpp"
#include "core/dossier.hpp"
#include "http/catalogue_json.hpp"
#include "storage/audit_log.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/survey_store.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/fixed_clock.hpp"

using namespace motcua;
using test::instant;

namespace {

constexpr const char* kWard = "000.21.40.H56";

struct Fixture {
    test::TempDatabase tmp;
    storage::SqliteCatalogueStore catalogue{tmp.db()};
    storage::SqliteDossierStore dossiers{tmp.db()};
    storage::SqliteSurveyStore surveys{tmp.db()};
    storage::SqliteEvaluationStore evaluations{tmp.db()};
    core::DeadlineEngine engine = test::engine(2025, 2028);
    std::string code;

    Fixture() {
        test::FixedClock clock{instant("2026-03-10T09:00:00+07:00")};
        core::CatalogueService service(catalogue, clock);
        REQUIRE(service.import(http::demo_catalogue(), "test").has_value());
        core::Procedure procedure;
        for (const auto& p : catalogue.procedures())
            if (p.agency == kWard) procedure = p;
        core::Dossier d;
        d.agency = kWard;
        d.lookup_key = "ABCDEFGHJK";
        d.applicant = {"Trần Thị Bích Ngọc", "079190004321", "0903123456", "", "12 Đường Số 5", std::nullopt};
        d.received_by = "clerk";
        d.received_at = instant("2026-03-10T09:00:00+07:00");
        code = dossiers.insert_received(*core::start_dossier(d, procedure, engine), audit("dossier.received")).code;
    }

    static core::AuditRecord audit(const char* action) {
        return core::AuditRecord{instant("2026-03-20T09:00:00+07:00"), "tester", action, "", {}};
    }

    core::SurveyResponse response(core::SurveyChannel channel, const char* at) const {
        core::SurveyResponse r;
        r.survey_id = "sipas-2023";
        r.survey_version = 1;
        r.channel = channel;
        r.agency = kWard;
        r.submitted_at = instant(at);
        r.answers = {{"q15", core::AnswerState::valid, 4}, {"q16", core::AnswerState::invalid, 7},
                     {"q17", core::AnswerState::blank, std::nullopt}};
        r.expectations = {"m3", "m1"};
        if (channel == core::SurveyChannel::paper) r.entered_by = "demo.clerk";
        if (channel == core::SurveyChannel::online) r.dossier_code = code;
        return r;
    }
};

}  // namespace

TEST_CASE("a survey response is stored with its answers as given, and read back by period") {
    Fixture f;
    auto id = f.surveys.add_response(f.response(core::SurveyChannel::online, "2026-03-20T10:00:00+07:00"),
                                     Fixture::audit("survey.response_added"));
    REQUIRE(id.has_value());
    REQUIRE(f.surveys.add_response(f.response(core::SurveyChannel::paper, "2026-04-02T10:00:00+07:00"),
                                   Fixture::audit("survey.response_added")).has_value());
    auto march = f.surveys.responses(instant("2026-03-01T00:00:00+07:00"), instant("2026-04-01T00:00:00+07:00"));
    REQUIRE(march.size() == 1);
    const auto& r = march[0];
    CHECK(r.id == *id);
    CHECK(r.dossier_code == f.code);
    CHECK(r.channel == core::SurveyChannel::online);
    CHECK(r.entered_by.empty());
    auto answers = r.answers;
    std::sort(answers.begin(), answers.end(), [](const auto& a, const auto& b) { return a.criterion < b.criterion; });
    REQUIRE(answers.size() == 3);
    CHECK(answers[0] == core::SurveyAnswer{"q15", core::AnswerState::valid, 4});
    CHECK(answers[1] == core::SurveyAnswer{"q16", core::AnswerState::invalid, 7});
    CHECK(answers[2] == core::SurveyAnswer{"q17", core::AnswerState::blank, std::nullopt});
    CHECK(r.expectations == std::vector<std::string>{"m3", "m1"});
    CHECK(f.surveys.has_response(f.code));
    auto april = f.surveys.responses(instant("2026-04-01T00:00:00+07:00"), instant("2026-05-01T00:00:00+07:00"));
    REQUIRE(april.size() == 1);
    CHECK(april[0].entered_by == "demo.clerk");
    CHECK(storage::verify_audit(f.tmp.db()).first_bad_id == std::nullopt);
}

TEST_CASE("a second survey response for the same dossier is refused and nothing is written") {
    Fixture f;
    auto r = f.response(core::SurveyChannel::online, "2026-03-20T10:00:00+07:00");
    REQUIRE(f.surveys.add_response(r, Fixture::audit("survey.response_added")).has_value());
    auto again = f.surveys.add_response(r, Fixture::audit("survey.response_added"));
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == "already_responded");
    CHECK(f.surveys.responses(instant("2026-01-01T00:00:00Z"), instant("2027-01-01T00:00:00Z")).size() == 1);
}

TEST_CASE("stored responses and ratings cannot be edited or deleted") {
    Fixture f;
    REQUIRE(f.surveys.add_response(f.response(core::SurveyChannel::kiosk, "2026-03-20T10:00:00+07:00"),
                                   Fixture::audit("survey.response_added")).has_value());
    CHECK_THROWS_AS(f.tmp.db().exec("UPDATE survey_answer SET value = 5"), storage::StorageError);
    CHECK_THROWS_AS(f.tmp.db().exec("DELETE FROM survey_response"), storage::StorageError);
}

TEST_CASE("a dossier is rated once, and its rating is found by code and by period") {
    Fixture f;
    core::DossierRating r{f.code, kWard, "1.001193", core::RatingLevel::very_satisfied, "Nhanh, chu đáo",
                          instant("2026-03-20T10:00:00+07:00")};
    REQUIRE(f.evaluations.add_rating(r, Fixture::audit("rating.added")).has_value());
    auto again = f.evaluations.add_rating(r, Fixture::audit("rating.added"));
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == "already_rated");
    auto found = f.evaluations.rating(f.code);
    REQUIRE(found.has_value());
    CHECK(found->level == core::RatingLevel::very_satisfied);
    CHECK(found->comment == "Nhanh, chu đáo");
    CHECK(f.evaluations.ratings(instant("2026-03-20T00:00:00+07:00"), instant("2026-03-21T00:00:00+07:00")).size() == 1);
    CHECK(f.evaluations.ratings(instant("2026-03-21T00:00:00+07:00"), instant("2026-03-22T00:00:00+07:00")).empty());
}

TEST_CASE("the self and appraised scores are kept apart, and a new score replaces the old one of its kind") {
    Fixture f;
    core::StoredEvaluation e;
    e.dossier_code = f.code;
    e.kind = core::EvaluationKind::self;
    e.scores = {2, 2, 1, 1, 2, 2, 2, 1, 0};
    e.total = 13;
    e.band = "Tốt";
    e.rules_version = "v";
    e.entered_by = "demo.clerk";
    e.entered_at = instant("2026-03-20T10:00:00+07:00");
    f.evaluations.save_evaluation(e, Fixture::audit("evaluation.self"));
    core::StoredEvaluation a = e;
    a.kind = core::EvaluationKind::appraised;
    a.scores[6] = 0;
    a.total = 11;
    a.band = "Khá";
    f.evaluations.save_evaluation(a, Fixture::audit("evaluation.appraised"));
    e.scores[8] = 2;
    e.total = 15;
    f.evaluations.save_evaluation(e, Fixture::audit("evaluation.self"));
    auto stored = f.evaluations.evaluations(f.code);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].kind == core::EvaluationKind::self);
    CHECK(stored[0].total == 15);
    CHECK(stored[0].scores[8] == 2);
    CHECK(stored[1].kind == core::EvaluationKind::appraised);
    CHECK(stored[1].total == 11);
    CHECK(stored[0].agency == kWard);

    auto self = f.evaluations.evaluations_between(core::EvaluationKind::self, instant("2026-03-20T00:00:00+07:00"),
                                                  instant("2026-03-21T00:00:00+07:00"));
    REQUIRE(self.size() == 1);
    CHECK(self[0].total == 15);
    CHECK(self[0].agency == kWard);
    CHECK_FALSE(self[0].procedure_code.empty());
    CHECK(f.evaluations.evaluations_between(core::EvaluationKind::self, instant("2026-03-21T00:00:00+07:00"),
                                            instant("2026-03-22T00:00:00+07:00")).empty());
}
