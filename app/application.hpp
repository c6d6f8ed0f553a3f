#pragma once
// The composition root: one database connection, storage implementing core's ports, the core services, and the
// HTTP router that exposes them. `motcua serve` runs it; the HTTP tests build exactly the same thing.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/dossier_service.hpp"
#include "core/index766.hpp"
#include "core/ports.hpp"
#include "http/router.hpp"

namespace motcua::app {

/// Which notification channels the delivery worker has (shown to clerks next to the outbox).
struct ChannelsConfigured {
    bool email = false;
    bool sms = false;
};

class Application final {
public:
    /// Opens (creating if needed) the database, applies migrations, brings in the shipped calendar notices and
    /// builds the router serving `web_root`. `clock` must outlive the application.
    /// `index766_rule`: the point conversion of Decision 766 indicator 2.1 (default: data/reports/index766.json).
    Application(const std::string& db_path, const std::filesystem::path& web_root, const core::Clock& clock,
                core::LifecyclePolicy policy = {}, std::optional<core::PointRule> index766_rule = {},
                ChannelsConfigured channels = {});
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    [[nodiscard]] const http::Router& router() const;
    [[nodiscard]] int schema_version() const;
    /// Closes supplementation requests left unanswered past their period; returns the codes closed.
    [[nodiscard]] core::Result<std::vector<std::string>> expire_unanswered_requests();
    /// Recomputes open dossiers' dues after a calendar change (dry run unless `apply`).
    [[nodiscard]] core::Result<std::vector<core::DossierService::Retimed>> retime_open_dossiers(bool apply,
                                                                                                const std::string& actor);

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace motcua::app
