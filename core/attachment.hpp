#pragma once
// Digitised dossier components and electronic results (issue #9, docs/digitisation.md): the files attached to a
// dossier's components, the marks a clerk sets on a component (digitised, electronic certified copy), reuse of an
// earlier dossier's digitised component, and the electronic result document. Plain values; the rules that act on
// them are in attachment_service.hpp, the counts for Decision 766 group MDSH in digitisation_counts().
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reports.hpp"
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

/// What the MDSH counts need to know of one dossier.
struct DigitisationFacts {
    std::string code;
    std::string agency;  ///< receiving agency
    Timestamp received_at;
    std::optional<Timestamp> resolved_at;  ///< result ready
    bool result_required = true;           ///< the procedure issues a result document (Procedure::result_type set)
    bool digitised = false;                ///< at least one component marked digitised
    bool certified_copy = false;           ///< at least one component marked an electronic certified copy
    bool reused = false;                   ///< at least one component reused from an earlier dossier
    bool electronic_result = false;        ///< an electronic result with its file is recorded
};

/// The raw counts behind Decision 766 group MDSH (domain.md §11.2.2–11.2.3) for one agency, or in total.
/// Cohorts (docs/digitisation.md): 4.2, certified copies and 4.3 count dossiers received in the period; 4.1 counts
/// dossiers whose result was ready in the period.
struct DigitisationCounts {
    std::int64_t received = 0;                       ///< dossiers received in the period
    std::int64_t digitised = 0;                      ///< of those, with at least one digitised component
    std::int64_t digitised_with_electronic_result = 0;  ///< … and an electronic result (4.2 numerator)
    std::int64_t certified_copies = 0;               ///< … with an electronic certified copy
    std::int64_t reused = 0;                         ///< … with at least one reused component (4.3 numerator)
    std::int64_t resolved_requiring_result = 0;      ///< results ready in the period, procedure issues a result (4.1 ÷)
    std::int64_t resolved_with_electronic_result = 0;  ///< of those, with an electronic result (4.1 numerator)
    friend bool operator==(const DigitisationCounts&, const DigitisationCounts&) = default;
};

struct DigitisationReport {
    ReportPeriod period;
    std::map<std::string, DigitisationCounts> by_agency;  ///< agencies with anything counted
    DigitisationCounts total;
};

/// Counts `facts` for `period` per receiving agency and in total (pure; see DigitisationCounts for the cohorts).
[[nodiscard]] DigitisationReport digitisation_counts(const std::vector<DigitisationFacts>& facts,
                                                     const ReportPeriod& period);

/// The file name kept for an upload: path components and control characters removed, trimmed to `max_bytes` on a
/// UTF-8 boundary; "file" when nothing is left.
[[nodiscard]] std::string clean_file_name(std::string_view name, std::size_t max_bytes);

}  // namespace motcua::core
