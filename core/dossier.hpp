#pragma once
// A dossier (hồ sơ) and its lifecycle: the national status list 1–10 (domain.md §1.11), the events that move it,
// and the rules that say which move is legal. State is derived from events by `apply`, a pure function, so that the
// server, the demo generator and the tests all run exactly the same rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/fees.hpp"
#include "core/time.hpp"

namespace motcua::core {

enum class Channel { direct, online, postal };
[[nodiscard]] const char* to_string(Channel channel) noexcept;
[[nodiscard]] Result<Channel> parse_channel(std::string_view text, std::string_view field = {});

/// How the person was served (issue #9): at the counter, online on their own, online with a volunteer's help, or at
/// home by staff. Stored on every dossier and counter intake record, shown on the record and the receipt, counted
/// in reports.
enum class ServiceMode { counter, online_self, online_volunteer, home_visit };
[[nodiscard]] const char* to_string(ServiceMode mode) noexcept;
[[nodiscard]] Result<ServiceMode> parse_service_mode(std::string_view text, std::string_view field = {});

/// National status codes (domain.md §1.11).
enum class DossierStatus {
    submitted_online = 1,
    received = 2,
    refused = 3,
    processing = 4,
    supplement_requested = 5,
    financial_obligation = 6,
    withdrawn = 7,
    stopped = 8,
    result_ready = 9,
    returned = 10,
};
[[nodiscard]] const char* to_string(DossierStatus status) noexcept;
[[nodiscard]] Result<DossierStatus> parse_status(std::string_view text, std::string_view field = {});
[[nodiscard]] constexpr int status_code(DossierStatus s) noexcept { return static_cast<int>(s); }
/// Withdrawn, stopped and returned dossiers take no further events.
[[nodiscard]] bool is_terminal(DossierStatus s) noexcept;
/// Still counting against its deadline (received, processing, supplementation, financial obligation).
[[nodiscard]] bool is_open(DossierStatus s) noexcept;

struct Representative {
    std::string name;
    std::string id_number;
    std::string phone;
    friend bool operator==(const Representative&, const Representative&) = default;
};

struct Applicant {
    std::string name;
    std::string id_number;  ///< 12-digit personal identification number (CCCD)
    std::string phone;
    std::string email;
    std::string address;
    std::optional<Representative> representative;
    friend bool operator==(const Applicant&, const Applicant&) = default;
};

/// Name, 12-digit ID number, Vietnamese phone (0 + 9 digits, or +84 + 9 digits), optional e-mail, address. Field
/// names are prefixed with `prefix` ("applicant.").
[[nodiscard]] Status validate(const Applicant& applicant, const std::string& prefix = "applicant.");

struct HandedComponent {
    std::string component_id;
    int originals = 0;
    int copies = 0;
    int certified_copies = 0;
    friend bool operator==(const HandedComponent&, const HandedComponent&) = default;
};

enum class EventType {
    receive,
    handover,
    consult,
    request_supplement,
    supplement_received,
    supplement_expired,
    pause,
    resume,
    apologize,
    result_ready,
    return_result,
    withdraw,
    stop,
    retime,  ///< recomputation of the due after a calendar change (explicit, audited; docs/deadlines.md)
    // Online pre-submission (status 1), before receipt: the same three outcomes as at the counter. `receive` above
    // is also the receipt of a pre-submission (status 1 → 2, the clock starts then).
    submit,                        ///< submitted online: status 1, code and key given, no clock
    request_supplement_at_intake,  ///< the clerk's one request to complete it before receipt: 1 → 5 (no clock)
    refuse,                        ///< refused at intake (form 03), with the reason: 1 or 5 → 3
};
[[nodiscard]] const char* to_string(EventType type) noexcept;
[[nodiscard]] Result<EventType> parse_event_type(std::string_view text, std::string_view field = {});

enum class ReturnMethod { counter, post, electronic };
[[nodiscard]] const char* to_string(ReturnMethod method) noexcept;
[[nodiscard]] Result<ReturnMethod> parse_return_method(std::string_view text, std::string_view field = {});

/// One event on the timeline. Inputs come from the command; the `computed` part is filled in by `apply` and stored
/// with the event so that the timeline shows what was decided at the time.
struct DossierEvent {
    EventType type = EventType::receive;
    Timestamp at;
    std::string actor;  ///< username, or "system"
    // Inputs (which ones a type needs: docs/lifecycle.md).
    std::string reason;
    std::string note;
    std::vector<std::string> items;  ///< request_supplement: what to bring
    std::string to_unit;             ///< handover: receiving unit/person
    std::string agency;              ///< consult: the co-operating agency
    std::string signer;              ///< apologize
    std::optional<Timestamp> new_due_at;
    std::optional<ReturnMethod> method;
    // Computed by apply.
    std::optional<Timestamp> step_due_at;             ///< handover: the due of the step handed on
    std::optional<Timeliness> step_result;            ///< handover: early/on time/late for that step
    std::optional<Timestamp> due_after;               ///< the effective due after the event
    bool late_apology = false;                        ///< apologize: issued after the end of the day before the due
    std::optional<Timeliness> timeliness;             ///< result_ready
};

struct PauseSpan {
    Timestamp from;
    std::optional<Timestamp> to;
    friend bool operator==(const PauseSpan&, const PauseSpan&) = default;
};

/// The dossier as stored: identity, intake data, derived state and the timeline.
struct Dossier {
    std::int64_t id = 0;      ///< storage key; 0 before insertion
    std::int64_t version = 0; ///< optimistic concurrency: incremented by every stored event
    std::string code;         ///< <agency>-<yyMMdd>-<NNNN>
    std::string lookup_key;   ///< the citizen's key (printed on the receipt)
    std::string agency;       ///< receiving agency
    std::string resolving_agency;
    std::string procedure_code;
    int procedure_version = 1;
    Channel channel = Channel::direct;
    Applicant applicant;
    std::vector<HandedComponent> components;
    std::string received_by;
    Timestamp received_at;
    std::string rule_set;  ///< the legal framework in force at receipt (see rule_set_for)
    ServiceMode service_mode = ServiceMode::counter;
    std::string prepared_by;               ///< the volunteer (online_volunteer) or staff member (home_visit)
    std::optional<Timestamp> submitted_at; ///< online pre-submissions: when it was submitted

    DossierStatus status = DossierStatus::received;
    Timestamp clock_start;                    ///< start of the current run of the clock
    std::optional<Timestamp> restarted_at;    ///< receipt of the last supplement
    std::vector<PauseSpan> pauses;
    Timestamp original_due_at;                ///< statutory due: judged against for timeliness
    std::optional<Timestamp> extended_due_at; ///< from the apology
    Timestamp due_at;                         ///< effective due (extended or statutory)
    int supplement_rounds = 0;
    bool apologized = false;
    bool late_apology = false;
    int step_index = 0;                       ///< current process step (0-based); == steps.size() when past the last
    Timestamp step_started_at;
    std::optional<Timestamp> step_due_at;
    std::optional<Timestamp> result_ready_at;
    std::optional<Timestamp> returned_at;
    std::optional<Timeliness> timeliness;
    std::vector<DossierEvent> timeline;
    /// Fee lines raised at intake (core/fees.hpp): written with the dossier by DossierStore::insert_received; read
    /// them back through PaymentStore::account (find() leaves this empty).
    std::vector<FeeLine> fees;
};

/// The legal framework a dossier received on `day` is handled under: "decree-61-2018" before 1/7/2025,
/// "decree-118-2025" from then on (domain.md §0). Kept on the dossier so later rule changes do not rewrite it.
[[nodiscard]] std::string rule_set_for(Date day);

/// Dossier codes: `<agency e-ID>-<yyMMdd>-<NNNN>` (4 digits, more after 9,999 in a day).
[[nodiscard]] std::string format_dossier_code(std::string_view agency, Date received_on, std::int64_t sequence);

/// Configuration of lifecycle rules that domain.md marks [S]/[M] (docs/lifecycle.md).
struct LifecyclePolicy {
    CompareBy timeliness_by = CompareBy::date;    ///< how result-ready is compared with the due
    CompareBy step_timeliness_by = CompareBy::instant;
    WorkingDays supplement_expiry{15};            ///< unanswered supplementation requests close after this
};

/// Whether a clerk has received the dossier: always for a counter intake; for an online pre-submission
/// (submitted_at set) once its `receive` is recorded. Until then `received_by` is empty and no clock runs:
/// received_at and the dues hold the submission instant.
[[nodiscard]] inline bool is_received(const Dossier& d) noexcept {
    return !d.submitted_at || !d.received_by.empty();
}

/// Creates the state of an online pre-submission (status 1): no clock, timeline = one `submit` event at
/// `submitted_at` by `actor` ("citizen", or the volunteer's or staff member's username). The caller fills identity
/// fields (agency, applicant, components, service mode, key) before calling.
[[nodiscard]] Dossier start_submission(Dossier draft, const Procedure& procedure, Timestamp submitted_at,
                                       const std::string& actor);

/// Creates the state of a freshly received dossier: clock started (with the procedure's cut-off), statutory due,
/// first process step opened, timeline = one `receive` event. The caller fills identity fields before calling.
[[nodiscard]] Result<Dossier> start_dossier(Dossier draft, const Procedure& procedure, const DeadlineEngine& engine);

/// Applies one event: checks that it is legal in the current status (failed_precondition "illegal_transition"
/// otherwise, nothing changed), checks its inputs (invalid_argument naming the field), and returns the new state
/// with the event appended (its computed fields filled in). `event.at` must not be before the last event.
[[nodiscard]] Result<Dossier> apply(const Dossier& dossier, DossierEvent event, const Procedure& procedure,
                                    const DeadlineEngine& engine, const LifecyclePolicy& policy = {});

/// The events a person may record next (for the clerk's action menu; system events are left out).
[[nodiscard]] std::vector<EventType> allowed_events(const Dossier& dossier);

}  // namespace motcua::core
