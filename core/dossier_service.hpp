#pragma once
// The clerk's day: intake (receive / request supplementation at the counter / refuse), lifecycle events, the staff
// view and list, and the citizen's public lookup. Each public function is one use case.
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/dossier.hpp"
#include "core/engines.hpp"
#include "core/ports.hpp"

namespace motcua::core {

enum class IntakeDecision { receive, request_supplement, refuse };
[[nodiscard]] const char* to_string(IntakeDecision d) noexcept;
[[nodiscard]] Result<IntakeDecision> parse_intake_decision(std::string_view text, std::string_view field = {});

struct IntakeRequest {
    std::string procedure_code;
    std::string agency;  ///< receiving agency; empty: the clerk's own
    Channel channel = Channel::direct;
    std::optional<Timestamp> received_at;  ///< default now; never in the future
    Applicant applicant;
    std::vector<HandedComponent> components;
    IntakeDecision decision = IntakeDecision::receive;
    std::string reason;
    std::vector<std::string> items;
    std::string fee_group;  ///< the applicant's fee exemption group (core/fees.hpp), empty: none
    /// counter (default) or home_visit (staff serving the person at home); the online modes come from
    /// submit_online.
    ServiceMode service_mode = ServiceMode::counter;
    /// The received dossier's lookup key, drawn by DossierService::prepare_intake before the write is queued;
    /// empty: intake draws it.
    std::string lookup_key;
};

/// An online pre-submission: what the citizen (or the volunteer or staff member helping them) filled in.
struct SubmissionRequest {
    std::string procedure_code;
    std::string agency;  ///< receiving agency; empty: the procedure's resolving agency
    Applicant applicant;
    std::vector<HandedComponent> components;  ///< what is attached or declared per component
};

/// The clerk's decision on a pre-submission: the counter intake's three outcomes.
struct SubmissionDecision {
    IntakeDecision decision = IntakeDecision::receive;
    std::optional<Timestamp> at;  ///< default now; never in the future
    std::string reason;
    std::vector<std::string> items;
    /// receive: what was finally handed in or attached, when it differs from the submission (after a supplement).
    std::optional<std::vector<HandedComponent>> components;
};

struct IntakeOutcome {
    IntakeDecision decision = IntakeDecision::receive;
    std::optional<Dossier> dossier;  ///< when received
    std::int64_t record_id = 0;      ///< when not received
};

/// A lifecycle event as a clerk submits it (the inputs of DossierEvent, plus an optional instant).
struct EventCommand {
    EventType type = EventType::handover;
    std::optional<Timestamp> at;  ///< default now; never in the future
    DossierEvent inputs;          ///< reason, note, items, to_unit, agency, signer, new_due_at, method
};

/// What a citizen may see of a dossier: no ID number, phone, e-mail or address.
struct PublicDossier {
    const Dossier* dossier = nullptr;
    std::string procedure_name;
};

/// Length of the citizen's lookup key: 10 Crockford base-32 characters = 50 bits.
inline constexpr std::size_t kLookupKeyLength = 10;

class DossierService final {
public:
    DossierService(CatalogueStore& catalogue, DossierStore& dossiers, AccessLog& access_log, EngineRegistry& engines,
                   Crypto& crypto, const Clock& clock, LifecyclePolicy policy = {}, FeeExemptions exemptions = {})
        : catalogue_(catalogue), dossiers_(dossiers), access_log_(access_log), engines_(engines), crypto_(crypto),
          clock_(clock), policy_(policy), exemptions_(std::move(exemptions)) {}

    /// Intake at the counter. Errors: unknown procedure or agency (invalid_argument on "procedure_code"/"agency"),
    /// malformed applicant fields, a component the procedure does not list, a missing required component on
    /// receive ("missing_component", field "components[<id>]"), a future receipt time, an agency outside the clerk's
    /// scope (permission_denied), an unknown fee group (unprocessable "unknown_fee_group"). A received dossier gets
    /// its fee lines (core/fees.hpp intake_fee_lines) in the same transaction.
    [[nodiscard]] Result<IntakeOutcome> intake(const IntakeRequest& request, const User& clerk);
    /// What an intake needs that reads and writes nothing, done before it is queued for the writer (decision 0047):
    /// draws the lookup key of a dossier to be received, with this service's Crypto on the calling thread.
    void prepare_intake(IntakeRequest& request);

    /// Online pre-submission (status 1): code and lookup key now, no clock until a clerk receives it. `helper` is
    /// the logged-in volunteer (service mode online_volunteer) or staff member serving the person at home
    /// (home_visit, within their scope), or nullptr for a citizen on their own (online_self). Errors: those of the
    /// counter intake (unknown procedure, agency or component, malformed applicant, a missing required component),
    /// and a procedure not offered online (unprocessable "not_offered_online").
    [[nodiscard]] Result<Dossier> submit_online(const SubmissionRequest& request, const User* helper);

    /// A clerk decides on a pre-submission (status 1, or 5 while waiting for its supplement) with the counter
    /// intake's rules: receive (status 2; every required component handed in; the clock, appointment and rule set
    /// computed from this instant exactly as at the counter), request supplementation once ("items", status 5,
    /// no clock), or refuse ("reason", status 3). Errors: not_found outside scope, illegal_transition when already
    /// decided, missing_component, missing_field.
    [[nodiscard]] Result<Dossier> decide_submission(std::string_view code, const SubmissionDecision& decision,
                                                    const User& clerk);

    /// Records a lifecycle event. Errors: not_found (also for a dossier outside the user's scope), illegal
    /// transitions (failed_precondition), bad inputs (invalid_argument), conflict when a concurrent change won.
    [[nodiscard]] Result<Dossier> record_event(std::string_view code, const EventCommand& command, const User& user);

    /// The staff view with the timeline; not_found outside the user's scope.
    [[nodiscard]] Result<Dossier> get(std::string_view code, const User& user);
    /// get() for a person opening the full record (applicant's identity and contacts): the read is put on the
    /// audit log as "dossier.viewed" (actor, dossier code) before the record is returned.
    [[nodiscard]] Result<Dossier> open_record(std::string_view code, const User& user);
    [[nodiscard]] Result<DossierPage> list(DossierFilter filter, const User& user);

    /// The citizen's lookup: the dossier when the key matches; a wrong or missing key answers exactly like an unknown
    /// code (not_found "dossier_not_found").
    [[nodiscard]] Result<Dossier> lookup(std::string_view code, std::string_view key);
    /// The same check, answering with the document `form` the store keeps ready-made (what the public lookup and
    /// Open311 send): one statement, nothing decoded.
    [[nodiscard]] Result<PublicRecord> lookup_public(std::string_view code, std::string_view key, PublicForm form);

    /// Closes supplementation requests left unanswered for policy().supplement_expiry working days (event
    /// `supplement_expired`, actor "system", dated when the period ran out). Returns the codes closed.
    [[nodiscard]] Result<std::vector<std::string>> expire_unanswered_requests();

    struct Retimed {
        std::string code;
        Timestamp due_before;
        Timestamp due_after;
    };
    /// After a calendar change: recomputes the due of every open dossier with the calendar now stored and returns
    /// those whose due moved. With `apply`, records a `retime` event (audited, by `actor`) on each of them;
    /// otherwise changes nothing (a dry run).
    [[nodiscard]] Result<std::vector<Retimed>> retime_open_dossiers(bool apply, const std::string& actor);

    [[nodiscard]] const LifecyclePolicy& policy() const { return policy_; }

private:
    /// record_event without the refusal of system events (used by the sweep).
    Result<Dossier> record(std::string_view code, const EventCommand& command, const User& user);
    Result<Timestamp> instant_or_now(const std::optional<Timestamp>& at, const char* field) const;

    CatalogueStore& catalogue_;
    DossierStore& dossiers_;
    AccessLog& access_log_;
    EngineRegistry& engines_;
    Crypto& crypto_;
    const Clock& clock_;
    LifecyclePolicy policy_;
    FeeExemptions exemptions_;
};

}  // namespace motcua::core
