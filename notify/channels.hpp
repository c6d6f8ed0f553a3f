#pragma once
// Delivery channels for the notification outbox, over libcurl: an SMTP relay for e-mail, and a signed HTTPS
// webhook for SMS/Zalo gateways (docs/notifications.md). Adapters of core::NotificationChannel; no domain logic.
#include <chrono>
#include <string>
#include <vector>

#include "core/ports.hpp"

namespace motcua::notify {

struct SmtpSettings {
    std::string url;       ///< "smtp://host:25", "smtp://host:587" (with starttls) or "smtps://host:465"
    std::string from;      ///< envelope and header sender, e.g. "motcua@thanhhoa.gov.vn"
    std::string from_name = "Bộ phận Một cửa";
    std::string username;  ///< empty: no authentication
    std::string password;
    bool starttls = false;  ///< require STARTTLS on a plain smtp:// URL
    std::chrono::seconds timeout{20};
};

/// E-mail through an SMTP relay. The message is UTF-8 (subject RFC 2047, body base64), with a Message-ID derived
/// from the outbox entry so that a retried delivery is recognisable as the same message.
class SmtpChannel final : public core::NotificationChannel {
public:
    explicit SmtpChannel(SmtpSettings settings) : settings_(std::move(settings)) {}
    [[nodiscard]] std::string name() const override { return "smtp"; }
    [[nodiscard]] bool handles(core::Medium medium) const override { return medium == core::Medium::email; }
    [[nodiscard]] core::Result<std::string> send(const core::OutboxEntry& entry,
                                                 const core::RenderedMessage& message) override;

    /// The RFC 5322 message sent for `entry` at `date` (exposed for tests).
    [[nodiscard]] std::string compose(const core::OutboxEntry& entry, const core::RenderedMessage& message,
                                      std::chrono::system_clock::time_point date) const;

private:
    SmtpSettings settings_;
};

struct WebhookSettings {
    std::string url;     ///< the gateway's endpoint (https:// in production; http:// is allowed for loopback tests)
    std::string secret;  ///< HMAC-SHA256 key shared with the gateway
    std::vector<core::Medium> mediums{core::Medium::sms};
    std::chrono::seconds timeout{10};
};

/// POSTs a JSON message to a gateway: {"id","idempotency_key","dossier_code","kind","medium","recipient","subject",
/// "body"}, with headers X-Motcua-Timestamp (Unix seconds) and X-Motcua-Signature: "sha256=" + hex HMAC-SHA256 of
/// "<timestamp>.<body>" under the shared secret, and Idempotency-Key. Any 2xx answer is success; its body (at most
/// 200 bytes) is the receipt.
class WebhookChannel final : public core::NotificationChannel {
public:
    explicit WebhookChannel(WebhookSettings settings) : settings_(std::move(settings)) {}
    [[nodiscard]] std::string name() const override { return "webhook"; }
    [[nodiscard]] bool handles(core::Medium medium) const override;
    [[nodiscard]] core::Result<std::string> send(const core::OutboxEntry& entry,
                                                 const core::RenderedMessage& message) override;

    /// "sha256=<hex>" for `timestamp` and `body` (exposed for tests and for gateways to check against).
    [[nodiscard]] static std::string signature(const std::string& secret, const std::string& timestamp,
                                               const std::string& body);

private:
    WebhookSettings settings_;
};

}  // namespace motcua::notify
