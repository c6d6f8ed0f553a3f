#include "core/attachment_service.hpp"

#include <algorithm>

namespace motcua::core {
namespace {

Error dossier_not_found() {
    return Error{ErrorKind::not_found, "dossier_not_found", "no dossier with that code and key", {}};
}

AuditRecord audit(Timestamp at, std::string actor, std::string action, std::string subject,
                  std::vector<std::pair<std::string, std::string>> detail = {}) {
    return AuditRecord{at, std::move(actor), std::move(action), std::move(subject), std::move(detail)};
}

Status require_text(const std::string& value, const char* field, std::size_t max_bytes) {
    if (value.empty()) return fail(ErrorKind::invalid_argument, std::string(field) + " is required", field, "required");
    if (value.size() > max_bytes)
        return fail(ErrorKind::invalid_argument,
                    std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes", field,
                    "too_long");
    return {};
}

}  // namespace

std::string clean_file_name(std::string_view name, std::size_t max_bytes) {
    // Keep only the last path component: a name is for display and for Content-Disposition, never a path.
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string out;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"') continue;
        out += c;
    }
    while (!out.empty() && (out.front() == ' ' || out.front() == '.')) out.erase(out.begin());
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > max_bytes) {
        std::size_t cut = max_bytes;
        // Step back to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out.empty() ? std::string("file") : out;
}

DigitisationReport digitisation_counts(const std::vector<DigitisationFacts>& facts, const ReportPeriod& period) {
    DigitisationReport report;
    report.period = period;
    const Timestamp from = period_start(period);
    const Timestamp to = period_end(period);
    const auto add = [](DigitisationCounts& c, const DigitisationFacts& f, bool received, bool resolved) {
        if (received) {
            ++c.received;
            if (f.digitised) ++c.digitised;
            if (f.digitised && f.electronic_result) ++c.digitised_with_electronic_result;
            if (f.certified_copy) ++c.certified_copies;
            if (f.reused) ++c.reused;
        }
        if (resolved && f.result_required) {
            ++c.resolved_requiring_result;
            if (f.electronic_result) ++c.resolved_with_electronic_result;
        }
    };
    for (const DigitisationFacts& f : facts) {
        const bool received = f.received_at >= from && f.received_at < to;
        const bool resolved = f.resolved_at && *f.resolved_at >= from && *f.resolved_at < to;
        if (!received && !resolved) continue;
        add(report.by_agency[f.agency], f, received, resolved);
        add(report.total, f, received, resolved);
    }
    return report;
}

Result<Dossier> AttachmentService::visible(std::string_view code, const User& user) {
    auto d = dossiers_.find(code, false);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    return std::move(*d);
}

Result<Dossier> AttachmentService::keyed(std::string_view code, std::string_view key) {
    // As DossierService::lookup: the same work and the same answer for an unknown code and a wrong key.
    auto d = code.size() <= 64 ? dossiers_.find(code, false) : std::nullopt;
    const std::string expected = d ? d->lookup_key : std::string(10, '0');
    const bool key_ok = crypto_.equal(expected, key) && !key.empty();
    if (!d || !key_ok) return tl::unexpected(dossier_not_found());
    return std::move(*d);
}

Result<Attachment> AttachmentService::store_file(const Dossier& dossier, std::string component_id, Upload file,
                                                 const std::string& actor, const std::string& action) {
    if (dossier.status == DossierStatus::withdrawn || dossier.status == DossierStatus::stopped)
        return fail(ErrorKind::failed_precondition, "the dossier is " + std::string(to_string(dossier.status)),
                    {}, "dossier_closed");
    if (file.bytes.empty()) return fail(ErrorKind::invalid_argument, "the file is empty", "file", "empty_file");
    if (static_cast<std::int64_t>(file.bytes.size()) > policy_.max_file_bytes)
        return fail(ErrorKind::unprocessable,
                    "the file is larger than " + std::to_string(policy_.max_file_bytes) + " bytes", "file",
                    "file_too_large");
    const std::string type = sniffer_.media_type(file.bytes);
    if (std::find(policy_.accepted_types.begin(), policy_.accepted_types.end(), type) == policy_.accepted_types.end())
        return fail(ErrorKind::unprocessable, "the file's content is " + type + ", not a PDF, JPEG or PNG scan",
                    "file", "unsupported_file_type");
    Attachment a;
    a.dossier_code = dossier.code;
    a.component_id = std::move(component_id);
    a.file_name = clean_file_name(file.file_name, policy_.max_name_bytes);
    a.content_type = type;
    a.size = static_cast<std::int64_t>(file.bytes.size());
    a.sha256 = crypto_.digest(file.bytes);
    a.attached_at = clock_.now();
    a.attached_by = actor;
    // The file is on disk before its record commits: a crash in between leaves an unreferenced file, never a record
    // without its file.
    files_.put(a.sha256, file.bytes);
    const std::string component_label = a.component_id.empty() ? std::string("result") : a.component_id;
    return attachments_.add(a, audit(a.attached_at, actor, action, dossier.code,
                                     {{"component", component_label},
                                      {"sha256", a.sha256},
                                      {"size", std::to_string(a.size)},
                                      {"content_type", a.content_type}}));
}

Result<Attachment> AttachmentService::attach(std::string_view code, std::string_view component_id, Upload file,
                                             const std::string& actor) {
    auto d = dossiers_.find(code, false);
    if (!d) return tl::unexpected(dossier_not_found());
    auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
    if (!procedure || procedure->component(component_id) == nullptr)
        return fail(ErrorKind::unprocessable, "the procedure has no component \"" + std::string(component_id) + "\"",
                    "component_id", "unknown_component");
    return store_file(*d, std::string(component_id), file, actor, "dossier.file_attached");
}

Result<Attachment> AttachmentService::attach_as(std::string_view code, std::string_view component_id, Upload file,
                                                const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    return attach(code, component_id, file, user.username);
}

Result<DossierFiles> AttachmentService::files(std::string_view code, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    return DossierFiles{d->code, attachments_.attachments(d->code), attachments_.marks(d->code),
                        attachments_.result(d->code)};
}

Result<ComponentMark> AttachmentService::mark(std::string_view code, std::string_view component_id, bool digitised,
                                              bool certified_copy, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
    if (!procedure || procedure->component(component_id) == nullptr)
        return fail(ErrorKind::unprocessable, "the procedure has no component \"" + std::string(component_id) + "\"",
                    "component_id", "unknown_component");
    if (certified_copy && !digitised)
        return fail(ErrorKind::invalid_argument, "an electronic certified copy must be marked digitised too",
                    "certified_copy", "certified_copy_not_digitised");
    const auto files = attachments_.attachments(d->code);
    const bool has_file = std::any_of(files.begin(), files.end(),
                                      [&](const Attachment& a) { return a.component_id == component_id; });
    if (digitised && !has_file)
        return fail(ErrorKind::failed_precondition, "attach the component's scan before marking it digitised",
                    "digitised", "no_file");
    ComponentMark m;
    for (const auto& existing : attachments_.marks(d->code))
        if (existing.component_id == component_id) m = existing;
    m.dossier_code = d->code;
    m.component_id = std::string(component_id);
    m.digitised = digitised;
    m.certified_copy = certified_copy;
    if (!digitised) m.reused = false;
    m.marked_at = clock_.now();
    m.marked_by = user.username;
    attachments_.save_mark(m, audit(m.marked_at, user.username, "dossier.component_marked", d->code,
                                    {{"component", m.component_id},
                                     {"digitised", digitised ? "true" : "false"},
                                     {"certified_copy", certified_copy ? "true" : "false"}}));
    return m;
}

Result<std::vector<ReuseCandidate>> AttachmentService::reusable(std::string_view code, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    const Scope scope(user, catalogue_.agencies());
    return attachments_.reusable(d->applicant.id_number, scope.all() ? std::vector<std::string>{} : scope.agencies(),
                                 d->code);
}

Result<Attachment> AttachmentService::reuse(std::string_view code, std::string_view component_id,
                                            std::int64_t source_attachment_id, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
    if (!procedure || procedure->component(component_id) == nullptr)
        return fail(ErrorKind::unprocessable, "the procedure has no component \"" + std::string(component_id) + "\"",
                    "component_id", "unknown_component");
    if (d->status == DossierStatus::withdrawn || d->status == DossierStatus::stopped)
        return fail(ErrorKind::failed_precondition, "the dossier is " + std::string(to_string(d->status)), {},
                    "dossier_closed");
    auto candidates = reusable(code, user);
    if (!candidates) return tl::unexpected(candidates.error());
    const auto source = std::find_if(candidates->begin(), candidates->end(), [&](const ReuseCandidate& c) {
        return c.attachment.id == source_attachment_id;
    });
    if (source == candidates->end())
        return fail(ErrorKind::not_found, "no reusable file " + std::to_string(source_attachment_id) +
                                              " of this applicant in your scope",
                    "attachment_id", "attachment_not_found");
    const Timestamp now = clock_.now();
    Attachment a = source->attachment;
    a.id = 0;
    a.dossier_code = d->code;
    a.component_id = std::string(component_id);
    a.attached_at = now;
    a.attached_by = user.username;
    a.reused_from = source->attachment.id;
    a.reused_from_dossier = source->attachment.dossier_code;
    a.reused_by.clear();
    auto added = attachments_.add(
        a,
        audit(now, user.username, "dossier.component_reused", d->code,
              {{"component", a.component_id},
               {"from_dossier", a.reused_from_dossier},
               {"from_attachment", std::to_string(source->attachment.id)},
               {"sha256", a.sha256}}),
        audit(now, user.username, "dossier.component_reused_by", a.reused_from_dossier,
              {{"component", source->attachment.component_id},
               {"by_dossier", d->code},
               {"attachment", std::to_string(source->attachment.id)}}));
    bool source_certified = false;
    for (const auto& m : attachments_.marks(a.reused_from_dossier))
        if (m.component_id == source->attachment.component_id) source_certified = m.certified_copy;
    ComponentMark m{d->code, a.component_id, true, source_certified, true, now, user.username};
    attachments_.save_mark(m, audit(now, user.username, "dossier.component_marked", d->code,
                                    {{"component", m.component_id},
                                     {"digitised", "true"},
                                     {"certified_copy", source_certified ? "true" : "false"},
                                     {"reused", "true"}}));
    return added;
}

Result<ElectronicResult> AttachmentService::record_result(std::string_view code, const ResultDocument& document,
                                                          Upload file, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    if (d->status != DossierStatus::result_ready && d->status != DossierStatus::returned)
        return fail(ErrorKind::failed_precondition, "the electronic result is recorded once the result is ready", {},
                    "result_not_ready");
    auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
    if (!procedure || !procedure->electronic_result)
        return fail(ErrorKind::failed_precondition, "this procedure's result is issued on paper only", {},
                    "electronic_result_not_allowed");
    for (const auto& [value, field] : {std::pair{&document.number, "number"}, std::pair{&document.signer, "signer"},
                                       std::pair{&document.issuing_body, "issuing_body"}})
        if (auto ok = require_text(*value, field, 300); !ok) return tl::unexpected(ok.error());
    if (!document.issued_on)
        return fail(ErrorKind::invalid_argument, "issued_on is required", "issued_on", "required");
    const Timestamp now = clock_.now();
    if (*document.issued_on > date_of(to_local(now)))
        return fail(ErrorKind::unprocessable, "issued_on is in the future", "issued_on", "time_in_future");
    auto stored = store_file(*d, {}, file, user.username, "dossier.result_file_attached");
    if (!stored) return tl::unexpected(stored.error());
    ElectronicResult r{d->code,     document.number, *document.issued_on, document.signer, document.issuing_body,
                       stored->id, now,             user.username};
    attachments_.save_result(r, audit(now, user.username, "dossier.electronic_result_recorded", d->code,
                                      {{"number", r.number},
                                       {"issued_on", format_date(r.issued_on)},
                                       {"signer", r.signer},
                                       {"issuing_body", r.issuing_body},
                                       {"attachment", std::to_string(r.attachment_id)}}));
    return r;
}

Result<FileContent> AttachmentService::download(std::string_view code, std::int64_t attachment_id, const User& user) {
    auto d = visible(code, user);
    if (!d) return tl::unexpected(d.error());
    auto a = attachments_.attachment(attachment_id);
    if (!a || a->dossier_code != d->code)
        return fail(ErrorKind::not_found, "no file " + std::to_string(attachment_id) + " on this dossier", {},
                    "attachment_not_found");
    auto bytes = files_.get(a->sha256);
    if (!bytes) throw std::runtime_error("stored file " + a->sha256 + " is missing");
    access_log_.record_read(audit(clock_.now(), user.username, "dossier.file_downloaded", d->code,
                                  {{"attachment", std::to_string(a->id)}, {"sha256", a->sha256}}));
    return FileContent{std::move(*a), std::move(*bytes)};
}

Result<ElectronicResult> AttachmentService::public_result_info(std::string_view code, std::string_view key) {
    auto d = keyed(code, key);
    if (!d) return tl::unexpected(d.error());
    auto r = attachments_.result(d->code);
    if (!r) return tl::unexpected(dossier_not_found());
    return std::move(*r);
}

Result<FileContent> AttachmentService::public_result(std::string_view code, std::string_view key) {
    auto r = public_result_info(code, key);
    if (!r) return tl::unexpected(r.error());
    auto a = attachments_.attachment(r->attachment_id);
    if (!a) return tl::unexpected(dossier_not_found());
    auto bytes = files_.get(a->sha256);
    if (!bytes) throw std::runtime_error("stored file " + a->sha256 + " is missing");
    return FileContent{std::move(*a), std::move(*bytes)};
}

Result<DigitisationReport> AttachmentService::counts(const ReportPeriod& period, const User& user) {
    if (auto ok = check_report_period(period); !ok) return tl::unexpected(ok.error());
    const Scope scope(user, catalogue_.agencies());
    const auto facts = attachments_.digitisation_facts(scope.all() ? std::vector<std::string>{} : scope.agencies(),
                                                       period_start(period), period_end(period));
    return digitisation_counts(facts, period);
}

}  // namespace motcua::core
