#include "core/notification_service.hpp"

#include <algorithm>

#include "core/access.hpp"

namespace motcua::core {

bool NotificationService::has_channel_for(Medium medium) const {
    return std::any_of(channels_.begin(), channels_.end(), [&](const NotificationChannel* c) { return c->handles(medium); });
}

DeliveryRound NotificationService::deliver_due() {
    DeliveryRound round;
    std::vector<Medium> mediums;
    for (const Medium m : {Medium::email, Medium::sms})
        if (has_channel_for(m)) mediums.push_back(m);
    if (mediums.empty()) return round;
    const Timestamp now = clock_.now();
    const auto claimed = outbox_.claim_due(now, now + policy_.lease, policy_.batch, mediums);
    round.claimed = static_cast<int>(claimed.size());
    for (const OutboxEntry& entry : claimed) {
        NotificationChannel* channel = nullptr;
        for (NotificationChannel* c : channels_)
            if (c->handles(entry.message.medium)) {
                channel = c;
                break;
            }
        if (channel == nullptr) {  // the configuration changed under us: give the entry back untouched
            outbox_.record_failure(entry.id, now, "", "no channel handles " + std::string(to_string(entry.message.medium)),
                                   now);
            ++round.no_channel;
            continue;
        }
        const auto receipt = channel->send(entry, render(entry));
        const Timestamp done = clock_.now();
        if (receipt) {
            outbox_.record_sent(entry.id, done, channel->name(), *receipt);
            ++round.sent;
            continue;
        }
        const auto retry = next_attempt(policy_, entry.attempts + 1, done);
        outbox_.record_failure(entry.id, done, channel->name(), receipt.error().message, retry);
        if (retry) ++round.retried;
        else ++round.gave_up;
    }
    return round;
}

Status NotificationService::check_scope(std::string_view code, const User& user) {
    const auto d = dossiers_.find(code, false);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {}, "dossier_not_found");
    return {};
}

Result<std::vector<OutboxEntry>> NotificationService::for_dossier(std::string_view code, const User& user) {
    if (auto ok = check_scope(code, user); !ok) return tl::unexpected(ok.error());
    return outbox_.for_dossier(code);
}

Result<std::vector<OutboxEntry>> NotificationService::list(const User& user, const std::string& agency,
                                                           std::optional<OutboxStatus> status, int limit) {
    const Scope scope(user, catalogue_.agencies());
    std::vector<std::string> agencies;
    if (!agency.empty()) {
        if (!scope.covers(agency))
            return fail(ErrorKind::permission_denied, "agency " + agency + " is outside your scope", "agency",
                        "agency_out_of_scope");
        agencies.push_back(agency);
    } else if (!scope.all()) {
        agencies = scope.agencies();
    }
    return outbox_.list(agencies, status, limit);
}

Result<OutboxEntry> NotificationService::requeue(std::int64_t id, const User& user) {
    const auto entry = outbox_.find(id);
    if (!entry) return fail(ErrorKind::not_found, "no message " + std::to_string(id), {}, "message_not_found");
    if (auto ok = check_scope(entry->dossier_code, user); !ok)
        return fail(ErrorKind::not_found, "no message " + std::to_string(id), {}, "message_not_found");
    if (entry->status != OutboxStatus::failed)
        return fail(ErrorKind::failed_precondition, "only a message that failed for good can be sent again", {},
                    "message_not_failed");
    const Timestamp now = clock_.now();
    if (!outbox_.requeue(id, now,
                         AuditRecord{now, user.username, "notification.requeued", "dossier:" + entry->dossier_code,
                                     {{"message", std::to_string(id)}}}))
        return fail(ErrorKind::conflict, "the message changed meanwhile; reload", {}, "message_changed");
    return *outbox_.find(id);
}

}  // namespace motcua::core
