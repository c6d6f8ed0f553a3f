#include "core/dossier_service.hpp"

#include <algorithm>
#include <array>

namespace motcua::core {
namespace {

Error not_found() {
    return Error{ErrorKind::not_found, "dossier_not_found", "no dossier with that code and key", {}};
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
    return out;
}

AuditRecord audit(Timestamp at, const User& user, std::string action, std::string subject,
                  std::vector<std::pair<std::string, std::string>> detail = {}) {
    return AuditRecord{at, user.username, std::move(action), std::move(subject), std::move(detail)};
}

// What was handed in or attached per component: components the procedure lists, each once, counts in 0..1000.
Status check_components(const Procedure& procedure, const std::vector<HandedComponent>& components) {
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < components.size(); ++i) {
        const HandedComponent& h = components[i];
        const std::string field = "components[" + std::to_string(i) + "]";
        if (procedure.component(h.component_id) == nullptr)
            return fail(ErrorKind::unprocessable,
                        "procedure " + procedure.code + " has no component \"" + h.component_id + "\"",
                        field + ".component_id", "unknown_component");
        if (std::find(seen.begin(), seen.end(), h.component_id) != seen.end())
            return fail(ErrorKind::unprocessable, "component \"" + h.component_id + "\" is listed twice",
                        field + ".component_id", "duplicate_component");
        seen.push_back(h.component_id);
        if (h.originals < 0 || h.copies < 0 || h.certified_copies < 0 || h.originals > 1000 || h.copies > 1000 ||
            h.certified_copies > 1000)
            return fail(ErrorKind::invalid_argument, "document counts must be between 0 and 1000", field,
                        "invalid_count");
    }
    return {};
}

// Receipt: every required component handed in, in at least the listed numbers.
Status check_required(const Procedure& procedure, const std::vector<HandedComponent>& components) {
    for (const Component& c : procedure.components) {
        if (!c.required) continue;
        auto h = std::find_if(components.begin(), components.end(),
                              [&](const HandedComponent& x) { return x.component_id == c.id; });
        if (h == components.end() || h->originals < c.originals || h->copies < c.copies ||
            h->certified_copies < c.certified_copies)
            return fail(ErrorKind::unprocessable,
                        "required component \"" + c.name + "\" (" + c.id + ") is missing or incomplete",
                        "components[" + c.id + "]", "missing_component");
    }
    return {};
}

}  // namespace

const char* to_string(IntakeDecision d) noexcept {
    switch (d) {
        case IntakeDecision::receive: return "receive";
        case IntakeDecision::request_supplement: return "request_supplement";
        case IntakeDecision::refuse: return "refuse";
    }
    return "receive";
}

Result<IntakeDecision> parse_intake_decision(std::string_view text, std::string_view field) {
    for (IntakeDecision d : {IntakeDecision::receive, IntakeDecision::request_supplement, IntakeDecision::refuse})
        if (text == to_string(d)) return d;
    return fail(ErrorKind::invalid_argument,
                "decision must be receive, request_supplement or refuse, got \"" + std::string(text) + "\"",
                std::string(field), "invalid_decision");
}

Result<Timestamp> DossierService::instant_or_now(const std::optional<Timestamp>& at, const char* field) const {
    const Timestamp now = clock_.now();
    if (!at) return now;
    if (*at > now)
        return fail(ErrorKind::unprocessable, "a time in the future cannot be recorded", field, "time_in_future");
    return *at;
}

void DossierService::prepare_intake(IntakeRequest& request) {
    if (request.decision == IntakeDecision::receive && request.lookup_key.empty())
        request.lookup_key = crypto_.token(kLookupKeyLength);
}

Result<IntakeOutcome> DossierService::intake(const IntakeRequest& r, const User& clerk) {
    auto at = instant_or_now(r.received_at, "received_at");
    if (!at) return tl::unexpected(at.error());
    auto procedure = catalogue_.procedure(r.procedure_code);
    if (!procedure)
        return fail(ErrorKind::unprocessable, "no procedure with code \"" + r.procedure_code + "\"",
                    "procedure_code", "unknown_procedure");
    const std::string agency_code = r.agency.empty() ? clerk.agency : r.agency;
    auto agency = catalogue_.agency(agency_code);
    if (!agency)
        return fail(ErrorKind::unprocessable, "no agency with code \"" + agency_code + "\"", "agency",
                    "unknown_agency");
    if (!Scope(clerk, catalogue_.agencies()).covers(agency_code))
        return fail(ErrorKind::permission_denied, "you cannot receive dossiers for agency " + agency_code, "agency",
                    "outside_scope");
    if (auto ok = validate(r.applicant); !ok) return tl::unexpected(ok.error());
    auto fees = intake_fee_lines(*procedure, r.fee_group, exemptions_, *at, clerk.username);
    if (!fees) return tl::unexpected(fees.error());

    if (auto ok = check_components(*procedure, r.components); !ok) return tl::unexpected(ok.error());
    if (r.service_mode != ServiceMode::counter && r.service_mode != ServiceMode::home_visit)
        return fail(ErrorKind::unprocessable,
                    "an intake is at the counter or at the person's home; online submissions are made online",
                    "service_mode", "invalid_service_mode");
    const std::string prepared_by = r.service_mode == ServiceMode::home_visit ? clerk.username : std::string();

    IntakeOutcome outcome;
    outcome.decision = r.decision;
    if (r.decision != IntakeDecision::receive) {
        if (r.decision == IntakeDecision::request_supplement && r.items.empty())
            return fail(ErrorKind::invalid_argument,
                        "list every missing or incorrect item, once and in full (form 02)", "items", "missing_field");
        if (r.decision == IntakeDecision::refuse && r.reason.empty())
            return fail(ErrorKind::invalid_argument, "a refusal states its reasons (form 03)", "reason",
                        "missing_field");
        IntakeRecord record{0,         to_string(r.decision), agency_code, procedure->code, procedure->version,
                            r.channel, r.applicant,           r.components, r.reason,        r.items,
                            *at,       clerk.username,        r.service_mode, prepared_by};
        outcome.record_id = dossiers_.insert_intake_record(
            record, audit(clock_.now(), clerk, std::string("intake.") + to_string(r.decision),
                          "intake:" + agency_code,
                          {{"procedure", procedure->code}, {"reason", r.reason}, {"items", join(r.items)}}));
        return outcome;
    }

    if (auto ok = check_required(*procedure, r.components); !ok) return tl::unexpected(ok.error());
    auto engine = engines_.engine_for(*agency);
    if (!engine) return tl::unexpected(engine.error());

    Dossier draft;
    draft.agency = agency_code;
    draft.channel = r.channel;
    draft.applicant = r.applicant;
    draft.components = r.components;
    draft.received_by = clerk.username;
    draft.received_at = *at;
    draft.service_mode = r.service_mode;
    draft.prepared_by = prepared_by;
    draft.lookup_key = r.lookup_key.empty() ? crypto_.token(kLookupKeyLength) : r.lookup_key;
    draft.fees = std::move(*fees);
    auto started = start_dossier(std::move(draft), *procedure, **engine);
    if (!started) return tl::unexpected(started.error());
    const auto notify = notifications_for(*started);
    outcome.dossier = dossiers_.insert_received(
        std::move(*started),
        audit(clock_.now(), clerk, "dossier.received", "dossier:" + agency_code,
              {{"procedure", procedure->code},
               {"channel", to_string(r.channel)},
               {"service_mode", to_string(r.service_mode)}}),
        notify);
    return outcome;
}

Result<Dossier> DossierService::submit_online(const SubmissionRequest& r, const User* helper) {
    const Timestamp now = clock_.now();
    auto procedure = catalogue_.procedure(r.procedure_code);
    if (!procedure)
        return fail(ErrorKind::unprocessable, "no procedure with code \"" + r.procedure_code + "\"",
                    "procedure_code", "unknown_procedure");
    if (procedure->online_level == OnlineLevel::none)
        return fail(ErrorKind::unprocessable,
                    "procedure " + procedure->code + " is not offered online; it is handed in at the counter",
                    "procedure_code", "not_offered_online");
    const std::string agency_code = r.agency.empty() ? procedure->agency : r.agency;
    if (!catalogue_.agency(agency_code))
        return fail(ErrorKind::unprocessable, "no agency with code \"" + agency_code + "\"", "agency",
                    "unknown_agency");
    ServiceMode mode = ServiceMode::online_self;
    if (helper != nullptr) {
        mode = helper->role == Role::volunteer ? ServiceMode::online_volunteer : ServiceMode::home_visit;
        // Staff serve people at home for their own agencies; volunteers help with any agency's procedures.
        if (mode == ServiceMode::home_visit && !Scope(*helper, catalogue_.agencies()).covers(agency_code))
            return fail(ErrorKind::permission_denied, "you cannot submit dossiers to agency " + agency_code,
                        "agency", "outside_scope");
    }
    if (auto ok = validate(r.applicant); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_components(*procedure, r.components); !ok) return tl::unexpected(ok.error());
    if (auto ok = check_required(*procedure, r.components); !ok) return tl::unexpected(ok.error());

    Dossier draft;
    draft.agency = agency_code;
    draft.applicant = r.applicant;
    draft.components = r.components;
    draft.service_mode = mode;
    draft.prepared_by = helper != nullptr ? helper->username : std::string();
    draft.lookup_key = crypto_.token(kLookupKeyLength);
    const std::string actor = helper != nullptr ? helper->username : std::string("citizen");
    Dossier submitted = start_submission(std::move(draft), *procedure, now, actor);
    return dossiers_.insert_received(std::move(submitted),
                                     AuditRecord{now, actor, "dossier.submitted", "dossier:" + agency_code,
                                                 {{"procedure", procedure->code},
                                                  {"service_mode", to_string(mode)}}});
}

Result<Dossier> DossierService::decide_submission(std::string_view code, const SubmissionDecision& command,
                                                  const User& clerk) {
    auto current = get(code, clerk);
    if (!current) return current;
    if (is_received(*current) || (current->status != DossierStatus::submitted_online &&
                                  current->status != DossierStatus::supplement_requested))
        return fail(ErrorKind::failed_precondition,
                    "dossier " + current->code + " is not an online submission waiting for a decision", "decision",
                    "illegal_transition");
    auto at = instant_or_now(command.at, "at");
    if (!at) return tl::unexpected(at.error());
    // Received under the procedure version in force now, as at the counter; otherwise the submitted version.
    auto procedure = command.decision == IntakeDecision::receive
                         ? catalogue_.procedure(current->procedure_code)
                         : catalogue_.procedure(current->procedure_code, current->procedure_version);
    auto agency = catalogue_.agency(current->agency);
    if (!procedure || !agency)
        return fail(ErrorKind::internal, "the dossier's procedure or agency is missing from the catalogue");
    Dossier base = *current;
    if (command.components) {
        if (command.decision != IntakeDecision::receive)
            return fail(ErrorKind::invalid_argument, "components are recorded with a receipt", "components",
                        "invalid_field");
        if (auto ok = check_components(*procedure, *command.components); !ok) return tl::unexpected(ok.error());
        base.components = *command.components;
    }
    if (command.decision == IntakeDecision::receive) {
        if (auto ok = check_required(*procedure, base.components); !ok) return tl::unexpected(ok.error());
    }
    auto engine = engines_.engine_for(*agency);
    if (!engine) return tl::unexpected(engine.error());
    DossierEvent event;
    event.type = command.decision == IntakeDecision::receive              ? EventType::receive
                 : command.decision == IntakeDecision::request_supplement ? EventType::request_supplement_at_intake
                                                                           : EventType::refuse;
    event.at = *at;
    event.actor = clerk.username;
    event.reason = command.reason;
    event.items = command.items;
    auto next = apply(base, std::move(event), *procedure, **engine, policy_);
    if (!next) return next;
    next->version = current->version + 1;
    const char* action = command.decision == IntakeDecision::receive ? "dossier.received"
                         : command.decision == IntakeDecision::request_supplement
                             ? "dossier.request_supplement_at_intake"
                             : "dossier.refused";
    std::vector<std::pair<std::string, std::string>> detail{{"status", to_string(next->status)},
                                                            {"service_mode", to_string(next->service_mode)}};
    if (!command.reason.empty()) detail.emplace_back("reason", command.reason);
    if (!command.items.empty()) detail.emplace_back("items", join(command.items));
    if (!dossiers_.update(*next, audit(clock_.now(), clerk, action, "dossier:" + next->code, std::move(detail)),
                          notifications_for(*next)))
        return fail(ErrorKind::conflict, "the dossier changed while you were working on it; reload and try again",
                    {}, "concurrent_change");
    return next;
}

Result<Dossier> DossierService::get(std::string_view code, const User& user) {
    auto d = dossiers_.find(code);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    return *d;
}

Result<Dossier> DossierService::open_record(std::string_view code, const User& user) {
    auto d = get(code, user);
    if (!d) return d;
    access_log_.record_read(audit(clock_.now(), user, "dossier.viewed", d->code, {{"agency", d->agency}}));
    return d;
}

Result<DossierPage> DossierService::list(DossierFilter filter, const User& user) {
    const Scope scope(user, catalogue_.agencies());
    if (!scope.helper().empty()) {
        // A volunteer lists only what they prepared, whatever the agency.
        if (!filter.agencies.empty())
            return fail(ErrorKind::permission_denied, "volunteers list only the dossiers they prepared", "agency",
                        "outside_scope");
        filter.prepared_by = scope.helper();
    } else if (!filter.agencies.empty()) {
        for (const std::string& a : filter.agencies)
            if (!scope.covers(a))
                return fail(ErrorKind::permission_denied, "agency " + a + " is outside your scope", "agency",
                            "outside_scope");
    } else if (!scope.all()) {
        filter.agencies = scope.agencies();
    }
    if (filter.page < 1 || filter.page > 100000)
        return fail(ErrorKind::invalid_argument, "page must be 1 or more", "page", "invalid_page");
    filter.now = clock_.now();
    return dossiers_.list(filter);
}

Result<Dossier> DossierService::record_event(std::string_view code, const EventCommand& command, const User& user) {
    if (command.type == EventType::retime || command.type == EventType::supplement_expired ||
        command.type == EventType::receive || command.type == EventType::submit ||
        command.type == EventType::request_supplement_at_intake || command.type == EventType::refuse)
        return fail(ErrorKind::invalid_argument,
                    std::string("\"") + to_string(command.type) +
                        "\" is recorded by the system or at intake (intake, online submission and its decision, "
                        "motcua sweep, motcua calendar retime)",
                    "type", "invalid_event_type");
    return record(code, command, user);
}

Result<Dossier> DossierService::record(std::string_view code, const EventCommand& command, const User& user) {
    if (command.type == EventType::consult && !command.inputs.agency.empty() && !catalogue_.agency(command.inputs.agency))
        return fail(ErrorKind::unprocessable, "no agency with code \"" + command.inputs.agency + "\"", "agency",
                    "unknown_agency");
    auto current = get(code, user);
    if (!current) return current;
    auto at = instant_or_now(command.at, "at");
    if (!at) return tl::unexpected(at.error());
    auto procedure = catalogue_.procedure(current->procedure_code, current->procedure_version);
    auto agency = catalogue_.agency(current->agency);
    if (!procedure || !agency)
        return fail(ErrorKind::internal, "the dossier's procedure version or agency is missing from the catalogue");
    auto engine = engines_.engine_for(*agency);
    if (!engine) return tl::unexpected(engine.error());
    DossierEvent event = command.inputs;
    event.type = command.type;
    event.at = *at;
    event.actor = user.username;
    auto next = apply(*current, std::move(event), *procedure, **engine, policy_);
    if (!next) return next;
    next->version = current->version + 1;
    const DossierEvent& recorded = next->timeline.back();
    std::vector<std::pair<std::string, std::string>> detail{{"status", to_string(next->status)}};
    if (!recorded.reason.empty()) detail.emplace_back("reason", recorded.reason);
    if (!dossiers_.update(*next,
                          audit(clock_.now(), user, std::string("dossier.") + to_string(command.type),
                                "dossier:" + next->code, std::move(detail)),
                          notifications_for(*next)))
        return fail(ErrorKind::conflict, "the dossier changed while you were working on it; reload and try again",
                    {}, "concurrent_change");
    return next;
}

Result<std::vector<std::string>> DossierService::expire_unanswered_requests() {
    const User system{0, "system", "Hệ thống", Role::admin, "", true};
    const Timestamp now = clock_.now();
    std::vector<std::string> closed;
    DossierFilter filter;
    filter.status = DossierStatus::supplement_requested;
    filter.page_size = 500;
    std::vector<std::string> codes;
    for (filter.page = 1;; ++filter.page) {
        auto page = list(filter, system);
        if (!page) return tl::unexpected(page.error());
        for (const Dossier& d : page->items) codes.push_back(d.code);
        if (page->items.size() < static_cast<std::size_t>(filter.page_size)) break;
    }
    for (const std::string& code : codes) {
        auto d = dossiers_.find(code);
        if (!d || d->status != DossierStatus::supplement_requested) continue;
        auto request = std::find_if(d->timeline.rbegin(), d->timeline.rend(), [](const DossierEvent& e) {
            return e.type == EventType::request_supplement;
        });
        auto agency = catalogue_.agency(d->agency);
        if (request == d->timeline.rend() || !agency) continue;
        auto engine = engines_.engine_for(*agency);
        if (!engine) return tl::unexpected(engine.error());
        auto deadline = (*engine)->add(to_local(request->at), policy_.supplement_expiry);
        if (!deadline || to_utc(*deadline) > now) continue;
        EventCommand command;
        command.type = EventType::supplement_expired;
        command.at = std::max(to_utc(*deadline), d->timeline.back().at);
        command.inputs.reason = "Quá thời hạn bổ sung hồ sơ (" + std::to_string(policy_.supplement_expiry.count) +
                                " ngày làm việc) mà công dân chưa bổ sung";
        auto next = record(code, command, system);
        if (next) closed.push_back(code);
        else if (next.error().kind != ErrorKind::conflict) return tl::unexpected(next.error());
    }
    return closed;
}

Result<std::vector<DossierService::Retimed>> DossierService::retime_open_dossiers(bool apply_changes,
                                                                                  const std::string& actor) {
    const User admin{0, actor, actor, Role::admin, "", true};
    const Timestamp now = clock_.now();
    std::vector<std::string> codes;
    // Paused dossiers (status 6) are left alone: their due is recomputed, on the calendar in force, at resume.
    for (DossierStatus status : {DossierStatus::received, DossierStatus::processing,
                                 DossierStatus::supplement_requested}) {
        DossierFilter filter;
        filter.status = status;
        filter.page_size = 500;
        for (filter.page = 1;; ++filter.page) {
            auto page = list(filter, admin);
            if (!page) return tl::unexpected(page.error());
            for (const Dossier& d : page->items) codes.push_back(d.code);
            if (page->items.size() < static_cast<std::size_t>(filter.page_size)) break;
        }
    }
    std::vector<Retimed> moved;
    for (const std::string& code : codes) {
        auto d = dossiers_.find(code);
        if (!d || !is_received(*d)) continue;  // a pre-submission has no clock to recompute
        auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
        auto agency = catalogue_.agency(d->agency);
        if (!procedure || !agency) continue;
        auto engine = engines_.engine_for(*agency);
        if (!engine) return tl::unexpected(engine.error());
        DossierEvent event;
        event.type = EventType::retime;
        event.at = std::max(now, d->timeline.back().at);
        event.actor = actor;
        event.reason = "Tính lại thời hạn theo lịch nghỉ lễ mới";
        auto next = apply(*d, event, *procedure, **engine, policy_);
        if (!next) return tl::unexpected(next.error());
        if (next->due_at == d->due_at && next->original_due_at == d->original_due_at) continue;
        moved.push_back(Retimed{code, d->due_at, next->due_at});
        if (!apply_changes) continue;
        next->version = d->version + 1;
        if (!dossiers_.update(*next, AuditRecord{clock_.now(), actor, "dossier.retime", "dossier:" + code,
                                                 {{"due_before", format_instant(d->due_at)},
                                                  {"due_after", format_instant(next->due_at)}}}))
            return fail(ErrorKind::conflict, "dossier " + code + " changed during the recomputation; run it again", {},
                        "concurrent_change");
    }
    return moved;
}

Result<Dossier> DossierService::lookup(std::string_view code, std::string_view key) {
    // One row read and a constant-time key comparison on both paths, so a wrong key and an unknown code take the
    // same work and answer the same; the timeline is read only for a match.
    auto d = code.size() <= 64 ? dossiers_.find(code, false) : std::nullopt;
    const std::string expected = d ? d->lookup_key : std::string(kLookupKeyLength, '0');
    const bool key_ok = crypto_.equal(expected, key) && !key.empty();
    if (!d || !key_ok) return tl::unexpected(not_found());
    d->timeline = dossiers_.timeline(d->id);  // the row already read: only the events are left to read
    return std::move(*d);
}

Result<PublicRecord> DossierService::lookup_public(std::string_view code, std::string_view key, PublicForm form) {
    // One statement for a known and an unknown code alike, then the same constant-time comparison on both paths;
    // nothing is decoded before the key matched.
    auto r = code.size() <= 64 ? dossiers_.find_public(code, form) : std::nullopt;
    static const std::string kNoKey(kLookupKeyLength, '0');
    const bool key_ok = crypto_.equal(r ? std::string_view(r->lookup_key) : std::string_view(kNoKey), key) &&
                        !key.empty();
    if (!r || !key_ok) return tl::unexpected(not_found());
    return std::move(*r);
}

}  // namespace motcua::core
