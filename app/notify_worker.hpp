#pragma once
// The notification delivery worker (docs/notifications.md): its configuration file, and a background thread that
// delivers the outbox through the configured channels on its own database connection.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/notification_service.hpp"
#include "notify/channels.hpp"

namespace motcua::app {

/// What `--notify-config FILE` holds:
///     {"smtp": {"url", "from", "from_name"?, "username"?, "password"?, "starttls"?},
///      "webhook": {"url", "secret", "mediums"?: ["sms"]},
///      "interval_seconds"?: 15, "max_attempts"?: 8, "first_retry_seconds"?: 60}
/// Either channel may be left out; with neither, messages stay in the outbox (visible to clerks).
struct NotifyConfig {
    std::optional<notify::SmtpSettings> smtp;
    std::optional<notify::WebhookSettings> webhook;
    std::chrono::seconds interval{15};
    core::DeliveryPolicy policy;
};
[[nodiscard]] core::Result<NotifyConfig> parse_notify_config(const std::string& text);
[[nodiscard]] core::Result<NotifyConfig> read_notify_config(const std::string& path);

/// Delivers the outbox of database `db_path`: deliver_once() for one pass (the `motcua notify` command), or start()
/// for a thread that passes every `interval` until stop() (serve).
class DeliveryWorker final {
public:
    DeliveryWorker(const std::string& db_path, NotifyConfig config, const core::Clock& clock);
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    core::DeliveryRound deliver_once();
    void start();
    void stop();

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
    std::chrono::seconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace motcua::app
