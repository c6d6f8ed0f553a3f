#include "app/application.hpp"

#include <any>

#include "core/attachment_service.hpp"
#include "core/auth_service.hpp"
#include "core/calendar_service.hpp"
#include "core/catalogue_service.hpp"
#include "core/dossier_service.hpp"
#include "core/engines.hpp"
#include "core/notification_service.hpp"
#include "core/payment_service.hpp"
#include "payments/fee_config.hpp"
#include "core/report_service.hpp"
#include "core/satisfaction_service.hpp"
#include "http/attachment_routes.hpp"
#include "http/auth.hpp"
#include "http/calendar_json.hpp"
#include "http/calendar_routes.hpp"
#include "http/dossier_routes.hpp"
#include "http/health.hpp"
#include "http/notification_routes.hpp"
#include "http/payment_routes.hpp"
#include "http/open311_routes.hpp"
#include "http/print_routes.hpp"
#include "http/report_routes.hpp"
#include "http/satisfaction_routes.hpp"
#include "http/sodium_crypto.hpp"
#include "http/submission_routes.hpp"
#include "storage/access_log.hpp"
#include "storage/attachment_store.hpp"
#include "storage/calendar_store.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/evaluation_store.hpp"
#include "storage/file_store.hpp"
#include "storage/magic_sniffer.hpp"
#include "storage/group_commit.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_store.hpp"
#include "storage/payment_store.hpp"
#include "storage/report_store.hpp"
#include "storage/survey_store.hpp"
#include "storage/throttle_store.hpp"
#include "storage/user_store.hpp"

namespace motcua::app {

// One connection with everything built on it. Members are declared in dependency order: each is built from the ones above it and destroyed before them.
struct Application::Parts {
    Parts(const std::string& path, const core::Clock& c, const ApplicationOptions& options,
          const std::filesystem::path& files_dir)
        : db(path), clock(c), lifecycle(options.policy),
          satisfaction_rules(options.satisfaction.value_or(http::default_satisfaction_rules())),
          fee_exemptions(options.fee_exemptions.value_or(payments::default_fee_exemptions())),
          gateway(options.payment_gateway ? std::make_unique<payments::SignedWebhookGateway>(*options.payment_gateway)
                                          : nullptr),
          file_store(files_dir), digitisation(options.digitisation) {}

    storage::Database db;
    const core::Clock& clock;
    core::LifecyclePolicy lifecycle;
    core::SatisfactionRules satisfaction_rules;
    core::FeeExemptions fee_exemptions;
    std::unique_ptr<core::PaymentGateway> gateway;  // null: no online payment
    core::Index766Rules index766;
    int schema_version = 0;
    storage::SqliteCalendarStore calendar_store{db};
    storage::SqliteCatalogueStore catalogue_store{db};
    storage::SqliteDossierStore dossier_store{db};
    storage::SqliteUserStore user_store{db};
    storage::SqliteSurveyStore survey_store{db};
    storage::SqliteEvaluationStore evaluation_store{db};
    http::SodiumCrypto crypto;
    core::CalendarService calendar{calendar_store, clock};
    core::CatalogueService catalogue{catalogue_store, clock};
    core::EngineRegistry engines{calendar, http::shipped_recurring()};
    storage::SqliteAccessLog access_log{db};
    core::DossierService dossiers{catalogue_store, dossier_store, access_log, engines, crypto, clock, lifecycle,
                                  fee_exemptions};
    storage::SqlitePaymentStore payment_store{db, dossier_store};
    core::PaymentService payments{catalogue_store, dossier_store, payment_store, gateway.get(), engines, crypto,
                                  clock, lifecycle};
    storage::SqlThrottleStore throttle_store{db};  // failed-login counters every node sees
    core::AuthService auth{user_store, crypto, clock, {}, {}, &throttle_store};
    storage::SqliteReportStore report_store{db};
    core::ReportService reports{catalogue_store, dossier_store, report_store, engines, clock};
    core::SatisfactionService satisfaction{catalogue_store, dossiers, survey_store, evaluation_store, clock,
                                           http::shipped_surveys(), satisfaction_rules};
    storage::SqliteOutboxStore outbox_store{db};
    // Listing and "send again" only: delivery runs in DeliveryWorker, on its own connection.
    core::NotificationService notifications{outbox_store, dossier_store, catalogue_store, {}, clock};
    storage::DiskFileStore file_store;
    core::DigitisationPolicy digitisation;
    storage::SqliteAttachmentStore attachment_store{db};
    storage::MagicSniffer sniffer;
    core::AttachmentService attachments{catalogue_store, dossier_store, attachment_store, file_store, sniffer,
                                        crypto,          access_log,    clock,            digitisation};
    http::Authenticator authenticator{auth};
    core::RateLimiter lookup_limit;  // status lookups per client address (JSON and Open311 together)
    // Public online submissions per client address (ApplicationOptions::submission_limit), made by add_routes.
    std::unique_ptr<core::RateLimiter> submission_limit;
    // Every route, per client address: 20 requests a second sustained, bursts of 100 [M: motcua's default].
    core::RateLimiter client_limit{core::RateLimitPolicy{20.0, 100.0, 100000}};
    http::Router router;
};

void Application::add_routes(Parts& p, const std::filesystem::path& web_root, const ApplicationOptions& options) {
    p.router.set_gate(p.authenticator.gate());
    p.router.set_client_limit(&p.client_limit);
    p.router.set_client_policy(http::ClientAddressPolicy{true, options.trusted_proxies});
    // The public lookups answered in one turn of the server's loop share one read transaction (decision 0041).
    p.router.set_batch_end([&db = p.db] { db.end_read_batch(); });
    http::add_health_routes(p.router);
    http::add_calendar_routes(p.router, p.calendar, &p.catalogue);
    http::add_auth_routes(p.router, p.auth);
    http::add_catalogue_routes(p.router, p.catalogue);
    http::add_dossier_routes(p.router, p.dossiers, p.lookup_limit);
    p.submission_limit = std::make_unique<core::RateLimiter>(options.submission_limit);
    http::add_submission_routes(p.router, p.dossiers, p.attachments, *p.submission_limit);
    http::add_report_routes(p.router, p.reports, p.satisfaction, p.index766, &p.payments);
    http::add_payment_routes(p.router, p.payments, p.fee_exemptions, p.lookup_limit);
    http::add_open311_routes(p.router, p.catalogue, p.dossiers, p.lookup_limit);
    http::add_notification_routes(p.router, p.notifications, options.channels.email, options.channels.sms);
    http::add_print_routes(p.router, p.dossiers, options.public_url);
    http::add_satisfaction_routes(p.router, p.satisfaction, p.authenticator, p.lookup_limit);
    http::add_attachment_routes(p.router, p.attachments, p.lookup_limit);
    p.router.set_static_files(http::StaticFiles(web_root));
}

// The write side: the same services on their own connection, used only by the group-commit thread. Declared so
// that the GroupCommit (which uses the parts) stops before the parts go.
struct Application::Writer {
    Writer(const std::string& path, const core::Clock& clock, const ApplicationOptions& options,
           core::Index766Rules index766, const std::filesystem::path& web_root, const std::filesystem::path& files)
        : parts(path, clock, options, files) {
        parts.index766 = std::move(index766);
        add_routes(parts, web_root, options);
        group = std::make_unique<storage::GroupCommit>(parts.db);
    }
    Parts parts;
    std::unique_ptr<storage::GroupCommit> group;
};

Application::Application(const std::string& db_path, const std::filesystem::path& web_root, const core::Clock& clock,
                         ApplicationOptions options)
    : db_path_(db_path), web_root_(web_root), options_(std::move(options)) {
    if (const auto dir = std::filesystem::path(db_path).parent_path(); !dir.empty() && !storage::is_postgresql_url(db_path))
        std::filesystem::create_directories(dir);
    files_dir_ = options_.files_dir.value_or(storage::default_files_dir(db_path));
    parts_ = std::make_unique<Parts>(db_path, clock, options_, files_dir_);
    parts_->index766 = options_.index766.value_or(http::default_index766_rule());
    Parts& p = *parts_;
    p.schema_version = storage::migrate(p.db, clock.now()).to_version;
    const auto shipped = http::shipped_notices();
    if (auto seeded = p.calendar.seed_shipped(shipped); !seeded)
        throw std::runtime_error("cannot load the shipped calendar: " + seeded.error().message);
    add_routes(p, web_root, options_);
}

Application::~Application() {
    if (writer_) writer_->group.reset();  // finish and stop the writer thread before any part goes
}

Application::Writer& Application::writer() {
    if (!writer_) {
        if (db_path_ == ":memory:") throw std::logic_error("group commit needs a database file");
        writer_ = std::make_unique<Writer>(db_path_, parts_->clock, options_, parts_->index766, web_root_, files_dir_);
    }
    return *writer_;
}

http::Offload Application::writes() {
    Writer& w = writer();
    const http::Router& here = parts_->router;  // the server thread's side: its connection, its limits
    return [&w, &here](http::Request req, std::string peer, http::Completion done) {
        auto request = std::make_shared<http::Request>(std::move(req));
        // A staged write route (decision 0044): its checks, session and decoding here on the server thread, only its
        // write on the writer thread, its answer back here once the batch committed.
        auto prepared = std::make_shared<http::PreparedWrite>();
        try {
            *prepared = here.prepare_write(*request, peer);
        } catch (...) {
            done(std::current_exception(), http::Response{});
            return;
        }
        if (prepared->next == http::PreparedWrite::Next::answer) {
            done(nullptr, std::move(prepared->answered));
            return;
        }
        if (prepared->next == http::PreparedWrite::Next::write) {
            auto output = std::make_shared<std::any>();
            w.group->submit([&w, prepared, output] { *output = w.parts.router.write_prepared(*prepared); },
                            [&here, prepared, output, request, done = std::move(done)](std::exception_ptr error) {
                                if (error) {
                                    done(error, http::Response{});
                                    return;
                                }
                                done(nullptr, std::function<http::Response()>([&here, prepared, output, request] {
                                         return here.answer_prepared(*prepared, *output, *request);
                                     }));
                            });
            return;
        }
        // Any other write: routed whole on the writer thread (decision 0010).
        auto response = std::make_shared<http::Response>();
        w.group->submit([&w, request, response, peer = std::move(peer)] {
                            *response = w.parts.router.route(*request, peer);
                        },
                        [response, done = std::move(done)](std::exception_ptr error) {
                            done(error, error ? http::Response{} : std::move(*response));
                        });
    };
}

const http::Router& Application::router() const { return parts_->router; }

int Application::schema_version() const { return parts_->schema_version; }

std::vector<http::UploadRoute> Application::upload_routes() const {
    auto routes = http::attachment_upload_routes(static_cast<std::size_t>(options_.digitisation.max_file_bytes));
    routes.push_back(http::submission_upload_route(static_cast<std::size_t>(options_.digitisation.max_file_bytes)));
    return routes;
}

core::Result<std::vector<core::DossierService::Retimed>> Application::retime_open_dossiers(bool apply,
                                                                                         const std::string& actor) {
    return parts_->dossiers.retime_open_dossiers(apply, actor);
}

core::Result<std::vector<std::string>> Application::expire_unanswered_requests() {
    return parts_->dossiers.expire_unanswered_requests();
}

void Application::expire_unanswered_requests_on_writer(SweepReport report) {
    Writer& w = writer();
    auto closed = std::make_shared<core::Result<std::vector<std::string>>>(std::vector<std::string>{});
    w.group->submit([&w, closed] { *closed = w.parts.dossiers.expire_unanswered_requests(); },
                    [closed, report = std::move(report)](std::exception_ptr error) { report(error, *closed); });
}

}  // namespace motcua::app
