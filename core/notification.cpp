#include "core/notification.hpp"

#include <algorithm>
#include <array>

#include "core/enum_text.hpp"

namespace motcua::core {
namespace {

using K = NotificationKind;

/// "16:30 ngày 02/03/2026": how a citizen reads an instant (office time).
std::string citizen_time(Timestamp t) {
    const LocalTime local = to_local(t);
    const std::string iso = format_local_minute(local);  // YYYY-MM-DDTHH:MM
    return iso.substr(11, 5) + " ngày " + iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string param(const OutboxEntry& e, std::string_view name) {
    for (const auto& [k, v] : e.message.params)
        if (k == name) return v;
    return {};
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
    return out;
}

}  // namespace

const char* to_string(NotificationKind kind) noexcept {
    switch (kind) {
        case K::received: return "received";
        case K::supplement_requested: return "supplement_requested";
        case K::extended: return "extended";
        case K::result_ready: return "result_ready";
    }
    return "received";
}

Result<NotificationKind> parse_notification_kind(std::string_view text, std::string_view field) {
    static constexpr std::array kAll{K::received, K::supplement_requested, K::extended, K::result_ready};
    return parse_enum<NotificationKind>(text, kAll, field, "notification_kind");
}

const char* to_string(Medium medium) noexcept { return medium == Medium::sms ? "sms" : "email"; }

Result<Medium> parse_medium(std::string_view text, std::string_view field) {
    static constexpr std::array kAll{Medium::email, Medium::sms};
    return parse_enum<Medium>(text, kAll, field, "medium");
}

const char* to_string(OutboxStatus status) noexcept {
    switch (status) {
        case OutboxStatus::pending: return "pending";
        case OutboxStatus::sending: return "sending";
        case OutboxStatus::sent: return "sent";
        case OutboxStatus::failed: return "failed";
    }
    return "pending";
}

Result<OutboxStatus> parse_outbox_status(std::string_view text, std::string_view field) {
    static constexpr std::array kAll{OutboxStatus::pending, OutboxStatus::sending, OutboxStatus::sent,
                                     OutboxStatus::failed};
    return parse_enum<OutboxStatus>(text, kAll, field, "outbox_status");
}

std::vector<Notification> notifications_for(const Dossier& after) {
    if (after.timeline.empty()) return {};
    const DossierEvent& e = after.timeline.back();
    Notification n;
    switch (e.type) {
        case EventType::receive:
            n.kind = K::received;
            n.params = {{"due", citizen_time(after.due_at)}};
            break;
        case EventType::request_supplement:
        case EventType::request_supplement_at_intake:
            n.kind = K::supplement_requested;
            n.params = {{"items", joined(e.items)}, {"reason", e.reason}};
            break;
        case EventType::apologize:
            n.kind = K::extended;
            n.params = {{"reason", e.reason}, {"new_due", e.new_due_at ? citizen_time(*e.new_due_at) : ""}};
            break;
        case EventType::result_ready:
            n.kind = K::result_ready;
            n.params = {{"ready_at", citizen_time(e.at)}};
            break;
        case EventType::handover:
        case EventType::consult:
        case EventType::supplement_received:
        case EventType::supplement_expired:
        case EventType::pause:
        case EventType::resume:
        case EventType::return_result:
        case EventType::withdraw:
        case EventType::stop:
        case EventType::retime:
        case EventType::submit:   // the code and key are on the citizen's screen
        case EventType::refuse:   // shown on the lookup page with its reason
            return {};  // internal steps, or the citizen is at the counter
    }
    std::vector<Notification> out;
    if (!after.applicant.email.empty()) {
        Notification m = n;
        m.medium = Medium::email;
        m.recipient = after.applicant.email;
        out.push_back(std::move(m));
    }
    if (!after.applicant.phone.empty()) {
        Notification m = n;
        m.medium = Medium::sms;
        m.recipient = after.applicant.phone;
        out.push_back(std::move(m));
    }
    return out;
}

RenderedMessage render(const OutboxEntry& entry) {
    const std::string& code = entry.dossier_code;
    const bool sms = entry.message.medium == Medium::sms;
    RenderedMessage m;
    switch (entry.message.kind) {
        case K::received:
            m.subject = "Hồ sơ " + code + " đã được tiếp nhận";
            m.body = "Hồ sơ " + code + " đã được tiếp nhận. Hẹn trả kết quả: " + param(entry, "due") + ".";
            break;
        case K::supplement_requested:
            m.subject = "Hồ sơ " + code + " cần bổ sung";
            m.body = "Hồ sơ " + code + " cần bổ sung: " + param(entry, "items") + ".";
            if (!sms && !param(entry, "reason").empty()) m.body += " Lý do: " + param(entry, "reason") + ".";
            break;
        case K::extended:
            m.subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code;
            m.body = "Hồ sơ " + code + " chưa giải quyết kịp hạn. Cơ quan xin lỗi và hẹn trả kết quả vào " +
                     param(entry, "new_due") + ".";
            if (!sms && !param(entry, "reason").empty()) m.body += " Lý do: " + param(entry, "reason") + ".";
            break;
        case K::result_ready:
            m.subject = "Hồ sơ " + code + " đã có kết quả";
            m.body = "Hồ sơ " + code + " đã có kết quả từ " + param(entry, "ready_at") +
                     ". Mời ông/bà đến nhận theo giấy hẹn.";
            break;
    }
    if (sms) {
        m.subject.clear();
        // Keep a text message to at most 320 bytes without splitting a UTF-8 character.
        if (m.body.size() > 320) {
            std::size_t cut = 317;
            while (cut > 0 && (static_cast<unsigned char>(m.body[cut]) & 0xC0) == 0x80) --cut;
            m.body = m.body.substr(0, cut) + "...";
        }
    } else {
        m.body += "\n\nTra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu in trên giấy tiếp nhận.\n"
                  "Thư này được gửi tự động; vui lòng không trả lời.";
    }
    return m;
}

std::optional<Timestamp> next_attempt(const DeliveryPolicy& policy, int attempts, Timestamp failed_at) {
    if (attempts >= policy.max_attempts) return std::nullopt;
    auto wait = policy.first_retry;
    for (int i = 1; i < attempts && wait < policy.max_wait; ++i) wait *= 2;
    return failed_at + std::min(wait, policy.max_wait);
}

}  // namespace motcua::core
