#include "app/notify_worker.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "storage/catalogue_store.hpp"
#include "storage/database.hpp"
#include "storage/dossier_store.hpp"
#include "storage/outbox_store.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

core::Error config_error(const std::string& message, const std::string& field) {
    return core::Error{core::ErrorKind::invalid_argument, "invalid_notify_config", message, field};
}

core::Result<std::string> text_of(const json& object, const char* key, const std::string& where, bool required) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) return tl::unexpected(config_error(where + "." + key + " is required", where + "." + key));
        return std::string();
    }
    if (!it->is_string()) return tl::unexpected(config_error(where + "." + key + " must be a string", where + "." + key));
    return it->get<std::string>();
}

core::Result<long long> number_of(const json& object, const char* key, long long fallback, long long lo, long long hi) {
    const auto it = object.find(key);
    if (it == object.end()) return fallback;
    if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi)
        return tl::unexpected(config_error(std::string(key) + " must be a whole number from " + std::to_string(lo) +
                                               " to " + std::to_string(hi),
                                           key));
    return it->get<long long>();
}

}  // namespace

core::Result<NotifyConfig> parse_notify_config(const std::string& text) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return tl::unexpected(config_error("the notification configuration must be a JSON object", ""));
    NotifyConfig config;
    if (const auto s = doc.find("smtp"); s != doc.end()) {
        if (!s->is_object()) return tl::unexpected(config_error("smtp must be an object", "smtp"));
        notify::SmtpSettings smtp;
        auto url = text_of(*s, "url", "smtp", true);
        auto from = text_of(*s, "from", "smtp", true);
        auto name = text_of(*s, "from_name", "smtp", false);
        auto user = text_of(*s, "username", "smtp", false);
        auto password = text_of(*s, "password", "smtp", false);
        for (const auto* r : {&url, &from, &name, &user, &password})
            if (!*r) return tl::unexpected(r->error());
        if (!url->starts_with("smtp://") && !url->starts_with("smtps://"))
            return tl::unexpected(config_error("smtp.url must start with smtp:// or smtps://", "smtp.url"));
        if (from->find('@') == std::string::npos || from->find_first_of("\r\n<>") != std::string::npos)
            return tl::unexpected(config_error("smtp.from must be an e-mail address", "smtp.from"));
        smtp.url = *url;
        smtp.from = *from;
        if (!name->empty()) smtp.from_name = *name;
        smtp.username = *user;
        smtp.password = *password;
        smtp.starttls = s->value("starttls", false);
        config.smtp = smtp;
    }
    if (const auto w = doc.find("webhook"); w != doc.end()) {
        if (!w->is_object()) return tl::unexpected(config_error("webhook must be an object", "webhook"));
        notify::WebhookSettings hook;
        auto url = text_of(*w, "url", "webhook", true);
        auto secret = text_of(*w, "secret", "webhook", true);
        if (!url) return tl::unexpected(url.error());
        if (!secret) return tl::unexpected(secret.error());
        if (!url->starts_with("https://") && !url->starts_with("http://127.0.0.1") &&
            !url->starts_with("http://localhost"))
            return tl::unexpected(
                config_error("webhook.url must be https:// (plain http only to a loopback address)", "webhook.url"));
        if (secret->size() < 16)
            return tl::unexpected(config_error("webhook.secret must be at least 16 characters", "webhook.secret"));
        hook.url = *url;
        hook.secret = *secret;
        if (const auto m = w->find("mediums"); m != w->end()) {
            if (!m->is_array() || m->empty())
                return tl::unexpected(config_error("webhook.mediums must be a non-empty list", "webhook.mediums"));
            hook.mediums.clear();
            for (const auto& item : *m) {
                if (!item.is_string())
                    return tl::unexpected(config_error("webhook.mediums holds names", "webhook.mediums"));
                auto medium = core::parse_medium(item.get<std::string>(), "webhook.mediums");
                if (!medium) return tl::unexpected(medium.error());
                hook.mediums.push_back(*medium);
            }
        }
        config.webhook = hook;
    }
    auto interval = number_of(doc, "interval_seconds", 15, 1, 3600);
    auto attempts = number_of(doc, "max_attempts", 8, 1, 100);
    auto first = number_of(doc, "first_retry_seconds", 60, 1, 86400);
    for (const auto* r : {&interval, &attempts, &first})
        if (!*r) return tl::unexpected(r->error());
    config.interval = std::chrono::seconds(*interval);
    config.policy.max_attempts = static_cast<int>(*attempts);
    config.policy.first_retry = std::chrono::seconds(*first);
    return config;
}

core::Result<NotifyConfig> read_notify_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail(core::ErrorKind::not_found, "cannot read " + path, "notify-config", "file_not_found");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_notify_config(text.str());
}

// Its own connection: the worker runs beside the server's thread, and an SQLite connection carries one transaction.
struct DeliveryWorker::Parts {
    Parts(const std::string& path, const NotifyConfig& config, const core::Clock& clock) : db(path) {
        if (config.smtp) smtp.emplace(*config.smtp);
        if (config.webhook) webhook.emplace(*config.webhook);
        std::vector<core::NotificationChannel*> channels;
        if (smtp) channels.push_back(&*smtp);
        if (webhook) channels.push_back(&*webhook);
        service = std::make_unique<core::NotificationService>(outbox, dossiers, catalogue, channels, clock,
                                                              config.policy);
    }
    storage::Database db;
    storage::SqliteOutboxStore outbox{db};
    storage::SqliteDossierStore dossiers{db};
    storage::SqliteCatalogueStore catalogue{db};
    std::optional<notify::SmtpChannel> smtp;
    std::optional<notify::WebhookChannel> webhook;
    std::unique_ptr<core::NotificationService> service;
};

DeliveryWorker::DeliveryWorker(const std::string& db_path, NotifyConfig config, const core::Clock& clock)
    : parts_(std::make_unique<Parts>(db_path, config, clock)), interval_(config.interval) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

core::DeliveryRound DeliveryWorker::deliver_once() { return parts_->service->deliver_due(); }

void DeliveryWorker::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            try {
                // Drain what is due, a batch at a time, then sleep.
                for (;;) {
                    const auto round = deliver_once();
                    if (round.claimed < parts_->service->policy().batch) break;
                }
            } catch (const std::exception& e) {
                // A database hiccup (busy, disk) must not end delivery: report it and try again next time.
                std::cerr << "motcua: notification delivery: " << e.what() << std::endl;
            }
            lock.lock();
            wake_.wait_for(lock, interval_, [this] { return stopping_; });
        }
    });
}

void DeliveryWorker::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace motcua::app
