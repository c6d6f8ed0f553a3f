#pragma once
// The records of digitisation in SQLite (schema 0014): stored files' hashes, attachments, component marks and
// electronic results. The file contents are in the FileStore (storage/file_store.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "core/ports.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

class SqliteAttachmentStore final : public core::AttachmentStore {
public:
    explicit SqliteAttachmentStore(Database& db) : db_(db) {}
    core::Attachment add(const core::Attachment& attachment, const core::AuditRecord& audit,
                         const std::optional<core::AuditRecord>& source_audit = std::nullopt) override;
    std::vector<core::Attachment> attachments(std::string_view dossier_code) override;
    std::optional<core::Attachment> attachment(std::int64_t id) override;
    void save_mark(const core::ComponentMark& mark, const core::AuditRecord& audit) override;
    std::vector<core::ComponentMark> marks(std::string_view dossier_code) override;
    std::vector<core::ReuseCandidate> reusable(std::string_view id_number, const std::vector<std::string>& agencies,
                                               std::string_view except_code) override;
    void save_result(const core::ElectronicResult& result, const core::AuditRecord& audit) override;
    std::optional<core::ElectronicResult> result(std::string_view dossier_code) override;
    std::vector<core::DigitisationFacts> digitisation_facts(const std::vector<std::string>& agencies,
                                                            core::Timestamp from, core::Timestamp to) override;

private:
    Database& db_;
};

/// A stored file as recorded: its hash (its name in the files directory) and size.
struct StoredFileRecord {
    std::string sha256;
    std::int64_t size = 0;
};

/// Every stored file's record, in hash order (for `motcua audit verify` and backups).
[[nodiscard]] std::vector<StoredFileRecord> stored_files(Database& db);

}  // namespace motcua::storage
