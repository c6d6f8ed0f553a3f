#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/args.hpp"
#include "storage/database.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "app/application.hpp"
#include "payments/fee_config.hpp"
#include "payments/signed_webhook_gateway.hpp"
#include "app/notify_worker.hpp"
#include "http/report_routes.hpp"
#include "http/satisfaction_routes.hpp"
#include "http/server.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

core::Result<http::ServerOptions> parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    int port = -1;
    if (colon != std::string::npos && colon > 0) {
        const char* first = listen.data() + colon + 1;
        const char* last = listen.data() + listen.size();
        if (std::from_chars(first, last, port).ptr != last) port = -1;
    }
    if (port < 0 || port > 65535)
        return core::fail(core::ErrorKind::invalid_argument, "--listen must be HOST:PORT, got \"" + listen + "\"",
                          "listen", "invalid_listen");
    http::ServerOptions options;
    options.host = listen.substr(0, colon);
    if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']')
        options.host = options.host.substr(1, options.host.size() - 2);
    options.port = static_cast<unsigned short>(port);
    return options;
}

// The web root: --web, else web/ beside the build directory the binary sits in, else ./web.
std::filesystem::path find_web_root(const std::optional<std::string>& given) {
    if (given) return *given;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
            if (std::filesystem::exists(dir / "web" / "index.html")) return dir / "web";
    }
    return std::filesystem::current_path() / "web";
}

// --supplement-expiry-days N (working days an unanswered supplementation request stays open; default 15 [M]).
core::Result<core::LifecyclePolicy> policy_from(const Args& args) {
    core::LifecyclePolicy policy;
    if (auto v = args.option("supplement-expiry-days")) {
        int n = 0;
        const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > 365)
            return core::fail(core::ErrorKind::invalid_argument,
                              "--supplement-expiry-days must be a whole number of working days from 1 to 365",
                              "supplement-expiry-days", "invalid_number");
        policy.supplement_expiry = core::WorkingDays{n};
    }
    return policy;
}

// --public-url: where citizens reach the pages (printed in the receipt's QR code). Configuration, never the request's
// Host header. Default: the --listen address, right for a counter on the office network.
core::Result<std::string> public_url_from(const std::optional<std::string>& given, const http::ServerOptions& listen) {
    if (!given) {
        const bool v6 = listen.host.find(':') != std::string::npos;
        return "http://" + (v6 ? "[" + listen.host + "]" : listen.host) + ":" + std::to_string(listen.port);
    }
    const std::string& url = *given;
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    const bool clean = url.find_first_of(" \t\r\n\"'<>?#") == std::string::npos;
    if (!scheme || !clean || url.size() > 200)
        return core::fail(core::ErrorKind::invalid_argument,
                          "--public-url must be an http:// or https:// address without query or fragment",
                          "public-url", "invalid_url");
    return url;
}

}  // namespace

core::Result<json> serve(CommandArgs argv, CliIo io) {
    auto args = Args::parse(argv, {{"db", "listen", "web", "supplement-expiry-days", "index766", "notify-config",
                                    "public-url", "satisfaction", "group-commit", "max-connections-per-client", "files",
                                    "max-file-mb", "payment-gateway", "fee-exemptions", "trusted-proxy"},
                                   {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty())
        return tl::unexpected(
            usage_error("usage: motcua serve --db PATH [--listen HOST:PORT] [--web DIR] [--public-url URL]"));
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    // --group-commit off: every write in its own transaction on the server thread (the benchmark's reference).
    const std::string group_commit = args->option("group-commit").value_or("on");
    if (group_commit != "on" && group_commit != "off")
        return core::fail(core::ErrorKind::invalid_argument, "--group-commit must be on or off", "group-commit",
                          "invalid_choice");
    auto options = parse_listen(args->option("listen").value_or("127.0.0.1:8080"));
    if (!options) return tl::unexpected(options.error());
    // Behind a reverse proxy every connection comes from the proxy's address: raise this, and let the proxy limit
    // per client (docs/security.md).
    if (auto v = args->option("max-connections-per-client")) {
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > options->max_connections)
            return core::fail(core::ErrorKind::invalid_argument,
                              "--max-connections-per-client must be a whole number from 1 to " +
                                  std::to_string(options->max_connections),
                              "max-connections-per-client", "invalid_number");
        options->max_connections_per_client = n;
    }
    const auto web_root = find_web_root(args->option("web"));
    if (!std::filesystem::is_directory(web_root))
        return core::fail(core::ErrorKind::not_found, "web root " + web_root.string() + " is not a directory", "web",
                          "web_root_not_found");

    auto policy = policy_from(*args);
    if (!policy) return tl::unexpected(policy.error());
    std::optional<core::Index766Rules> index766;
    if (auto file = args->option("index766")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) return core::fail(core::ErrorKind::not_found, "cannot read " + *file, "index766", "file_not_found");
        std::ostringstream text;
        text << in.rdbuf();
        auto rule = http::parse_index766_config(text.str());
        if (!rule) return tl::unexpected(rule.error());
        index766 = *rule;
    }
    std::optional<core::SatisfactionRules> satisfaction;
    if (auto file = args->option("satisfaction")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in) return core::fail(core::ErrorKind::not_found, "cannot read " + *file, "satisfaction", "file_not_found");
        std::ostringstream text;
        text << in.rdbuf();
        auto rules = http::parse_satisfaction_rules(text.str());
        if (!rules) return tl::unexpected(rules.error());
        satisfaction = *rules;
    }
    // Online payment through a signed-webhook gateway, and the province's fee exemption groups (docs/payments.md).
    std::optional<payments::SignedWebhookSettings> gateway;
    if (auto file = args->option("payment-gateway")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in)
            return core::fail(core::ErrorKind::not_found, "cannot read " + *file, "payment-gateway", "file_not_found");
        std::ostringstream text;
        text << in.rdbuf();
        auto parsed = payments::parse_gateway_settings(text.str(),
                                                       std::filesystem::path(*file).parent_path().string());
        if (!parsed) return tl::unexpected(parsed.error());
        gateway = *parsed;
    }
    std::optional<core::FeeExemptions> exemptions;
    if (auto file = args->option("fee-exemptions")) {
        std::ifstream in(*file, std::ios::binary);
        if (!in)
            return core::fail(core::ErrorKind::not_found, "cannot read " + *file, "fee-exemptions", "file_not_found");
        std::ostringstream text;
        text << in.rdbuf();
        auto parsed = payments::parse_fee_exemptions(text.str());
        if (!parsed) return tl::unexpected(parsed.error());
        exemptions = *parsed;
    }
    std::optional<NotifyConfig> notify;
    if (auto file = args->option("notify-config")) {
        auto config = read_notify_config(*file);
        if (!config) return tl::unexpected(config.error());
        notify = *config;
    }
    auto public_url = public_url_from(args->option("public-url"), *options);
    if (!public_url) return tl::unexpected(public_url.error());
    SystemClock clock;
    ApplicationOptions settings;
    settings.policy = *policy;
    settings.index766 = index766;
    settings.channels = {notify && notify->smtp.has_value(), notify && notify->webhook.has_value()};
    settings.public_url = *public_url;
    settings.satisfaction = satisfaction;
    settings.payment_gateway = gateway;
    settings.fee_exemptions = exemptions;
    if (auto files = args->option("files")) settings.files_dir = *files;
    if (auto proxies = args->option("trusted-proxy")) {  // comma-separated addresses of the load balancers
        std::string_view rest = *proxies;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string_view one = rest.substr(0, comma);
            const bool address = !one.empty() && one.size() <= 45 &&
                                 one.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
            if (!address)
                return core::fail(core::ErrorKind::invalid_argument,
                                  "--trusted-proxy takes IP addresses separated by commas, e.g. 10.0.0.5,10.0.0.6",
                                  "trusted-proxy", "invalid_trusted_proxy");
            settings.trusted_proxies.emplace_back(one);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
    }
    if (auto mb = args->option("max-file-mb")) {
        int n = 0;
        const auto [end, ec] = std::from_chars(mb->data(), mb->data() + mb->size(), n);
        if (ec != std::errc() || end != mb->data() + mb->size() || n < 1 || n > 1024)
            return core::fail(core::ErrorKind::invalid_argument, "--max-file-mb must be a whole number from 1 to 1024",
                              "max-file-mb", "invalid_number");
        settings.digitisation.max_file_bytes = std::int64_t{n} * 1024 * 1024;
    }
    Application application(*path, web_root, clock, settings);
    options->upload_routes = application.upload_routes();
    // Delivery runs beside the server on its own connection; without a configuration messages wait in the outbox.
    std::optional<DeliveryWorker> worker;
    if (notify) {
        worker.emplace(*path, *notify, clock);
        worker->start();
    }
    // The start-up sweep of unanswered supplementation requests reads every waiting dossier: with group commit it
    // runs on the writer while the server already answers (goal 4: accepting requests within 1 s of start).
    const auto say_closed = [&io](std::size_t n) {
        std::ostringstream line;
        line << "motcua: closed " << n << " supplementation request(s) left unanswered\n";
        io.err << line.str() << std::flush;  // one write: the server thread logs to the same stream
    };
    if (group_commit == "on") {
        application.expire_unanswered_requests_on_writer(
            [&io, say_closed](std::exception_ptr error, const core::Result<std::vector<std::string>>& closed) {
                if (error || !closed) {
                    std::string why = closed ? std::string() : closed.error().message;
                    if (error) try {
                            std::rethrow_exception(error);
                        } catch (const std::exception& e) {
                            why = e.what();
                        } catch (...) {
                            why = "unknown error";
                        }
                    std::ostringstream line;
                    line << "motcua: the start-up sweep of supplementation requests failed: " << why << "\n";
                    io.err << line.str() << std::flush;
                } else if (!closed->empty()) {
                    say_closed(closed->size());
                }
            });
    } else if (auto closed = application.expire_unanswered_requests(); closed && !closed->empty()) {
        say_closed(closed->size());
    }
    http::Server server(*options, application.router(),
                        group_commit == "on" ? application.writes() : http::Offload{});
    io.err << "motcua: serving http://" << options->host << ":" << server.port() << "/ (database " << *path
           << ", schema " << application.schema_version() << ", web root " << web_root.string() << ")" << std::endl;
    server.run();
    if (worker) worker->stop();
    io.err << "motcua: stopped" << std::endl;
    return json(nullptr);
}

core::Result<json> notify_once(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "config"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto file = args->required("config");
    if (!file) return tl::unexpected(file.error());
    if (!storage::database_exists(*path))
        return core::fail(core::ErrorKind::not_found, "no database at " + *path, "db", "database_not_found");
    auto config = read_notify_config(*file);
    if (!config) return tl::unexpected(config.error());
    SystemClock clock;
    { Application migrate_first(*path, std::filesystem::temp_directory_path(), clock); }
    DeliveryWorker worker(*path, *config, clock);
    core::DeliveryRound total;
    for (;;) {
        const auto round = worker.deliver_once();
        total.claimed += round.claimed;
        total.sent += round.sent;
        total.retried += round.retried;
        total.gave_up += round.gave_up;
        total.no_channel += round.no_channel;
        if (round.claimed < config->policy.batch) break;
    }
    return json{{"claimed", total.claimed}, {"sent", total.sent}, {"retry_later", total.retried},
                {"failed", total.gave_up}};
}

core::Result<json> sweep(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "supplement-expiry-days"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    if (!storage::database_exists(*path))
        return core::fail(core::ErrorKind::not_found, "no database at " + *path, "db", "database_not_found");
    auto policy = policy_from(*args);
    if (!policy) return tl::unexpected(policy.error());
    SystemClock clock;
    ApplicationOptions settings;
    settings.policy = *policy;
    Application application(*path, std::filesystem::temp_directory_path(), clock, settings);
    auto closed = application.expire_unanswered_requests();
    if (!closed) return tl::unexpected(closed.error());
    return json{{"supplement_requests_closed", *closed}};
}

core::Result<json> calendar_retime(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "actor"}, {"apply"}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    if (!storage::database_exists(*path))
        return core::fail(core::ErrorKind::not_found, "no database at " + *path, "db", "database_not_found");
    if (args->flag("apply") && !args->option("actor"))
        return tl::unexpected(usage_error("--apply records events: name who does it with --actor NAME"));
    SystemClock clock;
    Application application(*path, std::filesystem::temp_directory_path(), clock);
    auto moved = application.retime_open_dossiers(args->flag("apply"), args->option("actor").value_or("dry-run"));
    if (!moved) return tl::unexpected(moved.error());
    json items = json::array();
    for (const auto& m : *moved)
        items.push_back(json{{"code", m.code},
                             {"due_before", core::format_instant(m.due_before)},
                             {"due_after", core::format_instant(m.due_after)}});
    return json{{"applied", args->flag("apply")}, {"dossiers", items}};
}

core::Result<json> list_routes(CommandArgs argv) {
    auto args = Args::parse(argv, {{}, {}});
    if (!args) return tl::unexpected(args.error());
    SystemClock clock;
    Application application(":memory:", std::filesystem::temp_directory_path(), clock);
    json out = json::array();
    for (const auto& entry : application.router().access_table())
        out.push_back(json{{"method", entry.method}, {"path", entry.pattern}, {"access", entry.access.describe()}});
    return out;
}

}  // namespace motcua::app
