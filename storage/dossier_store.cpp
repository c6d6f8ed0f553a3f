#include "storage/dossier_store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "storage/audit_log.hpp"
#include "storage/returning.hpp"
#include "storage/codec.hpp"
#include "storage/outbox_store.hpp"
#include "storage/payment_store.hpp"
#include "storage/report_store.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kNextSequence =
    "INSERT INTO dossier_sequence (agency, day, last) VALUES (?1, ?2, 1) "
    "ON CONFLICT (agency, day) DO UPDATE SET last = dossier_sequence.last + 1 RETURNING last";
constexpr InsertReturningId kInsertDossier{
    "INSERT INTO dossier (code, lookup_key, version, agency, resolving_agency, procedure_code, procedure_version, "
    "channel, status, received_by, received_at, due_at, original_due_at, extended_due_at, result_ready_at, "
    "returned_at, timeliness, applicant, state, service_mode, prepared_by, submitted_at, closed_at, apologized) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
    "?24) RETURNING id"};
constexpr std::string_view kUpdateDossier =
    "UPDATE dossier SET version = ?1, status = ?2, due_at = ?3, original_due_at = ?4, extended_due_at = ?5, "
    "result_ready_at = ?6, returned_at = ?7, timeliness = ?8, state = ?9, closed_at = ?12, apologized = ?13 "
    "WHERE id = ?10 AND version = ?11";
// The receipt of an online pre-submission (status 1 → 2): written with its `receive` event (decision 0032).
constexpr std::string_view kRecordReceipt =
    "UPDATE dossier SET received_at = ?1, received_by = ?2, procedure_version = ?3, resolving_agency = ?4 "
    "WHERE id = ?5";
constexpr std::string_view kInsertEvent =
    "INSERT INTO dossier_event (dossier_id, seq, type, at, actor, data, audit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kFindDossier =
    "SELECT id, code, lookup_key, version, agency, resolving_agency, procedure_code, procedure_version, channel, "
    "status, received_by, received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, "
    "timeliness, applicant, state, service_mode, prepared_by, submitted_at FROM dossier WHERE code = ?1";
// The citizen's view, kept by the database (schema 0013, decision 0026).
// The public lookups (decision 0026), one statement each that reads only what its answer needs: the citizen's view
// does not join the agency or copy the Open311 document.
constexpr std::string_view kFindPublicView = "SELECT lookup_key, status, document FROM dossier_public WHERE code = ?1";
constexpr std::string_view kFindPublicOpen311 =
    "SELECT p.lookup_key, p.status, p.open311, coalesce(a.name, p.resolving_agency) "
    "FROM dossier_public p LEFT JOIN agency a ON a.code = p.resolving_agency WHERE p.code = ?1";
constexpr std::string_view kEvents = "SELECT type, at, actor, data FROM dossier_event WHERE dossier_id = ?1 ORDER BY seq";
// The dossier list: one SELECT, its WHERE made of the fragments below for the filters that are set (values are always
// bound). One statement per combination, each prepared once (the statement cache): the planner then sees exactly the
// conditions that apply and uses dossier_status_due_agencies (schema 0004) for a status or the overdue list, so that
// counting and skipping read the index only. A single statement with "?1 IS NULL OR ..." for every filter scanned
// and read every dossier for each of these. A fragment's parameters are written ?#1, ?#2 ... and numbered after
// those of the fragments before it (append_fragment): PostgreSQL must be able to type every number up to the
// highest one a statement uses, so the numbers of the filters that are not set cannot simply be left out.
constexpr std::string_view kListColumns =
    "SELECT id, code, lookup_key, version, agency, resolving_agency, procedure_code, procedure_version, channel, "
    "status, received_by, received_at, due_at, original_due_at, extended_due_at, result_ready_at, returned_at, "
    "timeliness, applicant, state, service_mode, prepared_by, submitted_at FROM dossier WHERE true";
constexpr std::string_view kCountRows = "SELECT count(*) FROM dossier WHERE true";
constexpr std::string_view kWhereOverdue = " AND status IN (2, 4) AND due_at < ?#1";
constexpr std::string_view kWhereStatus = " AND status = ?#1";
constexpr std::string_view kWhereDueBefore = " AND due_at < ?#1";
constexpr std::string_view kWherePreparedBy = " AND prepared_by = ?#1";
// The agency scope is a JSON array.
constexpr std::string_view kWhereAgencies =
    " AND (agency IN (SELECT value FROM json_each(?#1)) OR resolving_agency IN (SELECT value FROM json_each(?#1)))";
constexpr std::string_view kListOrder = " ORDER BY due_at, id LIMIT ?#1 OFFSET ?#2";
// closed_at and apologized are kept with every write (schema 0022, closed_of below). Online pre-submissions not
// (yet) received by a clerk are not received dossiers: no facts (core::is_received).
constexpr std::string_view kFactColumns =
    "SELECT d.code, d.agency, d.procedure_code, d.channel, d.status, d.received_at, d.original_due_at, "
    "d.result_ready_at, d.timeliness, d.closed_at, d.apologized, d.resolving_agency FROM dossier d ";
constexpr std::string_view kFactsWhere =
    "WHERE d.received_at < ?2 AND (d.submitted_at IS NULL OR d.received_by <> '') "
    "AND (CAST(?1 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?1)) "
    "                OR d.resolving_agency IN (SELECT value FROM json_each(?1)))";
// One dossier's facts as stored, before an update changes them (its per-day report marks come out).
// An online pre-submission no clerk has received has no marks (core::is_received).
constexpr std::string_view kFactsById = "WHERE d.id = ?1 AND (d.submitted_at IS NULL OR d.received_by <> '')";
// The apologies issued in a period, read from two partial indexes (schema 0026, decision 0040; covering on SQLite since 0027, decision 0043), in two
// ranges instead of one look-up per apology: the apology events of the period (at, dossier, data), then the
// apologised dossiers (apologized = 1: every dossier with an apology event, as core allows one apology and never
// takes it back, decision 0034) whose ids lie between the smallest and the largest of those events' dossiers,
// joined in C++. A B-tree descent per apology (14,000 a year at 1 M dossiers) read pages scattered over the index;
// the range reads neighbouring pages once. Without statistics SQLite would pick other indexes, so on SQLite each
// statement names its index (INDEXED BY); PostgreSQL plans alone.
// On SQLite the three fields of the event's data the report reads are taken by SQLite's JSON functions from the
// index (schema 0027), which costs a third of decoding the whole data in C++ for each of 14,000 apologies (decision
// 0043); PostgreSQL reads the data from the event row (its index leaves it out) and storage decodes it.
constexpr std::string_view kApologyEventsSqlite =
    "SELECT dossier_id, at, json_extract(data, '$.reason'), json_extract(data, '$.new_due_at'), "
    "json_extract(data, '$.late_apology') FROM dossier_event INDEXED BY dossier_event_apology_facts "
    "WHERE type = 'apologize' AND at >= ?1 AND at < ?2 ORDER BY at, dossier_id";
constexpr std::string_view kApologyEventsPostgres =
    "SELECT dossier_id, at, data, seq FROM dossier_event WHERE type = 'apologize' AND at >= ?1 AND at < ?2 "
    "ORDER BY at, dossier_id";
constexpr std::string_view kApologisedDossiersSqlite =
    "SELECT id, code, agency, resolving_agency, original_due_at, result_ready_at, closed_at "
    "FROM dossier INDEXED BY dossier_apology_facts WHERE apologized = 1 AND id >= ?1 AND id <= ?2";
constexpr std::string_view kApologisedDossiersPostgres =
    "SELECT id, code, agency, resolving_agency, original_due_at, result_ready_at, closed_at "
    "FROM dossier WHERE apologized = 1 AND id >= ?1 AND id <= ?2";
// The same reads without the text the paged report does not judge (decision 0046): no reason, no code; the
// agencies only for the scope. Subsets of the statements above, so on SQLite as covered by their indexes.
constexpr std::string_view kApologyKeysSqlite =
    "SELECT dossier_id, at, json_extract(data, '$.new_due_at'), json_extract(data, '$.late_apology'), seq "
    "FROM dossier_event INDEXED BY dossier_event_apology_facts "
    "WHERE type = 'apologize' AND at >= ?1 AND at < ?2 ORDER BY at, dossier_id";
constexpr std::string_view kApologisedKeysSqlite =
    "SELECT id, agency, resolving_agency, original_due_at, result_ready_at, closed_at "
    "FROM dossier INDEXED BY dossier_apology_facts WHERE apologized = 1 AND id >= ?1 AND id <= ?2";
constexpr std::string_view kApologisedKeysPostgres =
    "SELECT id, agency, resolving_agency, original_due_at, result_ready_at, closed_at "
    "FROM dossier WHERE apologized = 1 AND id >= ?1 AND id <= ?2";
// One apology of a page, in full: its event (the index's key) and its dossier.
constexpr std::string_view kApologyOf =
    "SELECT d.code, d.agency, d.original_due_at, e.data FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
    "WHERE e.dossier_id = ?1 AND e.seq = ?2 AND e.type = 'apologize'";
constexpr std::string_view kStatusRow = "SELECT agency, resolving_agency, status FROM dossier WHERE id = ?1";
constexpr InsertReturningId kInsertIntake{
    "INSERT INTO intake_record (outcome, agency, procedure_code, procedure_version, channel, applicant, detail, at, "
    "actor, service_mode, prepared_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id"};

std::string utc(core::Timestamp t) { return core::format_instant_utc(t); }

// The dossier.closed_at column (schema 0022): when a withdrawn or stopped dossier closed, i.e. its last event (those
// statuses take no further event) — what core::report_facts calls closed_at.
std::optional<std::string> closed_of(const core::Dossier& d) {
    if (auto at = core::report_facts(d).closed_at) return core::format_instant_utc(*at);
    return std::nullopt;
}

std::optional<std::string> utc(const std::optional<core::Timestamp>& t) {
    if (!t) return std::nullopt;
    return core::format_instant_utc(*t);
}

core::Timestamp instant(std::string_view text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged instant: " + std::string(text));
    return *t;
}

std::optional<core::Timestamp> optional_instant(const Statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return instant(s.text_view(column));
}

template <typename T>
T must(core::Result<T> r) {
    if (!r) throw StorageError(0, "damaged dossier row: " + r.error().message);
    return std::move(*r);
}

core::Dossier read_dossier(const Statement& s) {
    core::Dossier d;
    d.id = s.int64(0);
    d.code = s.text(1);
    d.lookup_key = s.text(2);
    d.version = s.int64(3);
    d.agency = s.text(4);
    d.resolving_agency = s.text(5);
    d.procedure_code = s.text(6);
    d.procedure_version = s.int32(7);
    d.channel = must(core::parse_channel(s.text(8)));
    d.status = static_cast<core::DossierStatus>(s.int32(9));
    d.received_by = s.text(10);
    d.received_at = instant(s.text(11));
    d.due_at = instant(s.text(12));
    d.original_due_at = instant(s.text(13));
    d.extended_due_at = optional_instant(s, 14);
    d.result_ready_at = optional_instant(s, 15);
    d.returned_at = optional_instant(s, 16);
    if (!s.is_null(17)) {
        const std::string t = s.text(17);
        d.timeliness = t == "early" ? core::Timeliness::early
                                    : (t == "on_time" ? core::Timeliness::on_time : core::Timeliness::late);
    }
    d.applicant = decode_applicant(s.text(18));
    decode_state(s.text(19), d);
    d.service_mode = must(core::parse_service_mode(s.text(20)));
    if (!s.is_null(21)) d.prepared_by = s.text(21);
    d.submitted_at = optional_instant(s, 22);
    return d;
}

// Appends `fragment` to `sql` with its parameters ?#1 ... ?#9 numbered after the `used` ones, and counts them in.
void append_fragment(std::string& sql, std::string_view fragment, int& used) {
    int most = 0;
    for (std::size_t i = 0; i < fragment.size(); ++i) {
        if (fragment.substr(i, 2) == "?#" && i + 2 < fragment.size()) {
            const int k = fragment[i + 2] - '0';
            sql += "?" + std::to_string(used + k);
            most = std::max(most, k);
            i += 2;
        } else {
            sql += fragment[i];
        }
    }
    used += most;
}

// The statement for the filters that are set, then `tail`; `used` ends as the number of parameters. bind_filter binds
// the filters' in the same order; the tail's come last.
std::string filter_sql(std::string_view head, const core::DossierFilter& f, int& used, std::string_view tail = {}) {
    std::string sql(head);
    used = 0;
    if (f.overdue_only) append_fragment(sql, kWhereOverdue, used);
    if (f.status) append_fragment(sql, kWhereStatus, used);
    if (f.due_before) append_fragment(sql, kWhereDueBefore, used);
    if (!f.prepared_by.empty()) append_fragment(sql, kWherePreparedBy, used);
    if (!f.agencies.empty()) append_fragment(sql, kWhereAgencies, used);
    append_fragment(sql, tail, used);
    return sql;
}

void bind_filter(Statement& s, const core::DossierFilter& f) {
    int n = 0;
    if (f.overdue_only) s.bind(++n, utc(f.now));
    if (f.status) s.bind(++n, core::status_code(*f.status));
    if (f.due_before) s.bind(++n, utc(*f.due_before));
    if (!f.prepared_by.empty()) s.bind(++n, f.prepared_by);
    if (!f.agencies.empty()) s.bind(++n, nlohmann::json(f.agencies).dump());
}

}  // namespace

core::Dossier SqliteDossierStore::insert_received(core::Dossier dossier, const core::AuditRecord& audit,
                                                  const std::vector<core::Notification>& notify) {
    Transaction tx(db_);
    day_counts_.clear();  // nothing left over from a write that failed
    status_counts_.clear();
    counts766_.clear();
    core::Dossier stored = insert_unlocked(std::move(dossier), audit);
    day_counts_.apply(db_);
    status_counts_.apply(db_);
    counts766_.apply(db_);
    enqueue_notifications(db_, stored.id, static_cast<std::int64_t>(stored.timeline.size()), notify, audit.at);
    tx.commit();
    return stored;
}

EncodedDossier encode_for_insert(const core::Dossier& d) {
    EncodedDossier e{utc(d.received_at), utc(d.due_at), utc(d.original_due_at), utc(d.extended_due_at),
                     utc(d.result_ready_at), utc(d.returned_at), utc(d.submitted_at), closed_of(d),
                     encode_applicant(d.applicant), encode_state(d), {}};
    e.events.reserve(d.timeline.size());
    for (const core::DossierEvent& event : d.timeline) e.events.push_back({utc(event.at), encode_event_data(event)});
    return e;
}

core::Dossier SqliteDossierStore::insert_unlocked(core::Dossier d, core::AuditRecord audit, bool counts766,
                                                  const EncodedDossier* encoded) {
    std::optional<EncodedDossier> own;
    if (encoded == nullptr) encoded = &own.emplace(encode_for_insert(d));
    if (encoded->events.size() != d.timeline.size()) throw StorageError(0, "encoded dossier does not match");
    const core::Date day = core::date_of(core::to_local(d.received_at));
    Statement seq = db_.prepare(kNextSequence);
    seq.bind(1, d.agency).bind(2, core::format_date(day));
    if (!seq.step()) throw StorageError(0, "no dossier sequence returned");
    d.code = core::format_dossier_code(d.agency, day, seq.int64(0));
    d.version = static_cast<std::int64_t>(d.timeline.size());
    Statement insert = kInsertDossier.prepare(db_);
    insert.bind(1, d.code)
        .bind(2, d.lookup_key)
        .bind(3, d.version)
        .bind(4, d.agency)
        .bind(5, d.resolving_agency)
        .bind(6, d.procedure_code)
        .bind(7, d.procedure_version)
        .bind(8, core::to_string(d.channel))
        .bind(9, core::status_code(d.status))
        .bind(10, d.received_by)
        .bind(11, encoded->received_at)
        .bind(12, encoded->due_at)
        .bind(13, encoded->original_due_at)
        .bind(14, encoded->extended_due_at)
        .bind(15, encoded->result_ready_at)
        .bind(16, encoded->returned_at)
        .bind(17, d.timeliness ? std::optional<std::string>(core::to_string(*d.timeliness)) : std::nullopt)
        .bind(18, encoded->applicant)
        .bind(19, encoded->state)
        .bind(20, core::to_string(d.service_mode))
        .bind(21, d.prepared_by.empty() ? std::nullopt : std::optional<std::string>(d.prepared_by))
        .bind(22, encoded->submitted_at)
        .bind(23, encoded->closed_at)
        .bind(24, d.apologized ? 1 : 0);
    d.id = inserted_id(db_, insert);
    insert_fee_lines(db_, d.id, d.fees);
    audit.subject = "dossier:" + d.code;
    for (std::size_t i = 0; i < d.timeline.size(); ++i) {
        core::AuditRecord event_audit = audit;
        if (i > 0) {
            event_audit.action = std::string("dossier.") + core::to_string(d.timeline[i].type);
            event_audit.actor = d.timeline[i].actor;
        }
        insert_event_unlocked(d, i, std::move(event_audit), &encoded->events[i]);
    }
    // Its per-day report marks, written by the caller in the same transaction (decision 0024); an online
    // pre-submission gets them when a clerk receives it.
    if (core::is_received(d)) day_counts_.add(core::report_facts(d), d.resolving_agency, +1);
    status_counts_.add(d.agency, d.resolving_agency, d.status, +1);  // schema 0023, by the caller too
    if (counts766) counts766_.add_stored(db_, d.id, +1);  // schema 0025 (its fee lines are written), by the caller too
    return d;
}

void SqliteDossierStore::insert_event_unlocked(const core::Dossier& d, std::size_t index, core::AuditRecord audit,
                                               const EncodedDossier::Event* encoded) {
    const core::DossierEvent& e = d.timeline[index];
    const auto seq = static_cast<std::int64_t>(index + 1);
    const std::string at = encoded != nullptr ? encoded->at : utc(e.at);
    const std::string data = encoded != nullptr ? encoded->data : encode_event_data(e);
    audit.detail.emplace_back("seq", std::to_string(seq));
    audit.detail.emplace_back("event_digest", event_digest(d.code, seq, core::to_string(e.type), at, e.actor, data));
    const std::int64_t audit_id = append_audit(db_, audit);
    db_.prepare(kInsertEvent)
        .bind(1, d.id)
        .bind(2, seq)
        .bind(3, core::to_string(e.type))
        .bind(4, at)
        .bind(5, e.actor)
        .bind(6, data)
        .bind(7, audit_id)
        .run();
}

void SqliteDossierStore::insert_many_unlocked(std::vector<core::Dossier>& dossiers, const std::string& actor,
                                              core::Timestamp at, bool counts766,
                                              const std::vector<EncodedDossier>* encoded) {
    if (encoded != nullptr && encoded->size() != dossiers.size())
        throw StorageError(0, "encoded dossiers do not match the dossiers");
    day_counts_.clear();
    status_counts_.clear();
    counts766_.clear();
    for (std::size_t i = 0; i < dossiers.size(); ++i)
        dossiers[i] = insert_unlocked(std::move(dossiers[i]), core::AuditRecord{at, actor, "dossier.received", "", {}},
                                      counts766, encoded != nullptr ? &(*encoded)[i] : nullptr);
    day_counts_.apply(db_);
    status_counts_.apply(db_);
    counts766_.apply(db_);
}

void SqliteDossierStore::add_counts766(const std::vector<core::Dossier>& dossiers) {
    counts766_.clear();
    for (const core::Dossier& d : dossiers) counts766_.add_stored(db_, d.id, +1);
    counts766_.apply(db_);
}

std::int64_t SqliteDossierStore::insert_intake_record(const core::IntakeRecord& r, const core::AuditRecord& audit) {
    Transaction tx(db_);
    const nlohmann::json detail{{"components", nlohmann::json::parse(encode_components(r.components))},
                                {"reason", r.reason},
                                {"items", r.items}};
    const std::int64_t id = inserted_id(db_, kInsertIntake.prepare(db_)
        .bind(1, r.outcome)
        .bind(2, r.agency)
        .bind(3, r.procedure_code)
        .bind(4, r.procedure_version)
        .bind(5, core::to_string(r.channel))
        .bind(6, encode_applicant(r.applicant))
        .bind(7, detail.dump())
        .bind(8, utc(r.at))
        .bind(9, r.actor)
        .bind(10, core::to_string(r.service_mode))
        .bind(11, r.prepared_by.empty() ? std::nullopt : std::optional<std::string>(r.prepared_by)));
    core::AuditRecord a = audit;
    a.subject = "intake:" + std::to_string(id);
    append_audit(db_, a);
    tx.commit();
    return id;
}

std::optional<core::Dossier> SqliteDossierStore::find(std::string_view code, bool with_timeline) {
    Statement s = db_.prepare(kFindDossier);
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    core::Dossier d = read_dossier(s);
    if (with_timeline) d.timeline = timeline(d.id);
    return d;
}

std::optional<core::PublicRecord> SqliteDossierStore::find_public(std::string_view code, core::PublicForm form) {
    const bool open311 = form == core::PublicForm::open311;
    // Shares the read transaction of the lookups answered before it in the same turn of the server (decision 0041).
    Statement s = db_.prepare_batched_read(open311 ? kFindPublicOpen311 : kFindPublicView);
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return core::PublicRecord{s.text(0), static_cast<core::DossierStatus>(s.int32(1)), s.text(2),
                              open311 ? s.text(3) : std::string()};
}

std::vector<core::DossierEvent> SqliteDossierStore::timeline(std::int64_t dossier_id) {
    std::vector<core::DossierEvent> out;
    Statement events = db_.prepare(kEvents);
    events.bind(1, dossier_id);
    while (events.step()) {
        core::DossierEvent e;
        e.type = must(core::parse_event_type(events.text(0)));
        e.at = instant(events.text(1));
        e.actor = events.text(2);
        decode_event_data(events.text(3), e);
        out.push_back(std::move(e));
    }
    return out;
}

core::DossierPage SqliteDossierStore::list(const core::DossierFilter& f) {
    core::DossierPage page;
    int used = 0;
    Statement count = db_.prepare(filter_sql(kCountRows, f, used));
    bind_filter(count, f);
    count.step();
    page.total = count.int64(0);
    Statement s = db_.prepare(filter_sql(kListColumns, f, used, kListOrder));
    bind_filter(s, f);
    s.bind(used - 1, f.page_size).bind(used, std::int64_t{f.page - 1} * f.page_size);
    while (s.step()) page.items.push_back(read_dossier(s));
    return page;
}

std::vector<core::DossierFacts> SqliteDossierStore::facts(const std::vector<std::string>& agencies,
                                                          core::Timestamp received_before) {
    std::vector<core::DossierFacts> out;
    Statement s = db_.prepare(std::string(kFactColumns) + std::string(kFactsWhere));
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
    s.bind(2, utc(received_before));
    while (s.step()) out.push_back(read_facts(s));
    return out;
}

std::vector<std::string_view> apology_report_statements_sqlite() {
    return {kApologyEventsSqlite, kApologisedDossiersSqlite, late_candidates_statement(),
            kApologyKeysSqlite,   kApologisedKeysSqlite,     late_candidate_keys_statement()};
}

std::vector<core::ApologyKey> SqliteDossierStore::apology_keys(const std::vector<std::string>& agencies,
                                                               core::Timestamp from, core::Timestamp to) {
    // As apologies() below, without the text: the events of the period, then the apologised dossiers of their id
    // range, joined in C++.
    const bool pg = db_.dialect() == Dialect::postgresql;
    struct Issued {
        core::ApologyKey key;
        bool new_date = false;  ///< the event names a new date (otherwise the original due stands)
    };
    std::vector<Issued> issued;
    {
        Statement s = db_.prepare(pg ? kApologyEventsPostgres : kApologyKeysSqlite);
        s.bind(1, utc(from)).bind(2, utc(to));
        while (s.step()) {
            Issued i;
            i.key.dossier_id = s.int64(0);
            i.key.at = instant(s.text_view(1));
            i.key.event_seq = s.int64(pg ? 3 : 4);
            if (pg) {
                core::DossierEvent e;
                decode_event_data(s.text(2), e);
                i.new_date = e.new_due_at.has_value();
                if (e.new_due_at) i.key.new_due_at = *e.new_due_at;
                i.key.late = e.late_apology;
            } else {
                i.new_date = !s.is_null(2);
                if (i.new_date) i.key.new_due_at = instant(s.text_view(2));
                i.key.late = !s.is_null(3) && s.int64(3) != 0;
            }
            issued.push_back(i);
        }
    }
    if (issued.empty()) return {};
    std::vector<std::int64_t> wanted;
    wanted.reserve(issued.size());
    for (const Issued& i : issued) wanted.push_back(i.key.dossier_id);
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    const std::set<std::string, std::less<>> scope(agencies.begin(), agencies.end());
    struct Row {
        std::int64_t id;
        core::Timestamp original_due_at;
        std::optional<core::Timestamp> resolved_at;
        std::optional<core::Timestamp> closed_at;
    };
    std::vector<Row> dossiers;  // by id
    dossiers.reserve(wanted.size());
    {
        Statement s = db_.prepare(pg ? kApologisedKeysPostgres : kApologisedKeysSqlite);
        s.bind(1, wanted.front()).bind(2, wanted.back());
        while (s.step()) {
            const std::int64_t id = s.int64(0);
            if (!std::binary_search(wanted.begin(), wanted.end(), id)) continue;
            if (!scope.empty() && scope.count(s.text_view(1)) == 0 && scope.count(s.text_view(2)) == 0) continue;
            dossiers.push_back(Row{id, instant(s.text_view(3)), optional_instant(s, 4), optional_instant(s, 5)});
        }
    }
    std::sort(dossiers.begin(), dossiers.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    std::vector<core::ApologyKey> out;
    out.reserve(issued.size());
    for (const Issued& i : issued) {
        core::ApologyKey k = i.key;
        const auto d = std::lower_bound(dossiers.begin(), dossiers.end(), k.dossier_id,
                                        [](const Row& row, std::int64_t id) { return row.id < id; });
        if (d == dossiers.end() || d->id != k.dossier_id) continue;  // outside the scope
        if (!i.new_date) k.new_due_at = d->original_due_at;          // no new date: the original due stands
        k.resolved_at = d->resolved_at;
        k.closed_at = d->closed_at;
        out.push_back(k);
    }
    return out;
}

std::vector<core::ApologyFacts> SqliteDossierStore::apologies_of(const std::vector<core::ApologyKey>& keys) {
    std::vector<core::ApologyFacts> out;
    out.reserve(keys.size());
    Statement s = db_.prepare(kApologyOf);
    for (const core::ApologyKey& k : keys) {
        s.reset();
        s.bind(1, k.dossier_id).bind(2, k.event_seq);
        if (!s.step())  // events are append-only: a key read in the same transaction names an existing row
            throw StorageError(0, "apology " + std::to_string(k.event_seq) + " of dossier " +
                                      std::to_string(k.dossier_id) + " not found");
        core::ApologyFacts a;
        a.code = s.text(0);
        a.agency = s.text(1);
        a.original_due_at = instant(s.text_view(2));
        core::DossierEvent e;
        decode_event_data(s.text(3), e);
        a.reason = e.reason;
        a.at = k.at;
        a.new_due_at = k.new_due_at;
        a.late = k.late;
        a.resolved_at = k.resolved_at;
        a.closed_at = k.closed_at;
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<core::ApologyFacts> SqliteDossierStore::apologies(const std::vector<std::string>& agencies,
                                                              core::Timestamp from, core::Timestamp to) {
    const bool pg = db_.dialect() == Dialect::postgresql;
    struct Issued {
        std::int64_t dossier_id;
        core::Timestamp at;
        std::string reason;
        std::optional<core::Timestamp> new_due_at;
        bool late = false;
    };
    std::vector<Issued> issued;
    {
        Statement s = db_.prepare(pg ? kApologyEventsPostgres : kApologyEventsSqlite);
        s.bind(1, utc(from)).bind(2, utc(to));
        while (s.step()) {
            Issued i{s.int64(0), instant(s.text_view(1)), {}, {}, false};
            if (pg) {
                core::DossierEvent e;
                decode_event_data(s.text(2), e);
                i.reason = e.reason;
                i.new_due_at = e.new_due_at;
                i.late = e.late_apology;
            } else {
                if (!s.is_null(2)) i.reason = s.text(2);
                i.new_due_at = optional_instant(s, 3);
                i.late = !s.is_null(4) && s.int64(4) != 0;
            }
            issued.push_back(std::move(i));
        }
    }
    if (issued.empty()) return {};
    // The dossiers the events name, in id order: the range below is read in id order too, and only their rows are
    // decoded (the range holds every apologised dossier between the smallest and the largest, three times as many
    // for a year at 1 M dossiers).
    std::vector<std::int64_t> wanted;
    wanted.reserve(issued.size());
    for (const Issued& i : issued) wanted.push_back(i.dossier_id);
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    // The scope as the other report queries apply it: the receiving or the resolving agency is in it.
    const std::set<std::string, std::less<>> scope(agencies.begin(), agencies.end());
    std::vector<std::pair<std::int64_t, core::ApologyFacts>> dossiers;  // by id
    dossiers.reserve(wanted.size());
    {
        Statement s = db_.prepare(pg ? kApologisedDossiersPostgres : kApologisedDossiersSqlite);
        s.bind(1, wanted.front()).bind(2, wanted.back());
        while (s.step()) {
            const std::int64_t id = s.int64(0);
            if (!std::binary_search(wanted.begin(), wanted.end(), id)) continue;
            if (!scope.empty() && scope.count(s.text_view(2)) == 0 && scope.count(s.text_view(3)) == 0) continue;
            core::ApologyFacts a;
            a.code = s.text(1);
            a.agency = s.text(2);
            a.original_due_at = instant(s.text_view(4));
            a.resolved_at = optional_instant(s, 5);
            a.closed_at = optional_instant(s, 6);
            dossiers.emplace_back(id, std::move(a));
        }
    }
    // PostgreSQL returns the range in any order.
    std::sort(dossiers.begin(), dossiers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<core::ApologyFacts> out;
    out.reserve(issued.size());
    for (const Issued& i : issued) {
        const auto d = std::lower_bound(dossiers.begin(), dossiers.end(), i.dossier_id,
                                        [](const auto& entry, std::int64_t id) { return entry.first < id; });
        if (d == dossiers.end() || d->first != i.dossier_id) continue;  // outside the scope
        core::ApologyFacts a = d->second;
        a.at = i.at;
        a.reason = i.reason;
        a.new_due_at = i.new_due_at.value_or(a.original_due_at);
        a.late = i.late;
        out.push_back(std::move(a));
    }
    return out;
}

bool SqliteDossierStore::update(const core::Dossier& d, const core::AuditRecord& audit,
                                const std::vector<core::Notification>& notify) {
    Transaction tx(db_);
    day_counts_.clear();
    status_counts_.clear();
    counts766_.clear();
    counts766_.add_stored(db_, d.id, -1);  // its 766 marks as stored come out (schema 0025)
    {
        // Its status count as stored comes out; the new one goes in (schema 0023).
        Statement row = db_.prepare(kStatusRow);
        row.bind(1, d.id);
        if (row.step())
            status_counts_.add(row.text(0), row.text(1), static_cast<core::DossierStatus>(row.int32(2)), -1);
    }
    {
        // The marks of the dossier as stored come out; those of its new state go in (decision 0024).
        Statement before = db_.prepare(std::string(kFactColumns) + std::string(kFactsById));
        before.bind(1, d.id);
        if (before.step()) {
            const core::DossierFacts old = read_facts(before);
            day_counts_.add(old, old.resolving_agency, -1);
        }
    }
    db_.prepare(kUpdateDossier)
        .bind(1, d.version)
        .bind(2, core::status_code(d.status))
        .bind(3, utc(d.due_at))
        .bind(4, utc(d.original_due_at))
        .bind(5, utc(d.extended_due_at))
        .bind(6, utc(d.result_ready_at))
        .bind(7, utc(d.returned_at))
        .bind(8, d.timeliness ? std::optional<std::string>(core::to_string(*d.timeliness)) : std::nullopt)
        .bind(9, encode_state(d))
        .bind(10, d.id)
        .bind(11, d.version - 1)
        .bind(12, closed_of(d))
        .bind(13, d.apologized ? 1 : 0)
        .run();
    if (db_.changes() != 1) {  // a concurrent change won; the transaction rolls back
        day_counts_.clear();
        status_counts_.clear();
        counts766_.clear();
        return false;
    }
    if (d.timeline.back().type == core::EventType::receive)
        db_.prepare(kRecordReceipt)
            .bind(1, utc(d.received_at))
            .bind(2, d.received_by)
            .bind(3, d.procedure_version)
            .bind(4, d.resolving_agency)
            .bind(5, d.id)
            .run();
    insert_event_unlocked(d, d.timeline.size() - 1, audit);
    if (core::is_received(d)) day_counts_.add(core::report_facts(d), d.resolving_agency, +1);
    status_counts_.add(d.agency, d.resolving_agency, d.status, +1);
    counts766_.add_stored(db_, d.id, +1);
    day_counts_.apply(db_);
    status_counts_.apply(db_);
    counts766_.apply(db_);
    enqueue_notifications(db_, d.id, static_cast<std::int64_t>(d.timeline.size()), notify, audit.at);
    tx.commit();
    return true;
}

}  // namespace motcua::storage
