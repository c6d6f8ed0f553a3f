#pragma once
// Messages to citizens about their dossier (issue "Web front", Notifications): which changes a citizen hears about,
// what the message says, and the outbox entry that carries it to a channel (docs/notifications.md).
//
// The outbox row is written in the same transaction as the event that causes it (DossierStore), so a message is
// never lost or recorded twice. Delivery happens later, through configured channels, with retries and backoff
// (NotificationService); it is at-least-once, and every attempt's result is recorded on the row.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/dossier.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// The citizen-visible changes that produce a message.
enum class NotificationKind { received, supplement_requested, extended, result_ready };
[[nodiscard]] const char* to_string(NotificationKind kind) noexcept;
[[nodiscard]] Result<NotificationKind> parse_notification_kind(std::string_view text, std::string_view field = {});

/// How a message reaches the citizen: e-mail, or a short text through a gateway (SMS, Zalo).
enum class Medium { email, sms };
[[nodiscard]] const char* to_string(Medium medium) noexcept;
[[nodiscard]] Result<Medium> parse_medium(std::string_view text, std::string_view field = {});

/// A message to be sent, as decided when the event happens. `params` holds what the text needs (dates already
/// formatted for the citizen), so the text can be rendered the same way at any later time.
struct Notification {
    NotificationKind kind = NotificationKind::received;
    Medium medium = Medium::email;
    std::string recipient;  ///< an e-mail address or a phone number, as the citizen gave it
    std::vector<std::pair<std::string, std::string>> params;
    friend bool operator==(const Notification&, const Notification&) = default;
};

/// The messages the newest event of `after` calls for: one per contact the applicant gave (e-mail and/or phone).
/// Events a citizen does not need to hear about (handovers, pauses, internal steps) give none.
[[nodiscard]] std::vector<Notification> notifications_for(const Dossier& after);

enum class OutboxStatus { pending, sending, sent, failed };
[[nodiscard]] const char* to_string(OutboxStatus status) noexcept;
[[nodiscard]] Result<OutboxStatus> parse_outbox_status(std::string_view text, std::string_view field = {});

/// One row of the outbox.
struct OutboxEntry {
    std::int64_t id = 0;
    std::string dossier_code;
    std::int64_t event_seq = 0;  ///< the event that caused it (unique with medium per dossier)
    Notification message;
    OutboxStatus status = OutboxStatus::pending;
    int attempts = 0;
    Timestamp created_at;
    Timestamp next_attempt_at;     ///< pending: not before; sending: the claim's lease ends
    std::optional<Timestamp> sent_at;
    std::string channel;           ///< the channel that took it (or last tried)
    std::string last_result;       ///< the channel's receipt, or the last error
};

/// The message as the citizen reads it.
struct RenderedMessage {
    std::string subject;  ///< e-mail subject (empty for SMS)
    std::string body;
};
/// Vietnamese text for `entry`; SMS bodies stay short and free of diacritics-dependent formatting, under 320 bytes.
[[nodiscard]] RenderedMessage render(const OutboxEntry& entry);

/// Retry schedule: attempt n (1-based) failed → wait first_retry × 2^(n-1), at most max_wait; after max_attempts
/// failures the entry is marked failed and stays visible to clerks.
struct DeliveryPolicy {
    int max_attempts = 8;
    std::chrono::seconds first_retry{60};
    std::chrono::seconds max_wait{6 * 3600};
    std::chrono::seconds lease{120};  ///< a claimed entry not finished within this is claimed again (crash safety)
    int batch = 50;
};
/// When to try again after `attempts` failed attempts, or nullopt when the entry should give up.
[[nodiscard]] std::optional<Timestamp> next_attempt(const DeliveryPolicy& policy, int attempts, Timestamp failed_at);

}  // namespace motcua::core
