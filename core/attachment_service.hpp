#pragma once
// Use cases of digitisation (docs/digitisation.md): attach a scanned file to a dossier's component, mark a component
// digitised or an electronic certified copy, reuse an earlier dossier's digitised component for the same applicant,
// record the electronic result, and download files (staff within scope; the citizen's result with the lookup key).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.hpp"
#include "core/attachment.hpp"
#include "core/ports.hpp"

namespace motcua::core {

/// A file as uploaded: its bytes and the name the uploader gave it.
struct Upload {
    std::string_view bytes;
    std::string_view file_name;
};

/// The particulars of a result document, as a clerk enters them.
struct ResultDocument {
    std::string number;
    std::optional<Date> issued_on;
    std::string signer;
    std::string issuing_body;
};

class AttachmentService final {
public:
    AttachmentService(CatalogueStore& catalogue, DossierStore& dossiers, AttachmentStore& attachments, FileStore& files,
                      ContentSniffer& sniffer, Crypto& crypto, AccessLog& access_log, const Clock& clock,
                      DigitisationPolicy policy = {})
        : catalogue_(catalogue), dossiers_(dossiers), attachments_(attachments), files_(files), sniffer_(sniffer),
          crypto_(crypto), access_log_(access_log), clock_(clock), policy_(std::move(policy)) {}

    /// Attaches a file to component `component_id` of dossier `code` on behalf of `actor` (a username, or
    /// "citizen"). Access is the CALLER's check (a staff route checks scope through attach_as; an online submission
    /// authenticates with the dossier's key). The file is stored (content-addressed, durably) before its record.
    /// Errors: not_found "dossier_not_found"; unprocessable "unknown_component" (field "component_id") when the
    /// procedure does not list it; invalid_argument "empty_file"; unprocessable "file_too_large" (field "file")
    /// above policy().max_file_bytes; unprocessable "unsupported_file_type" (field "file") when the content is not
    /// one of policy().accepted_types (whatever the name says); failed_precondition "dossier_closed" on a withdrawn
    /// or stopped dossier.
    [[nodiscard]] Result<Attachment> attach(std::string_view code, std::string_view component_id, Upload file,
                                            const std::string& actor);
    /// attach() for a staff member: not_found outside the user's scope.
    [[nodiscard]] Result<Attachment> attach_as(std::string_view code, std::string_view component_id, Upload file,
                                               const User& user);

    /// The dossier's files, marks and electronic result; not_found outside the user's scope.
    [[nodiscard]] Result<DossierFiles> files(std::string_view code, const User& user);

    /// Sets the component's marks. Marking digitised needs a file on the component (failed_precondition
    /// "no_file"); a certified copy must be digitised (invalid_argument "certified_copy_not_digitised"). The reuse
    /// flag is kept. not_found outside scope; unprocessable "unknown_component".
    [[nodiscard]] Result<ComponentMark> mark(std::string_view code, std::string_view component_id, bool digitised,
                                             bool certified_copy, const User& user);

    /// Digitised files of the same applicant's other dossiers (by identification number) in the user's scope.
    [[nodiscard]] Result<std::vector<ReuseCandidate>> reusable(std::string_view code, const User& user);

    /// Reuses a candidate's file for component `component_id` of dossier `code`: a new attachment pointing at the
    /// same stored file, the component marked digitised and reused (its certified-copy mark copied from the source),
    /// recorded on both dossiers' audit trails. Errors: not_found (dossier, or attachment "attachment_not_found" when
    /// it is not among reusable(code)); unprocessable "unknown_component".
    [[nodiscard]] Result<Attachment> reuse(std::string_view code, std::string_view component_id,
                                           std::int64_t source_attachment_id, const User& user);

    /// Records the electronic result and its file. Needs the result to be ready (status result_ready or returned;
    /// failed_precondition "result_not_ready") and a procedure that allows an electronic result
    /// (failed_precondition "electronic_result_not_allowed", Procedure::electronic_result). Fields number,
    /// issued_on, signer, issuing_body are required (invalid_argument naming the field); issued_on not in the
    /// future. The file follows attach()'s checks.
    [[nodiscard]] Result<ElectronicResult> record_result(std::string_view code, const ResultDocument& document,
                                                         Upload file, const User& user);

    /// A staff download: the file and its record, the read on the audit log ("dossier.file_downloaded").
    /// not_found outside scope or for another dossier's attachment.
    [[nodiscard]] Result<FileContent> download(std::string_view code, std::int64_t attachment_id, const User& user);

    /// The citizen's download of the electronic result: with the lookup key, answering every failure (unknown code,
    /// wrong key, no electronic result) as not_found "dossier_not_found", like the lookup.
    [[nodiscard]] Result<FileContent> public_result(std::string_view code, std::string_view key);

    /// The citizen's view of the electronic result (without the file), same rules as public_result.
    [[nodiscard]] Result<ElectronicResult> public_result_info(std::string_view code, std::string_view key);

    /// Counts for Decision 766 group MDSH per receiving agency in the user's scope.
    [[nodiscard]] Result<DigitisationReport> counts(const ReportPeriod& period, const User& user);

    [[nodiscard]] const DigitisationPolicy& policy() const { return policy_; }

private:
    Result<Dossier> visible(std::string_view code, const User& user);
    Result<Attachment> store_file(const Dossier& dossier, std::string component_id, Upload file,
                                  const std::string& actor, const std::string& action);
    Result<Dossier> keyed(std::string_view code, std::string_view key);

    CatalogueStore& catalogue_;
    DossierStore& dossiers_;
    AttachmentStore& attachments_;
    FileStore& files_;
    ContentSniffer& sniffer_;
    Crypto& crypto_;
    AccessLog& access_log_;
    const Clock& clock_;
    DigitisationPolicy policy_;
};

}  // namespace motcua::core
