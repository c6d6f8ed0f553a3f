#pragma once
// Delivering the outbox, and what clerks see of it.
#include <map>
#include <vector>

#include "core/catalogue.hpp"
#include "core/notification.hpp"
#include "core/ports.hpp"

namespace motcua::core {

struct DeliveryRound {
    int claimed = 0;
    int sent = 0;
    int retried = 0;      ///< failed, to be tried again later
    int gave_up = 0;      ///< failed for good
    int no_channel = 0;   ///< left pending: no channel handles their medium
};

class NotificationService final {
public:
    /// `channels` are tried in order; the first that handles an entry's medium sends it.
    NotificationService(OutboxStore& outbox, DossierStore& dossiers, CatalogueStore& catalogue,
                        std::vector<NotificationChannel*> channels, const Clock& clock, DeliveryPolicy policy = {})
        : outbox_(outbox), dossiers_(dossiers), catalogue_(catalogue), channels_(std::move(channels)), clock_(clock),
          policy_(policy) {}

    /// One delivery pass: claims what is due and sends it. Entries of a medium no channel handles are not claimed
    /// (they stay pending, visible to clerks). Safe to run from several processes at once.
    DeliveryRound deliver_due();

    /// The outbox of one dossier (staff in scope; otherwise not_found like the dossier itself).
    [[nodiscard]] Result<std::vector<OutboxEntry>> for_dossier(std::string_view code, const User& user);
    /// Entries of the user's agencies (or of `agency` within scope), newest first.
    [[nodiscard]] Result<std::vector<OutboxEntry>> list(const User& user, const std::string& agency,
                                                        std::optional<OutboxStatus> status, int limit);
    /// "Send again" for an entry that failed for good. Errors: not_found (unknown or out of scope),
    /// failed_precondition when it has not failed.
    [[nodiscard]] Result<OutboxEntry> requeue(std::int64_t id, const User& user);

    [[nodiscard]] bool has_channel_for(Medium medium) const;
    [[nodiscard]] const DeliveryPolicy& policy() const { return policy_; }

private:
    [[nodiscard]] Status check_scope(std::string_view code, const User& user);

    OutboxStore& outbox_;
    DossierStore& dossiers_;
    CatalogueStore& catalogue_;
    std::vector<NotificationChannel*> channels_;
    const Clock& clock_;
    DeliveryPolicy policy_;
};

}  // namespace motcua::core
