#include "storage/payment_store.hpp"

#include <nlohmann/json.hpp>

#include "storage/audit_log.hpp"
#include "storage/report_store.hpp"
#include "storage/returning.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kDossierId = "SELECT id FROM dossier WHERE code = ?1";
constexpr std::string_view kInsertLine =
    "INSERT INTO dossier_fee (dossier_id, kind, name, amount, exempted, exemption, raised_at, raised_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kLines =
    "SELECT f.id, f.kind, f.name, f.amount, f.exempted, f.exemption, f.raised_at, f.raised_by FROM dossier_fee f "
    "JOIN dossier d ON d.id = f.dossier_id WHERE d.code = ?1 ORDER BY f.id";
constexpr std::string_view kNextReceipt =
    "INSERT INTO receipt_sequence (agency, year, last) VALUES (?1, ?2, 1) "
    "ON CONFLICT (agency, year) DO UPDATE SET last = receipt_sequence.last + 1 RETURNING last";
constexpr InsertReturningId kInsertPayment{
    "INSERT INTO payment (dossier_id, method, amount, at, receipt_no, reference, gateway, recorded_by, recorded_at, "
    "note, reverses) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id"};
// A payment with its dossier's code and agency, and the id of its reversal when there is one.
constexpr std::string_view kPaymentColumns =
    "SELECT p.id, d.code, d.agency, p.method, p.amount, p.at, p.receipt_no, p.reference, p.gateway, p.recorded_by, "
    "p.recorded_at, p.note, p.reverses, (SELECT r.id FROM payment r WHERE r.reverses = p.id) "
    "FROM payment p JOIN dossier d ON d.id = p.dossier_id ";
constexpr std::string_view kPaymentsOfDossier = "WHERE d.code = ?1 ORDER BY p.id";
constexpr std::string_view kPaymentByTransaction =
    "WHERE p.method = 'online' AND p.reverses IS NULL AND p.gateway = ?1 AND p.reference = ?2";
constexpr std::string_view kInsertRequest =
    "INSERT INTO payment_request (reference, dossier_id, amount, gateway, created_at, expires_at, status) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')";
constexpr std::string_view kRequest =
    "SELECT r.id, r.reference, d.code, d.agency, r.amount, r.gateway, r.created_at, r.expires_at, r.status "
    "FROM payment_request r JOIN dossier d ON d.id = r.dossier_id WHERE r.reference = ?1";
constexpr std::string_view kSetRequestStatus =
    "UPDATE payment_request SET status = ?2 WHERE reference = ?1 AND status = 'pending'";
constexpr std::string_view kScope =
    " AND (CAST(?1 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?1)) "
    "OR d.resolving_agency IN (SELECT value FROM json_each(?1)))";
// The conditions on reverses (NULL or a payment id), method and at are written so that no index can serve them
// (coalesce, || ''): SQLite otherwise took the UNIQUE index on reverses, where IS NULL matches every payment that is
// not a reversal, or (method, at), and each dossier's subquery scanned every such payment (hours at 1,000,000
// dossiers); this way the subquery reads the dossier's own payments (payment_dossier), and the online list reads
// payment_method_at.
constexpr std::string_view kFeeFacts =
    "SELECT d.code, d.agency, d.procedure_code, "
    "(SELECT count(*) FROM dossier_fee f WHERE f.dossier_id = d.id), "
    "(SELECT coalesce(sum(f.amount - f.exempted), 0) FROM dossier_fee f WHERE f.dossier_id = d.id), "
    "EXISTS (SELECT 1 FROM payment p WHERE p.dossier_id = d.id AND p.method || '' = 'online' "
    "        AND coalesce(p.reverses, 0) = 0 AND p.at || '' < ?3 "
    "        AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)) "
    "FROM dossier d WHERE d.received_at >= ?2 AND d.received_at < ?3";
constexpr std::string_view kOnlinePayments =
    "SELECT d.code, d.agency, d.procedure_code, p.amount FROM payment p JOIN dossier d ON d.id = p.dossier_id "
    "WHERE p.method = 'online' AND coalesce(p.reverses, 0) = 0 AND p.at >= ?2 AND p.at < ?3 "
    "AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id)";

std::string utc(core::Timestamp t) { return core::format_instant_utc(t); }

core::Timestamp instant(const std::string& text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged instant: " + text);
    return *t;
}

core::Payment read_payment(const Statement& s) {
    core::Payment p;
    p.id = s.int64(0);
    p.dossier_code = s.text(1);
    p.agency = s.text(2);
    auto method = core::parse_payment_method(s.text(3));
    if (!method) throw StorageError(0, "damaged payment row: " + method.error().message);
    p.method = *method;
    p.amount = s.int64(4);
    p.at = instant(s.text(5));
    p.receipt_no = s.text(6);
    p.reference = s.text(7);
    p.gateway = s.text(8);
    p.recorded_by = s.text(9);
    p.recorded_at = instant(s.text(10));
    p.note = s.text(11);
    if (!s.is_null(12)) p.reverses = s.int64(12);
    if (!s.is_null(13)) p.reversed_by = s.int64(13);
    return p;
}

void bind_scope(Statement& s, const std::vector<std::string>& agencies) {
    if (agencies.empty()) s.bind_null(1);
    else s.bind(1, nlohmann::json(agencies).dump());
}

/// One payment row (a payment, or with `reverses` the record that cancels one); returns its id.
std::int64_t insert_payment(Database& db, std::int64_t dossier_id, const core::Payment& p,
                            std::optional<std::int64_t> reverses) {
    Statement s = kInsertPayment.prepare(db);
    s.bind(1, dossier_id).bind(2, core::to_string(p.method)).bind(3, p.amount).bind(4, utc(p.at));
    s.bind(5, p.receipt_no).bind(6, p.reference).bind(7, p.gateway).bind(8, p.recorded_by);
    s.bind(9, utc(p.recorded_at)).bind(10, p.note);
    if (reverses) s.bind(11, *reverses);
    else s.bind_null(11);
    return inserted_id(db, s);
}

}  // namespace

void insert_fee_lines(Database& db, std::int64_t dossier_id, const std::vector<core::FeeLine>& lines) {
    for (const core::FeeLine& l : lines)
        db.prepare(kInsertLine)
            .bind(1, dossier_id)
            .bind(2, core::to_string(l.kind))
            .bind(3, l.name)
            .bind(4, l.amount)
            .bind(5, l.exempted)
            .bind(6, l.exemption)
            .bind(7, utc(l.raised_at))
            .bind(8, l.raised_by)
            .run();
}

std::int64_t SqlitePaymentStore::dossier_id(std::string_view code) {
    Statement s = db_.prepare(kDossierId);
    s.bind(1, code);
    if (!s.step()) throw StorageError(0, "no dossier " + std::string(code));
    return s.int64(0);
}

std::vector<core::Payment> SqlitePaymentStore::payments_where(std::string_view where, std::string_view key) {
    std::vector<core::Payment> out;
    Statement s = db_.prepare(std::string(kPaymentColumns) + std::string(where));
    s.bind(1, key);
    while (s.step()) out.push_back(read_payment(s));
    return out;
}

core::FeeAccount SqlitePaymentStore::account(std::string_view code) {
    core::FeeAccount a;
    a.dossier_code = std::string(code);
    Statement s = db_.prepare(kLines);
    s.bind(1, code);
    while (s.step()) {
        core::FeeLine l;
        l.id = s.int64(0);
        l.kind = s.text(1) == "obligation" ? core::FeeLineKind::obligation : core::FeeLineKind::intake;
        l.name = s.text(2);
        l.amount = s.int64(3);
        l.exempted = s.int64(4);
        l.exemption = s.text(5);
        l.raised_at = instant(s.text(6));
        l.raised_by = s.text(7);
        a.lines.push_back(std::move(l));
    }
    a.payments = payments_where(kPaymentsOfDossier, code);
    return a;
}

core::Result<core::Payment> SqlitePaymentStore::record_payment(core::Payment p, const core::AuditRecord& audit,
                                                               const std::optional<core::Dossier>& resumed,
                                                               const core::AuditRecord& resume_audit) {
    Transaction tx(db_);
    const std::int64_t id = dossier_id(p.dossier_code);
    // The dossier's 766 counters (decision 0039): its marks before the payment out, after it in; the resume below
    // keeps them for its own change.
    Counts766Deltas counts;
    counts.add_stored(db_, id, -1);
    // A gateway may report a transaction more than once: the second report is answered as a duplicate. It is looked
    // up, not inferred from a unique violation, because the payment row has two unique indexes (the receipt number
    // too) and the audit row one more. Two nodes recording the same transaction at once still meet the index on
    // (gateway, reference): the later insert fails, and the gateway's retry is answered here.
    if (p.method == core::PaymentMethod::online && by_transaction(p.gateway, p.reference))
        return core::fail(core::ErrorKind::already_exists, "this gateway transaction is already recorded",
                          "transaction_id", "duplicate_transaction");
    p.receipt_no = next_receipt_no(p);
    p.id = insert_payment(db_, id, p, std::nullopt);
    append_payment_audit(p, audit);
    counts.add_stored(db_, id, +1);
    counts.apply(db_);
    if (resumed && !dossiers_.update(*resumed, resume_audit))
        return core::fail(core::ErrorKind::conflict,
                          "the dossier changed while the payment was being recorded; try again", {},
                          "concurrent_change");
    if (p.method == core::PaymentMethod::online && !p.note.empty())
        db_.prepare(kSetRequestStatus).bind(1, p.note).bind(2, "paid").run();
    tx.commit();
    return p;
}

core::Payment SqlitePaymentStore::record_payment_unlocked(std::int64_t dossier_id, core::Payment p,
                                                         const core::AuditRecord& audit) {
    p.receipt_no = next_receipt_no(p);
    p.id = insert_payment(db_, dossier_id, p, std::nullopt);
    append_payment_audit(p, audit);
    return p;
}

std::string SqlitePaymentStore::next_receipt_no(const core::Payment& p) {
    const int year = static_cast<int>(core::date_of(core::to_local(p.at)).year());
    Statement seq = db_.prepare(kNextReceipt);
    seq.bind(1, p.agency).bind(2, year);
    if (!seq.step()) throw StorageError(0, "no receipt sequence returned");
    std::string receipt_no = core::format_receipt_number(p.agency, year, seq.int64(0));
    seq.reset();
    return receipt_no;
}

void SqlitePaymentStore::append_payment_audit(const core::Payment& p, const core::AuditRecord& audit) {
    core::AuditRecord a = audit;
    a.detail.emplace_back("payment", std::to_string(p.id));
    a.detail.emplace_back("receipt_no", p.receipt_no);
    append_audit(db_, a);
}

core::Result<core::Payment> SqlitePaymentStore::record_reversal(core::Payment r, const core::AuditRecord& audit) {
    Transaction tx(db_);
    const std::int64_t id = dossier_id(r.dossier_code);
    Counts766Deltas counts;  // a reversal cancels the payment in the 766 counters (decision 0039)
    counts.add_stored(db_, id, -1);
    try {
        r.id = insert_payment(db_, id, r, r.reverses);
    } catch (const StorageError& e) {
        if (is_unique_violation(e))
            return core::fail(core::ErrorKind::already_exists, "this payment was already reversed", {},
                              "already_reversed");
        throw;
    }
    core::AuditRecord a = audit;
    a.detail.emplace_back("reversal", std::to_string(r.id));
    append_audit(db_, a);
    counts.add_stored(db_, id, +1);
    counts.apply(db_);
    tx.commit();
    return r;
}

bool SqlitePaymentStore::raise_obligation(const core::Dossier& after, const std::vector<core::FeeLine>& lines,
                                          const core::AuditRecord& audit) {
    Transaction tx(db_);
    if (!dossiers_.update(after, audit)) return false;
    Counts766Deltas counts;  // the new lines in the 766 counters (decision 0039), after the update kept its own
    counts.add_stored(db_, after.id, -1);
    insert_fee_lines(db_, after.id, lines);
    counts.add_stored(db_, after.id, +1);
    counts.apply(db_);
    tx.commit();
    return true;
}

void SqlitePaymentStore::add_request(const core::PaymentRequest& r, const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kInsertRequest)
        .bind(1, r.reference)
        .bind(2, dossier_id(r.dossier_code))
        .bind(3, r.amount)
        .bind(4, r.gateway)
        .bind(5, utc(r.created_at))
        .bind(6, utc(r.expires_at))
        .run();
    append_audit(db_, audit);
    tx.commit();
}

std::optional<core::PaymentRequest> SqlitePaymentStore::request(std::string_view reference) {
    Statement s = db_.prepare(kRequest);
    s.bind(1, reference);
    if (!s.step()) return std::nullopt;
    core::PaymentRequest r;
    r.id = s.int64(0);
    r.reference = s.text(1);
    r.dossier_code = s.text(2);
    r.agency = s.text(3);
    r.amount = s.int64(4);
    r.gateway = s.text(5);
    r.created_at = instant(s.text(6));
    r.expires_at = instant(s.text(7));
    const std::string status = s.text(8);
    r.status = status == "paid"     ? core::PaymentRequestStatus::paid
               : status == "failed" ? core::PaymentRequestStatus::failed
                                    : core::PaymentRequestStatus::pending;
    return r;
}

void SqlitePaymentStore::fail_request(std::string_view reference, const core::AuditRecord& audit) {
    Transaction tx(db_);
    db_.prepare(kSetRequestStatus).bind(1, reference).bind(2, "failed").run();
    append_audit(db_, audit);
    tx.commit();
}

std::optional<core::Payment> SqlitePaymentStore::by_transaction(std::string_view gateway,
                                                                std::string_view transaction_id) {
    Statement s = db_.prepare(std::string(kPaymentColumns) + std::string(kPaymentByTransaction));
    s.bind(1, gateway).bind(2, transaction_id);
    if (!s.step()) return std::nullopt;
    return read_payment(s);
}

void SqlitePaymentStore::note(const core::AuditRecord& audit) {
    Transaction tx(db_);
    append_audit(db_, audit);
    tx.commit();
}

std::vector<core::Counts766Sums> SqlitePaymentStore::counts766_sums(const std::vector<std::string>& agencies,
                                                                   core::ReportPeriod period) {
    return storage::counts766_sums(db_, agencies, period);
}

std::vector<core::DossierFeeFacts> SqlitePaymentStore::fee_facts(const std::vector<std::string>& agencies,
                                                                 core::Timestamp from, core::Timestamp to) {
    std::vector<core::DossierFeeFacts> out;
    Statement s = db_.prepare(std::string(kFeeFacts) + std::string(kScope));
    bind_scope(s, agencies);
    s.bind(2, utc(from)).bind(3, utc(to));
    while (s.step())
        out.push_back(core::DossierFeeFacts{s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4), s.int64(5) != 0});
    return out;
}

std::vector<core::OnlinePaymentFacts> SqlitePaymentStore::online_payments(const std::vector<std::string>& agencies,
                                                                          core::Timestamp from, core::Timestamp to) {
    std::vector<core::OnlinePaymentFacts> out;
    Statement s = db_.prepare(std::string(kOnlinePayments) + std::string(kScope));
    bind_scope(s, agencies);
    s.bind(2, utc(from)).bind(3, utc(to));
    while (s.step()) out.push_back(core::OnlinePaymentFacts{s.text(0), s.text(1), s.text(2), s.int64(3)});
    return out;
}

}  // namespace motcua::storage
