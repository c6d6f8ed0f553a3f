#pragma once
// Interfaces core needs from the outside world. Implementations live in storage/ (SQLite) and app/ (system clock);
// they are wired together only in app/main.cpp.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cstdint>
#include <optional>

#include "core/attachment.hpp"
#include "core/catalogue.hpp"
#include "core/counts766.hpp"
#include "core/counts766_rollup.hpp"
#include "core/dossier.hpp"
#include "core/evaluation.hpp"
#include "core/notification.hpp"
#include "core/payment.hpp"
#include "core/holidays.hpp"
#include "core/report_rollup.hpp"
#include "core/reports.hpp"
#include "core/survey.hpp"
#include "core/time.hpp"

namespace motcua::core {

/// Where "now" comes from. Production uses the system clock; tests use a fixed one.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Timestamp now() const = 0;
};

/// One state change, as the audit log records it. `detail` is a flat list of named values (storage encodes it).
struct AuditRecord {
    Timestamp at;
    std::string actor;    ///< a username, or "system"
    std::string action;   ///< dotted verb, e.g. "calendar.notice_loaded"
    std::string subject;  ///< what changed, e.g. "calendar:2026:" or a dossier code
    std::vector<std::pair<std::string, std::string>> detail;
};

/// Records staff reads of personal data (who opened which dossier's full record), which the Personal Data
/// Protection Law wants on file. The record goes on the audit log like a change.
class AccessLog {
public:
    virtual ~AccessLog() = default;
    virtual void record_read(const AuditRecord& audit) = 0;
};

enum class NoticeSource { shipped, admin };
[[nodiscard]] const char* to_string(NoticeSource source) noexcept;

struct StoredNotice {
    YearNotice notice;
    NoticeSource source = NoticeSource::shipped;
    Timestamp loaded_at;
    std::string loaded_by;
};

/// Persistent yearly notices.
class CalendarStore {
public:
    virtual ~CalendarStore() = default;
    [[nodiscard]] virtual std::vector<StoredNotice> notices() = 0;
    /// Inserts or replaces the notice for (year, agency) and appends `audit`, in one transaction.
    virtual void replace_notice(const YearNotice& notice, NoticeSource source, const AuditRecord& audit) = 0;
    /// A number that changes whenever a notice is added or replaced (cheap to ask on every request).
    [[nodiscard]] virtual std::int64_t revision() = 0;
};

/// Cryptography core needs: randomness, digests and password hashing (libsodium in production).
class Crypto {
public:
    virtual ~Crypto() = default;
    /// `count` characters from the Crockford base-32 alphabet (5 bits each), uniformly random.
    [[nodiscard]] virtual std::string token(std::size_t count) = 0;
    /// SHA-256 of `text`, lower-case hex (session tokens are stored only as digests).
    [[nodiscard]] virtual std::string digest(std::string_view text) = 0;
    /// A slow, salted password hash (Argon2id) in its self-describing string form.
    [[nodiscard]] virtual std::string hash_password(std::string_view password) = 0;
    [[nodiscard]] virtual bool verify_password(std::string_view password, const std::string& hash) = 0;
    /// Constant-time comparison of two secrets.
    [[nodiscard]] virtual bool equal(std::string_view a, std::string_view b) = 0;
};

/// The catalogue: agencies and procedure versions.
class CatalogueStore {
public:
    virtual ~CatalogueStore() = default;
    [[nodiscard]] virtual std::vector<Agency> agencies() = 0;
    [[nodiscard]] virtual std::optional<Agency> agency(std::string_view code) = 0;
    /// The newest version of every procedure.
    [[nodiscard]] virtual std::vector<Procedure> procedures() = 0;
    /// A procedure's newest version, or the given version.
    [[nodiscard]] virtual std::optional<Procedure> procedure(std::string_view code, std::optional<int> version = {}) = 0;
    /// Inserts or updates agencies and inserts new procedure versions, with their audit records, in one transaction.
    virtual void save(const std::vector<Agency>& agencies, const std::vector<Procedure>& new_versions,
                      const std::vector<AuditRecord>& audit) = 0;
};

/// A non-received intake outcome (supplementation requested at the counter, or refused): counted in reports, no code.
struct IntakeRecord {
    std::int64_t id = 0;
    std::string outcome;  ///< "request_supplement" | "refuse"
    std::string agency;
    std::string procedure_code;
    int procedure_version = 1;
    Channel channel = Channel::direct;
    Applicant applicant;
    std::vector<HandedComponent> components;
    std::string reason;
    std::vector<std::string> items;
    Timestamp at;
    std::string actor;
    ServiceMode service_mode = ServiceMode::counter;
    std::string prepared_by;  ///< home_visit: the staff member
};

struct DossierFilter {
    std::vector<std::string> agencies;  ///< empty: any (the caller has already applied the user's scope)
    std::string prepared_by;            ///< non-empty: only dossiers this volunteer or staff member prepared
    std::optional<DossierStatus> status;
    std::optional<Timestamp> due_before;
    bool overdue_only = false;  ///< open and past due at `now`
    Timestamp now;
    int page = 1;
    int page_size = 50;
};

struct DossierPage {
    std::vector<Dossier> items;  ///< without timelines
    std::int64_t total = 0;
};

/// Dossiers and intake records.
/// What the citizen's lookup reads: the key to check and the citizen's view as the store keeps it ready-made
/// (docs/decisions/0026-public-view-kept-by-the-database.md), maintained in the same transaction as every write.
/// Which of the two documents kept per dossier a public lookup sends (decision 0026).
enum class PublicForm {
    citizen_view,  ///< the citizen's view (GET /api/v1/public/dossiers/{code})
    open311,       ///< the Open311 request (GET /open311/v2/requests/{code}.json)
};

struct PublicRecord {
    std::string lookup_key;
    DossierStatus status = DossierStatus::received;
    /// The document asked for, a JSON object opaque to core, sent as it is: the public view (the keys of
    /// http::to_public_json), or the Open311 request (GeoReport v2) without "agency_responsible".
    std::string document;
    /// The resolving agency's current name (its code if it has none); read for PublicForm::open311 only.
    std::string agency_name;
};

class DossierStore {
public:
    virtual ~DossierStore() = default;
    /// Inserts a received dossier, or an online pre-submission (status 1, whose received_at is its submission
    /// instant: the code is taken at submission, decision 0032): takes the next gap-free daily sequence for
    /// (agency, receipt date in office time), sets the code, writes the dossier, its first event and the audit record in one transaction; returns it.
    /// `notify`: the citizen's messages about it, written to the outbox in the same transaction.
    virtual Dossier insert_received(Dossier dossier, const AuditRecord& audit,
                                    const std::vector<Notification>& notify = {}) = 0;
    virtual std::int64_t insert_intake_record(const IntakeRecord& record, const AuditRecord& audit) = 0;
    /// The dossier with its timeline (or without, for a cheap check).
    [[nodiscard]] virtual std::optional<Dossier> find(std::string_view code, bool with_timeline = true) = 0;
    /// One of the public documents of a dossier with its key, read with one statement that reads nothing else (the
    /// lookup runs on every citizen's request); nullopt for an unknown code.
    [[nodiscard]] virtual std::optional<PublicRecord> find_public(std::string_view code, PublicForm form) = 0;
    /// The timeline of a dossier found without one (find(code, false)), oldest first.
    [[nodiscard]] virtual std::vector<DossierEvent> timeline(std::int64_t dossier_id) = 0;
    [[nodiscard]] virtual DossierPage list(const DossierFilter& filter) = 0;
    /// Writes the new state and its newest event (and `notify` to the outbox) if the stored version is still
    /// `after.version - 1`; false when a concurrent change won (nothing written). When the newest event is the
    /// `receive` of a pre-submission, the receipt (received_at, received_by, procedure version) is written too.
    virtual bool update(const Dossier& after, const AuditRecord& audit, const std::vector<Notification>& notify = {}) = 0;
    /// Report facts of every dossier received before `received_before` in `agencies` (empty: all); the field is
    /// left empty (the caller knows the catalogue).
    [[nodiscard]] virtual std::vector<DossierFacts> facts(const std::vector<std::string>& agencies,
                                                          Timestamp received_before) = 0;
    /// Apologies issued in [from, to) by dossiers of `agencies` (empty: all).
    [[nodiscard]] virtual std::vector<ApologyFacts> apologies(const std::vector<std::string>& agencies, Timestamp from,
                                                              Timestamp to) = 0;
    /// What the apology report judges of the same apologies, in the same order, without their text (decision 0046).
    [[nodiscard]] virtual std::vector<ApologyKey> apology_keys(const std::vector<std::string>& agencies, Timestamp from,
                                                               Timestamp to) = 0;
    /// The apologies `keys` name (as apology_keys gave them), as apologies() gives them, in the same order.
    [[nodiscard]] virtual std::vector<ApologyFacts> apologies_of(const std::vector<ApologyKey>& keys) = 0;
};

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::clerk;
    std::string agency;
    bool active = true;
};

struct Session {
    std::string token_hash;
    std::int64_t user_id = 0;
    std::string csrf_token;
    Timestamp created_at;
    Timestamp last_seen_at;
    Timestamp expires_at;
};

/// Staff accounts and their sessions.
class UserStore {
public:
    virtual ~UserStore() = default;
    /// Adds a user; error already_exists ("username_taken").
    virtual Result<User> add(const User& user, const std::string& password_hash, const AuditRecord& audit) = 0;
    virtual void set_password(std::int64_t user_id, const std::string& password_hash, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::optional<std::pair<User, std::string>> find_with_hash(std::string_view username) = 0;
    [[nodiscard]] virtual std::optional<User> find(std::int64_t id) = 0;
    virtual void create_session(const Session& session, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::optional<Session> session(std::string_view token_hash) = 0;
    virtual void touch_session(std::string_view token_hash, Timestamp at) = 0;
    virtual void revoke_session(std::string_view token_hash, const AuditRecord& audit) = 0;
    virtual void record_login_failure(const AuditRecord& audit) = 0;
    /// Deletes every session that has ended: revoked, `expires_at` at or before `now`, or last used at or before
    /// `idle_since`. When any were deleted, appends `audit` with detail "count" added; returns how many.
    virtual std::int64_t purge_sessions(Timestamp now, Timestamp idle_since, const AuditRecord& audit) = 0;
};

/// Survey responses (docs/satisfaction.md). Responses are never changed once stored.
class SurveyStore {
public:
    virtual ~SurveyStore() = default;
    /// Stores a response with its answers and expectations, and `audit`, in one transaction; returns its id.
    /// Error already_exists "already_responded" (field "dossier_code") when the dossier already has a response.
    virtual Result<std::int64_t> add_response(const SurveyResponse& response, const AuditRecord& audit) = 0;
    /// Responses submitted in [from, to), oldest first.
    [[nodiscard]] virtual std::vector<SurveyResponse> responses(Timestamp from, Timestamp to) = 0;
    [[nodiscard]] virtual bool has_response(std::string_view dossier_code) = 0;
};

/// Citizens' ratings and the per-dossier evaluation scores (self and appraised).
class EvaluationStore {
public:
    virtual ~EvaluationStore() = default;
    /// Stores the rating and `audit` in one transaction. Error already_exists "already_rated" when the dossier has
    /// one.
    virtual Status add_rating(const DossierRating& rating, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::optional<DossierRating> rating(std::string_view dossier_code) = 0;
    /// Ratings given in [from, to), oldest first.
    [[nodiscard]] virtual std::vector<DossierRating> ratings(Timestamp from, Timestamp to) = 0;
    /// Inserts or replaces the dossier's score of that kind, with `audit`, in one transaction.
    virtual void save_evaluation(const StoredEvaluation& evaluation, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::vector<StoredEvaluation> evaluations(std::string_view dossier_code) = 0;
    /// Scores of `kind` entered in [from, to), with the dossier's agency and procedure.
    [[nodiscard]] virtual std::vector<StoredEvaluation> evaluations_between(EvaluationKind kind, Timestamp from,
                                                                          Timestamp to) = 0;
};

/// The notification outbox, as the delivery worker and clerks use it (entries are added by DossierStore).
class OutboxStore {
public:
    virtual ~OutboxStore() = default;
    /// Claims up to `limit` entries of `mediums` that are pending and due at `now`, or whose claim's lease has run
    /// out: marks them "sending" with next_attempt_at = lease_until and returns them, oldest first. Two workers never
    /// get the same entry while its lease runs.
    virtual std::vector<OutboxEntry> claim_due(Timestamp now, Timestamp lease_until, int limit,
                                               const std::vector<Medium>& mediums) = 0;
    /// Records a delivered entry (status sent) with the channel's receipt.
    virtual void record_sent(std::int64_t id, Timestamp at, const std::string& channel, const std::string& receipt) = 0;
    /// Records a failed attempt: pending again from `retry_at`, or failed for good when `retry_at` is empty.
    virtual void record_failure(std::int64_t id, Timestamp at, const std::string& channel, const std::string& error,
                                std::optional<Timestamp> retry_at) = 0;
    /// Puts an entry that failed for good back in the queue, now (a clerk's "send again"); false when it is not failed.
    virtual bool requeue(std::int64_t id, Timestamp now, const AuditRecord& audit) = 0;
    /// The entries of one dossier, oldest first.
    [[nodiscard]] virtual std::vector<OutboxEntry> for_dossier(std::string_view code) = 0;
    /// Entries of dossiers received by `agencies` (empty: all), newest first, optionally only in `status`.
    [[nodiscard]] virtual std::vector<OutboxEntry> list(const std::vector<std::string>& agencies,
                                                        std::optional<OutboxStatus> status, int limit) = 0;
    [[nodiscard]] virtual std::optional<OutboxEntry> find(std::int64_t id) = 0;
};

/// A way of reaching citizens (an SMTP relay, an SMS/Zalo gateway's webhook). Sending is I/O: adapters live outside
/// core (notify/).
class NotificationChannel {
public:
    virtual ~NotificationChannel() = default;
    /// A short name for records ("smtp", "webhook").
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual bool handles(Medium medium) const = 0;
    /// Delivers one message; the value is the channel's receipt (a message id), the error says why not.
    [[nodiscard]] virtual Result<std::string> send(const OutboxEntry& entry, const RenderedMessage& message) = 0;
};

/// An open dossier as the overdue and near-due lists read it (no applicant, components or timeline).
struct OpenDossier {
    std::int64_t id = 0;
    std::string code;
    std::string agency;
    std::string procedure_code;
    int procedure_version = 1;
    DossierStatus status = DossierStatus::received;
    Timestamp due_at;
    Timestamp original_due_at;
    std::optional<Timestamp> extended_due_at;
    int step_index = 0;
    bool apologized = false;
    bool late_apology = false;
};

/// An open dossier's place in the overdue and near-due lists, as an index holds it (no dossier row is read).
struct OpenDueKey {
    std::int64_t id = 0;
    std::string agency;  ///< receiving agency: its calendar measures how overdue the dossier is
    Timestamp due_at;    ///< effective due (the new date after an apology)
    bool apologized = false;
};

/// Read-only queries that reports need beyond DossierStore::facts (kept apart so that a reporting replica or a
/// rollup table can serve them later).
class ReportStore {
public:
    virtual ~ReportStore() = default;
    /// Per dossier of `agencies` (empty: all) with events dated in [from, to): how many, and the longest delay
    /// between an event's date and its recording (the audit row written with it).
    [[nodiscard]] virtual std::vector<EntryDelay> entry_delays(const std::vector<std::string>& agencies, Timestamp from,
                                                               Timestamp to) = 0;
    /// The Decision 766 per-day counters (schema 0025, core/counts766_rollup.hpp) of `agencies` (receiving or resolving
    /// agency in it; empty: all) summed per (receiving agency, procedure) over the days of `period`, with the fee
    /// dossiers received in it and paid online by its end.
    [[nodiscard]] virtual std::vector<Counts766Sums> counts766_sums(const std::vector<std::string>& agencies,
                                                                    ReportPeriod period) = 0;
    /// The per-day report counters of `agencies` (receiving or resolving; empty: all) summed per (receiving agency,
    /// procedure) over the days before `period` and over its days (core/report_rollup.hpp).
    [[nodiscard]] virtual std::vector<PeriodSums> timeliness_sums(const std::vector<std::string>& agencies,
                                                                  ReportPeriod period) = 0;
    /// timeliness_sums for several periods from one pass over the counters: element i holds periods[i]'s sums, the
    /// same as timeliness_sums(agencies, periods[i]) (a (receiving agency, procedure) with no counter up to a period's
    /// end may be present with zero sums).
    [[nodiscard]] virtual std::vector<std::vector<PeriodSums>> timeliness_sums_each(
        const std::vector<std::string>& agencies, const std::vector<ReportPeriod>& periods) = 0;
    /// The report facts of the dossiers of `agencies` that can be apology violations for [from, to): received
    /// before `to`, without an apology, and either resolved after their original due at or after `from`, or without
    /// a result, originally due before `until` and not closed (withdrawn, stopped) before `until` (each one of them
    /// still to be judged by the caller), in id order.
    [[nodiscard]] virtual std::vector<DossierFacts> late_candidates(const std::vector<std::string>& agencies,
                                                                    Timestamp from, Timestamp to, Timestamp until) = 0;
    /// What the apology report judges of the same candidates, in the same (id) order, without their text (decision
    /// 0046).
    [[nodiscard]] virtual std::vector<LateCandidateKey> late_candidate_keys(const std::vector<std::string>& agencies,
                                                                            Timestamp from, Timestamp to,
                                                                            Timestamp until) = 0;
    /// The report facts of the dossiers `ids` names (received ones; as late_candidates gives them), in that order.
    [[nodiscard]] virtual std::vector<DossierFacts> facts_of(const std::vector<std::int64_t>& ids) = 0;
    /// How many dossiers of `agencies` (receiving or resolving agency in it; empty: all) are in each status now, from
    /// counters kept with every write; statuses with none are left out. Equal to the dossier list's totals.
    [[nodiscard]] virtual std::map<DossierStatus, std::int64_t> status_counts(const std::vector<std::string>& agencies) = 0;
    /// Received and processing dossiers of `agencies` (receiving or resolving; empty: all) whose effective due is
    /// before `due_before`, by due then id: the keys only, read from an index alone (schema 0026), so that counting
    /// and ranking the overdue list reads no dossier row.
    [[nodiscard]] virtual std::vector<OpenDueKey> open_due_keys(const std::vector<std::string>& agencies,
                                                                Timestamp due_before) = 0;
    /// The columns the overdue lists show of the dossiers `ids`, in that order (no applicant, no timeline); an id no
    /// longer stored is left out.
    [[nodiscard]] virtual std::vector<OpenDossier> open_dossiers(const std::vector<std::int64_t>& ids) = 0;
};

/// Tells what a file is from its bytes, never from its name (libmagic in production, storage/magic_sniffer.hpp).
class ContentSniffer {
public:
    virtual ~ContentSniffer() = default;
    /// The media type of `bytes`, e.g. "application/pdf", "image/png", "application/x-executable";
    /// "application/octet-stream" when unknown.
    [[nodiscard]] virtual std::string media_type(std::string_view bytes) = 0;
};

/// Content-addressed file storage (files under the data directory, storage/file_store.hpp). A file's name is its
/// SHA-256; identical content is stored once.
class FileStore {
public:
    virtual ~FileStore() = default;
    /// Stores `bytes` under `sha256` (their digest, lower-case hex) durably before returning: written to a temporary
    /// file, flushed to disk, renamed into place. Does nothing when the file is already there.
    virtual void put(std::string_view sha256, std::string_view bytes) = 0;
    /// The file's bytes; nullopt when it is missing.
    [[nodiscard]] virtual std::optional<std::string> get(std::string_view sha256) = 0;
};

/// Where a dossier's attachments, component marks and electronic result are recorded (schema 0014).
class AttachmentStore {
public:
    virtual ~AttachmentStore() = default;
    /// Records the attachment (its file already in the FileStore) and `audit` in one transaction; with
    /// `source_audit` (a reuse), that record too (the source dossier's side). Returns it with its id.
    virtual Attachment add(const Attachment& attachment, const AuditRecord& audit,
                           const std::optional<AuditRecord>& source_audit = std::nullopt) = 0;
    /// The dossier's attachments, oldest first, with `reused_by` filled in.
    [[nodiscard]] virtual std::vector<Attachment> attachments(std::string_view dossier_code) = 0;
    [[nodiscard]] virtual std::optional<Attachment> attachment(std::int64_t id) = 0;
    /// Inserts or replaces the component's marks, with `audit`, in one transaction.
    virtual void save_mark(const ComponentMark& mark, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::vector<ComponentMark> marks(std::string_view dossier_code) = 0;
    /// Digitised files (on components marked digitised) of dossiers other than `except_code` whose applicant has
    /// `id_number`, received by or resolved in `agencies` (empty: all), newest first.
    [[nodiscard]] virtual std::vector<ReuseCandidate> reusable(std::string_view id_number,
                                                               const std::vector<std::string>& agencies,
                                                               std::string_view except_code) = 0;
    /// Records the electronic result (its attachment already added) and `audit` in one transaction; replaces an
    /// earlier one (a corrected document).
    virtual void save_result(const ElectronicResult& result, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::optional<ElectronicResult> result(std::string_view dossier_code) = 0;
};

/// One dossier received in a report period, as the Decision 766 payment indicators read it (docs/payments.md).
struct DossierFeeFacts {
    std::string code;
    std::string agency;  ///< receiving agency
    std::string procedure_code;
    std::int64_t lines = 0;      ///< fee lines recorded (exempted ones included)
    std::int64_t due = 0;        ///< what the lines ask after exemptions, VND
    bool paid_online = false;    ///< an online payment, not reversed, made before the period's end
};

/// An online payment (not reversed) made in a report period.
struct OnlinePaymentFacts {
    std::string dossier_code;
    std::string agency;  ///< receiving agency of the dossier
    std::string procedure_code;
    std::int64_t amount = 0;
};

/// Fee lines, payments and online payment requests (docs/payments.md). Amounts are VND. Every change is written with
/// its audit record in one transaction; payments and reversals are never updated or deleted.
class PaymentStore {
public:
    virtual ~PaymentStore() = default;
    /// The dossier's lines and payments (reversed payments carry reversed_by), oldest first.
    [[nodiscard]] virtual FeeAccount account(std::string_view dossier_code) = 0;
    /// Records a payment: takes the next number of the agency's receipt series for the year of `payment.at` (office
    /// time), inserts the payment with `audit`, and, when `resumed` is set, writes that dossier state (its newest
    /// event being the automatic `resume`) with `resume_audit` — all in one transaction. Errors: already_exists
    /// "duplicate_transaction" when an online payment with the same gateway transaction id exists; conflict
    /// "concurrent_change" when the dossier changed meanwhile (nothing written).
    virtual Result<Payment> record_payment(Payment payment, const AuditRecord& audit,
                                           const std::optional<Dossier>& resumed,
                                           const AuditRecord& resume_audit) = 0;
    /// Records the reversal of payment `reversal.reverses` (with `audit`). Error already_exists "already_reversed".
    virtual Result<Payment> record_reversal(Payment reversal, const AuditRecord& audit) = 0;
    /// Writes the dossier state whose newest event is the obligation's `pause` (with `audit`) and the obligation's
    /// fee lines, in one transaction; false when a concurrent change won (nothing written).
    virtual bool raise_obligation(const Dossier& after, const std::vector<FeeLine>& lines,
                                  const AuditRecord& audit) = 0;
    /// Stores an online payment request with `audit`.
    virtual void add_request(const PaymentRequest& request, const AuditRecord& audit) = 0;
    [[nodiscard]] virtual std::optional<PaymentRequest> request(std::string_view reference) = 0;
    /// Marks a pending request failed (the gateway said the payment did not go through), with `audit`.
    virtual void fail_request(std::string_view reference, const AuditRecord& audit) = 0;
    /// The payment recorded for a gateway transaction, if any.
    [[nodiscard]] virtual std::optional<Payment> by_transaction(std::string_view gateway,
                                                                std::string_view transaction_id) = 0;
    /// Appends an audit record alone (a rejected gateway callback that the gateway's signature vouches for).
    virtual void note(const AuditRecord& audit) = 0;
    /// The Decision 766 per-day counters of `agencies` (receiving or resolving; empty: all) for `period`, as
    /// ReportStore::counts766_sums reads them (the payment columns are the ones the TTTT counts use).
    [[nodiscard]] virtual std::vector<Counts766Sums> counts766_sums(const std::vector<std::string>& agencies,
                                                                    ReportPeriod period) = 0;
};

/// A payment gateway (a provincial gateway, the national payment platform): asks it to collect an amount, and
/// authenticates its callbacks. Adapters live outside core (payments/).
class PaymentGateway {
public:
    virtual ~PaymentGateway() = default;
    /// A short name for records ("signed-webhook").
    [[nodiscard]] virtual std::string name() const = 0;
    /// The address the citizen's browser is sent to, to pay `checkout`.
    [[nodiscard]] virtual Result<std::string> checkout_url(const GatewayCheckout& checkout) = 0;
    /// Checks a callback's authenticity and freshness at `now` and reads it. Errors (nothing must be recorded):
    /// invalid_argument "invalid_signature" / "stale_callback" / "invalid_callback".
    [[nodiscard]] virtual Result<GatewayPayment> verify(const GatewayCallback& callback, Timestamp now) = 0;
};

}  // namespace motcua::core
