#include "storage/attachment_store.hpp"

#include <nlohmann/json.hpp>

#include "storage/audit_log.hpp"
#include "storage/report_store.hpp"
#include "storage/returning.hpp"

namespace motcua::storage {
namespace {

constexpr std::string_view kDossierId = "SELECT id FROM dossier WHERE code = ?1";
constexpr std::string_view kInsertFile =
    "INSERT INTO stored_file (sha256, size, content_type, stored_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (sha256) DO NOTHING";
constexpr InsertReturningId kInsertAttachment{
    "INSERT INTO attachment (dossier_id, component_id, sha256, file_name, attached_at, attached_by, reused_from) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
constexpr std::string_view kAttachmentsOf =
    "SELECT a.id, d.code, a.component_id, a.file_name, f.content_type, f.size, a.sha256, a.attached_at, "
    "a.attached_by, a.reused_from, (SELECT sd.code FROM attachment s JOIN dossier sd ON sd.id = s.dossier_id "
    "WHERE s.id = a.reused_from) "
    "FROM attachment a JOIN dossier d ON d.id = a.dossier_id JOIN stored_file f ON f.sha256 = a.sha256 "
    "WHERE d.code = ?1 ORDER BY a.id";
constexpr std::string_view kAttachmentById =
    "SELECT a.id, d.code, a.component_id, a.file_name, f.content_type, f.size, a.sha256, a.attached_at, "
    "a.attached_by, a.reused_from, (SELECT sd.code FROM attachment s JOIN dossier sd ON sd.id = s.dossier_id "
    "WHERE s.id = a.reused_from) "
    "FROM attachment a JOIN dossier d ON d.id = a.dossier_id JOIN stored_file f ON f.sha256 = a.sha256 "
    "WHERE a.id = ?1";
constexpr std::string_view kReusedBy =
    "SELECT d.code FROM attachment a JOIN dossier d ON d.id = a.dossier_id WHERE a.reused_from = ?1 ORDER BY a.id";
constexpr std::string_view kSaveMark =
    "INSERT INTO component_mark (dossier_id, component_id, digitised, certified_copy, reused, marked_at, marked_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (dossier_id, component_id) DO UPDATE SET "
    "digitised = excluded.digitised, certified_copy = excluded.certified_copy, reused = excluded.reused, "
    "marked_at = excluded.marked_at, marked_by = excluded.marked_by";
constexpr std::string_view kMarksOf =
    "SELECT d.code, m.component_id, m.digitised, m.certified_copy, m.reused, m.marked_at, m.marked_by "
    "FROM component_mark m JOIN dossier d ON d.id = m.dossier_id WHERE d.code = ?1 ORDER BY m.component_id";
// The same applicant's other dossiers (by identification number, expression index of schema 0014), their files on
// components marked digitised.
constexpr std::string_view kReusable =
    "SELECT a.id, d.code, a.component_id, a.file_name, f.content_type, f.size, a.sha256, a.attached_at, "
    "a.attached_by, a.reused_from, (SELECT sd.code FROM attachment s JOIN dossier sd ON sd.id = s.dossier_id "
    "WHERE s.id = a.reused_from), d.procedure_code, d.received_at "
    "FROM dossier d JOIN attachment a ON a.dossier_id = d.id JOIN stored_file f ON f.sha256 = a.sha256 "
    "JOIN component_mark m ON m.dossier_id = d.id AND m.component_id = a.component_id AND m.digitised = 1 "
    "WHERE json_extract(d.applicant, '$.id_number') = ?1 AND d.code <> ?2 AND a.component_id <> '' "
    "AND (CAST(?3 AS TEXT) IS NULL OR d.agency IN (SELECT value FROM json_each(?3)) "
    "                OR d.resolving_agency IN (SELECT value FROM json_each(?3))) "
    "ORDER BY d.received_at DESC, a.id DESC LIMIT 200";
constexpr std::string_view kSaveResult =
    "INSERT INTO electronic_result (dossier_id, number, issued_on, signer, issuing_body, attachment_id, recorded_at, "
    "recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (dossier_id) DO UPDATE SET "
    "number = excluded.number, issued_on = excluded.issued_on, signer = excluded.signer, "
    "issuing_body = excluded.issuing_body, attachment_id = excluded.attachment_id, "
    "recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by";
constexpr std::string_view kResultOf =
    "SELECT d.code, r.number, r.issued_on, r.signer, r.issuing_body, r.attachment_id, r.recorded_at, r.recorded_by "
    "FROM electronic_result r JOIN dossier d ON d.id = r.dossier_id WHERE d.code = ?1";
constexpr std::string_view kStoredFiles = "SELECT sha256, size FROM stored_file ORDER BY sha256";
constexpr std::string_view kHasStoredFilesSqlite =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_file'";
constexpr std::string_view kHasStoredFilesPostgres =
    "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'stored_file'";

std::string utc(core::Timestamp t) { return core::format_instant_utc(t); }

core::Timestamp instant(const std::string& text) {
    auto t = core::parse_instant(text);
    if (!t) throw StorageError(0, "damaged instant: " + text);
    return *t;
}

std::int64_t dossier_id(Database& db, std::string_view code) {
    Statement s = db.prepare(kDossierId);
    s.bind(1, code);
    if (!s.step()) throw StorageError(0, "no dossier " + std::string(code));
    return s.int64(0);
}

core::Attachment read_attachment(const Statement& s) {
    core::Attachment a;
    a.id = s.int64(0);
    a.dossier_code = s.text(1);
    a.component_id = s.text(2);
    a.file_name = s.text(3);
    a.content_type = s.text(4);
    a.size = s.int64(5);
    a.sha256 = s.text(6);
    a.attached_at = instant(s.text(7));
    a.attached_by = s.text(8);
    if (!s.is_null(9)) a.reused_from = s.int64(9);
    a.reused_from_dossier = s.optional_text(10).value_or("");
    return a;
}

std::optional<std::string> agencies_json(const std::vector<std::string>& agencies) {
    if (agencies.empty()) return std::nullopt;
    return nlohmann::json(agencies).dump();
}

}  // namespace

core::Attachment SqliteAttachmentStore::add(const core::Attachment& attachment, const core::AuditRecord& audit,
                                            const std::optional<core::AuditRecord>& source_audit) {
    Transaction tx(db_);
    const std::int64_t dossier = dossier_id(db_, attachment.dossier_code);
    db_.prepare(kInsertFile)
        .bind(1, attachment.sha256)
        .bind(2, attachment.size)
        .bind(3, attachment.content_type)
        .bind(4, utc(attachment.attached_at))
        .run();
    core::Attachment out = attachment;
    out.id = inserted_id(db_, kInsertAttachment.prepare(db_)
        .bind(1, dossier)
        .bind(2, attachment.component_id)
        .bind(3, attachment.sha256)
        .bind(4, attachment.file_name)
        .bind(5, utc(attachment.attached_at))
        .bind(6, attachment.attached_by)
        .bind(7, attachment.reused_from));
    core::AuditRecord record = audit;
    record.detail.emplace_back("attachment", std::to_string(out.id));
    append_audit(db_, record);
    if (source_audit) {
        core::AuditRecord source = *source_audit;
        source.detail.emplace_back("new_attachment", std::to_string(out.id));
        append_audit(db_, source);
    }
    tx.commit();
    return out;
}

std::vector<core::Attachment> SqliteAttachmentStore::attachments(std::string_view dossier_code) {
    std::vector<core::Attachment> out;
    {
        Statement s = db_.prepare(kAttachmentsOf);
        s.bind(1, dossier_code);
        while (s.step()) out.push_back(read_attachment(s));
    }
    for (auto& a : out) {
        Statement s = db_.prepare(kReusedBy);
        s.bind(1, a.id);
        while (s.step()) a.reused_by.push_back(s.text(0));
    }
    return out;
}

std::optional<core::Attachment> SqliteAttachmentStore::attachment(std::int64_t id) {
    Statement s = db_.prepare(kAttachmentById);
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_attachment(s);
}

void SqliteAttachmentStore::save_mark(const core::ComponentMark& mark, const core::AuditRecord& audit) {
    Transaction tx(db_);
    const std::int64_t dossier = dossier_id(db_, mark.dossier_code);
    Counts766Deltas counts;  // the dossier's 766 counters: marks before out, after in (decision 0039)
    counts.add_stored(db_, dossier, -1);
    db_.prepare(kSaveMark)
        .bind(1, dossier)
        .bind(2, mark.component_id)
        .bind(3, mark.digitised ? 1 : 0)
        .bind(4, mark.certified_copy ? 1 : 0)
        .bind(5, mark.reused ? 1 : 0)
        .bind(6, utc(mark.marked_at))
        .bind(7, mark.marked_by)
        .run();
    counts.add_stored(db_, dossier, +1);
    counts.apply(db_);
    append_audit(db_, audit);
    tx.commit();
}

std::vector<core::ComponentMark> SqliteAttachmentStore::marks(std::string_view dossier_code) {
    std::vector<core::ComponentMark> out;
    Statement s = db_.prepare(kMarksOf);
    s.bind(1, dossier_code);
    while (s.step())
        out.push_back(core::ComponentMark{s.text(0), s.text(1), s.int64(2) != 0, s.int64(3) != 0, s.int64(4) != 0,
                                          instant(s.text(5)), s.text(6)});
    return out;
}

std::vector<core::ReuseCandidate> SqliteAttachmentStore::reusable(std::string_view id_number,
                                                                  const std::vector<std::string>& agencies,
                                                                  std::string_view except_code) {
    std::vector<core::ReuseCandidate> out;
    if (id_number.empty()) return out;
    Statement s = db_.prepare(kReusable);
    s.bind(1, id_number).bind(2, except_code).bind(3, agencies_json(agencies));
    while (s.step()) out.push_back(core::ReuseCandidate{read_attachment(s), s.text(11), instant(s.text(12))});
    return out;
}

void SqliteAttachmentStore::save_result(const core::ElectronicResult& result, const core::AuditRecord& audit) {
    Transaction tx(db_);
    const std::int64_t dossier = dossier_id(db_, result.dossier_code);
    Counts766Deltas counts;  // the dossier's 766 counters: before out, after in (decision 0039)
    counts.add_stored(db_, dossier, -1);
    db_.prepare(kSaveResult)
        .bind(1, dossier)
        .bind(2, result.number)
        .bind(3, core::format_date(result.issued_on))
        .bind(4, result.signer)
        .bind(5, result.issuing_body)
        .bind(6, result.attachment_id)
        .bind(7, utc(result.recorded_at))
        .bind(8, result.recorded_by)
        .run();
    counts.add_stored(db_, dossier, +1);
    counts.apply(db_);
    append_audit(db_, audit);
    tx.commit();
}

std::optional<core::ElectronicResult> SqliteAttachmentStore::result(std::string_view dossier_code) {
    Statement s = db_.prepare(kResultOf);
    s.bind(1, dossier_code);
    if (!s.step()) return std::nullopt;
    auto day = core::parse_date(s.text(2));
    if (!day) throw StorageError(0, "damaged date: " + s.text(2));
    return core::ElectronicResult{s.text(0), s.text(1), *day, s.text(3), s.text(4), s.int64(5),
                                  instant(s.text(6)), s.text(7)};
}

std::vector<StoredFileRecord> stored_files(Database& db) {
    std::vector<StoredFileRecord> out;
    if (!db.prepare(db.dialect() == Dialect::postgresql ? kHasStoredFilesPostgres : kHasStoredFilesSqlite).step())
        return out;  // a database not yet migrated to schema 0014
    Statement s = db.prepare(kStoredFiles);
    while (s.step()) out.push_back(StoredFileRecord{s.text(0), s.int64(1)});
    return out;
}

}  // namespace motcua::storage
