#pragma once
// The composition root: one database connection, storage implementing core's ports, the core services, and the
// HTTP router that exposes them. `motcua serve` runs it; the HTTP tests build exactly the same thing.
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/attachment.hpp"
#include "core/dossier_service.hpp"
#include "core/index766.hpp"
#include "core/rate_limit.hpp"
#include "core/ports.hpp"
#include "core/satisfaction_service.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "payments/signed_webhook_gateway.hpp"

namespace motcua::app {

/// Which notification channels the delivery worker has (shown to clerks next to the outbox).
struct ChannelsConfigured {
    bool email = false;
    bool sms = false;
};

/// What `motcua serve` can set; every field has the default a new province gets.
struct ApplicationOptions {
    core::LifecyclePolicy policy;
    /// The point conversions of the Decision 766 indicators (default: data/reports/index766.json).
    std::optional<core::Index766Rules> index766;
    ChannelsConfigured channels;
    /// The address citizens reach the web pages at, printed in the receipt's QR code.
    std::string public_url = "http://127.0.0.1:8080";
    /// Evaluation bands, small-sample rule, kiosk limit (default: data/satisfaction/rules.json).
    std::optional<core::SatisfactionRules> satisfaction;
    /// Fee exemption groups of the province (default: data/fees/exemptions.json).
    std::optional<core::FeeExemptions> fee_exemptions;
    /// The payment gateway for online payment (docs/payments.md); none: citizens pay at the desk only.
    std::optional<payments::SignedWebhookSettings> payment_gateway;
    /// Where attached files are kept (content-addressed); default "<db>.files" next to the database.
    std::optional<std::filesystem::path> files_dir;
    /// Upload size limit and accepted file types (docs/digitisation.md).
    core::DigitisationPolicy digitisation;
    /// Reverse proxies (load balancers) besides loopback whose X-Forwarded-For names the client (`--trusted-proxy`).
    std::vector<std::string> trusted_proxies;
    /// Public online submissions per client address [M: motcua's default]: 10 a minute sustained, bursts of 20.
    core::RateLimitPolicy submission_limit{10.0 / 60.0, 20.0, 100000};
};

class Application final {
public:
    /// Opens (creating if needed) the database, applies migrations, brings in the shipped calendar notices and
    /// builds the router serving `web_root`. `clock` must outlive the application.
    Application(const std::string& db_path, const std::filesystem::path& web_root, const core::Clock& clock,
                ApplicationOptions options = {});
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    /// The router on the application's connection; reads are served here, on the server's thread.
    [[nodiscard]] const http::Router& router() const;
    /// Group commit (decision 0010): a second, write-only set of services on its own connection, driven by a writer
    /// thread that batches concurrent writes into one transaction. Pass it to http::Server for the write routes.
    /// Started on the first call; stopped (after finishing what was submitted) when the Application is destroyed,
    /// which must happen after the Server that uses it.
    [[nodiscard]] http::Offload writes();
    [[nodiscard]] int schema_version() const;
    /// The routes whose body is an uploaded file, with their size limit: give them to http::ServerOptions.
    [[nodiscard]] std::vector<http::UploadRoute> upload_routes() const;
    /// The directory attached files are kept in.
    [[nodiscard]] const std::filesystem::path& files_dir() const { return files_dir_; }
    /// Closes supplementation requests left unanswered past their period; returns the codes closed.
    [[nodiscard]] core::Result<std::vector<std::string>> expire_unanswered_requests();
    using SweepReport = std::function<void(std::exception_ptr, const core::Result<std::vector<std::string>>&)>;
    /// The same sweep as a write on the group-commit writer (its own connection and thread, started if need be), so
    /// that `serve` answers while it runs: at start-up it reads every dossier waiting for a supplement (15,591 at 1 M,
    /// 1.4 s from a cold page cache). `report` runs on the writer thread once the sweep's batch committed (or failed).
    void expire_unanswered_requests_on_writer(SweepReport report);
    /// Recomputes open dossiers' dues after a calendar change (dry run unless `apply`).
    [[nodiscard]] core::Result<std::vector<core::DossierService::Retimed>> retime_open_dossiers(bool apply,
                                                                                                const std::string& actor);

private:
    struct Parts;
    struct Writer;
    Writer& writer();
    static void add_routes(Parts& p, const std::filesystem::path& web_root, const ApplicationOptions& options);
    std::unique_ptr<Parts> parts_;
    std::unique_ptr<Writer> writer_;
    std::string db_path_;
    std::filesystem::path web_root_;
    ApplicationOptions options_;
    std::filesystem::path files_dir_;
};

}  // namespace motcua::app
