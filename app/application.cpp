#include "app/application.hpp"

#include "core/auth_service.hpp"
#include "core/calendar_service.hpp"
#include "core/catalogue_service.hpp"
#include "core/dossier_service.hpp"
#include "core/engines.hpp"
#include "core/notification_service.hpp"
#include "core/report_service.hpp"
#include "http/auth.hpp"
#include "http/calendar_json.hpp"
#include "http/calendar_routes.hpp"
#include "http/dossier_routes.hpp"
#include "http/health.hpp"
#include "http/notification_routes.hpp"
#include "http/open311_routes.hpp"
#include "http/print_routes.hpp"
#include "http/report_routes.hpp"
#include "http/sodium_crypto.hpp"
#include "storage/access_log.hpp"
#include "storage/calendar_store.hpp"
#include "storage/catalogue_store.hpp"
#include "storage/dossier_store.hpp"
#include "storage/migrations.hpp"
#include "storage/outbox_store.hpp"
#include "storage/report_store.hpp"
#include "storage/user_store.hpp"

namespace motcua::app {

// Members are declared in dependency order: each is built from the ones above it and destroyed before them.
struct Application::Parts {
    Parts(const std::string& path, const core::Clock& c, core::LifecyclePolicy policy) : db(path), clock(c), lifecycle(policy) {}

    storage::Database db;
    const core::Clock& clock;
    core::LifecyclePolicy lifecycle;
    core::Index766Rules index766;
    int schema_version = 0;
    storage::SqliteCalendarStore calendar_store{db};
    storage::SqliteCatalogueStore catalogue_store{db};
    storage::SqliteDossierStore dossier_store{db};
    storage::SqliteUserStore user_store{db};
    http::SodiumCrypto crypto;
    core::CalendarService calendar{calendar_store, clock};
    core::CatalogueService catalogue{catalogue_store, clock};
    core::EngineRegistry engines{calendar, http::shipped_recurring()};
    storage::SqliteAccessLog access_log{db};
    core::DossierService dossiers{catalogue_store, dossier_store, access_log, engines, crypto, clock, lifecycle};
    core::AuthService auth{user_store, crypto, clock};
    storage::SqliteReportStore report_store{db};
    core::ReportService reports{catalogue_store, dossier_store, report_store, engines, clock};
    storage::SqliteOutboxStore outbox_store{db};
    // Listing and "send again" only: delivery runs in DeliveryWorker, on its own connection.
    core::NotificationService notifications{outbox_store, dossier_store, catalogue_store, {}, clock};
    http::Authenticator authenticator{auth};
    core::RateLimiter lookup_limit;  // status lookups per client address (JSON and Open311 together)
    http::Router router;
};

Application::Application(const std::string& db_path, const std::filesystem::path& web_root, const core::Clock& clock,
                         ApplicationOptions options) {
    if (const auto dir = std::filesystem::path(db_path).parent_path(); !dir.empty())
        std::filesystem::create_directories(dir);
    parts_ = std::make_unique<Parts>(db_path, clock, options.policy);
    parts_->index766 = options.index766.value_or(http::default_index766_rule());
    Parts& p = *parts_;
    p.schema_version = storage::migrate(p.db, clock.now()).to_version;
    const auto shipped = http::shipped_notices();
    if (auto seeded = p.calendar.seed_shipped(shipped); !seeded)
        throw std::runtime_error("cannot load the shipped calendar: " + seeded.error().message);

    p.router.set_gate(p.authenticator.gate());
    http::add_health_routes(p.router);
    http::add_calendar_routes(p.router, p.calendar, &p.catalogue);
    http::add_auth_routes(p.router, p.auth);
    http::add_catalogue_routes(p.router, p.catalogue);
    http::add_dossier_routes(p.router, p.dossiers, p.catalogue, p.lookup_limit);
    http::add_report_routes(p.router, p.reports, p.index766);
    http::add_open311_routes(p.router, p.catalogue, p.dossiers, p.lookup_limit);
    http::add_notification_routes(p.router, p.notifications, options.channels.email, options.channels.sms);
    http::add_print_routes(p.router, p.dossiers, std::move(options.public_url));
    p.router.set_static_files(http::StaticFiles(web_root));
}

Application::~Application() = default;

const http::Router& Application::router() const { return parts_->router; }

int Application::schema_version() const { return parts_->schema_version; }

core::Result<std::vector<core::DossierService::Retimed>> Application::retime_open_dossiers(bool apply,
                                                                                         const std::string& actor) {
    return parts_->dossiers.retime_open_dossiers(apply, actor);
}

core::Result<std::vector<std::string>> Application::expire_unanswered_requests() {
    return parts_->dossiers.expire_unanswered_requests();
}

}  // namespace motcua::app
