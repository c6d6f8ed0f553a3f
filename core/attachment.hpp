#pragma once
// Digitised dossier components and electronic results (issue #9, docs/digitisation.md): the files attached to a
// dossier's components, the marks a clerk sets on a component (digitised, electronic certified copy), reuse of an
// earlier dossier's digitised component, and the electronic result document. Plain values; the rules that act on
// them are in attachment_service.hpp, the counts for Decision 766 group MDSH in counts766.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace motcua::core {

/// Configuration of the digitisation rules (docs/digitisation.md; defaults are motcua's [M] unless noted).
struct DigitisationPolicy {
    /// Largest file accepted, in bytes [M: 20 MiB, enough for a multi-page 300 dpi scan].
    std::int64_t max_file_bytes = 20 * 1024 * 1024;
    /// Media types accepted, as the content sniffer names them [S: scans as PDF, JPEG or PNG, issue #9].
    std::vector<std::string> accepted_types{"application/pdf", "image/jpeg", "image/png"};
    /// Longest file name kept (characters are bytes of UTF-8).
    std::size_t max_name_bytes = 200;
};

/// A file attached to a dossier: to one of its components, or (component_id empty) the electronic result's file.
struct Attachment {
    std::int64_t id = 0;
    std::string dossier_code;
    std::string component_id;  ///< empty for the result document's file
    std::string file_name;     ///< as the uploader named it (display only; the type comes from the content)
    std::string content_type;  ///< sniffed from the content
    std::int64_t size = 0;     ///< bytes
    std::string sha256;        ///< lower-case hex: the file's name in the file store
    Timestamp attached_at;
    std::string attached_by;   ///< a username, or "citizen" for an online submission
    /// Set when the file was reused from another dossier's digitised component instead of scanned again.
    std::optional<std::int64_t> reused_from;  ///< the source attachment's id
    std::string reused_from_dossier;          ///< the source attachment's dossier code
    /// The dossiers that reused this file later (filled in when listing a dossier's files).
    std::vector<std::string> reused_by;
};

/// A clerk's marks on one component of a dossier.
struct ComponentMark {
    std::string dossier_code;
    std::string component_id;
    bool digitised = false;       ///< the component's scan is on file (4.2)
    bool certified_copy = false;  ///< the file is an electronic certified copy of an original (chứng thực điện tử)
    bool reused = false;          ///< taken from an earlier dossier's digitised component (4.3)
    Timestamp marked_at;
    std::string marked_by;
    friend bool operator==(const ComponentMark&, const ComponentMark&) = default;
};

/// The electronic result (kết quả điện tử): the document's particulars and its file.
struct ElectronicResult {
    std::string dossier_code;
    std::string number;        ///< the document's number, e.g. "123/QĐ-UBND"
    Date issued_on{};          ///< the date on the document
    std::string signer;
    std::string issuing_body;
    std::int64_t attachment_id = 0;
    Timestamp recorded_at;
    std::string recorded_by;
};

/// An earlier dossier's digitised file that may be reused for the same applicant.
struct ReuseCandidate {
    Attachment attachment;  ///< on `attachment.dossier_code`, component `attachment.component_id`
    std::string procedure_code;
    Timestamp received_at;  ///< of the source dossier
};

/// A file's bytes with what a download needs to label them.
struct FileContent {
    Attachment attachment;
    std::string bytes;
};

/// Everything digitised about one dossier.
struct DossierFiles {
    std::string dossier_code;
    std::vector<Attachment> attachments;  ///< oldest first (the result's file included)
    std::vector<ComponentMark> marks;     ///< components with a mark
    std::optional<ElectronicResult> result;
};

/// The file name kept for an upload: path components and control characters removed, trimmed to `max_bytes` on a
/// UTF-8 boundary; "file" when nothing is left.
[[nodiscard]] std::string clean_file_name(std::string_view name, std::size_t max_bytes);

}  // namespace motcua::core
