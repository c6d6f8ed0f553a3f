#pragma once
// What clerks see of the notification outbox (docs/notifications.md).
#include "core/notification_service.hpp"
#include "http/router.hpp"

namespace motcua::http {

/// GET  /api/v1/dossiers/{code}/notifications   any staff role, within scope → {"items":[entry…]}
/// GET  /api/v1/notifications[?status=&agency=&limit=]   any staff role → the outbox of the user's agencies,
///                                               newest first, {"items":[entry…],"channels":{"email","sms"}}
/// POST /api/v1/notifications/{id}/retry        clerk, agency_head, admin → 200 entry (a failed message, queued again)
/// An entry: {"id","dossier_code","event_seq","kind","medium","recipient","status","attempts","created_at",
///            "next_attempt_at","sent_at"?,"channel","last_result","subject","body"}.
void add_notification_routes(Router& router, core::NotificationService& notifications, bool email_channel,
                             bool sms_channel);

}  // namespace motcua::http
