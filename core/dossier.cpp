#include "core/dossier.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/enum_text.hpp"
#include "core/schedule.hpp"

namespace motcua::core {
namespace {

using S = DossierStatus;
using E = EventType;

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_phone(std::string_view p) {
    if (p.size() == 10 && p[0] == '0') return all_digits(p);
    if (p.size() == 12 && p.substr(0, 3) == "+84") return all_digits(p.substr(3));
    return false;
}

bool valid_email(std::string_view e) {
    const auto at = e.find('@');
    return at != std::string_view::npos && at > 0 && e.find('.', at) != std::string_view::npos &&
           e.back() != '.' && e.find(' ') == std::string_view::npos && e.size() <= 254;
}

// Which statuses each event may start from, and where it leads (nullopt: the status stays).
struct Transition {
    E type;
    std::vector<S> from;
    std::optional<S> to;
};

const std::vector<Transition>& transitions() {
    static const std::vector<Transition> table{
        {E::handover, {S::received, S::processing}, S::processing},
        {E::consult, {S::received, S::processing}, S::processing},
        {E::request_supplement, {S::received, S::processing}, S::supplement_requested},
        {E::supplement_received, {S::supplement_requested}, S::processing},
        {E::supplement_expired, {S::supplement_requested}, S::stopped},
        {E::pause, {S::received, S::processing}, S::financial_obligation},
        {E::resume, {S::financial_obligation}, S::processing},
        {E::apologize, {S::received, S::processing, S::financial_obligation}, std::nullopt},
        {E::result_ready, {S::received, S::processing}, S::result_ready},
        {E::return_result, {S::result_ready}, S::returned},
        {E::withdraw, {S::received, S::processing, S::supplement_requested, S::financial_obligation}, S::withdrawn},
        {E::stop, {S::received, S::processing, S::supplement_requested, S::financial_obligation}, S::stopped},
        {E::retime, {S::received, S::processing, S::supplement_requested, S::financial_obligation}, std::nullopt},
        // Before receipt (online pre-submission): see is_intake_event.
        {E::receive, {S::submitted_online, S::supplement_requested}, S::received},
        {E::request_supplement_at_intake, {S::submitted_online}, S::supplement_requested},
        {E::refuse, {S::submitted_online, S::supplement_requested}, S::refused},
    };
    return table;
}

const Transition* find_transition(E type) {
    for (const Transition& t : transitions())
        if (t.type == type) return &t;
    return nullptr;
}

// The three intake outcomes of a pre-submission are legal only before receipt, and every other event only after it
// (a pre-submission waiting for its supplement is in status 5 too, with no clock).
bool is_intake_event(E type) {
    return type == E::receive || type == E::request_supplement_at_intake || type == E::refuse;
}

bool legal_now(const Transition& t, const Dossier& d) {
    return std::find(t.from.begin(), t.from.end(), d.status) != t.from.end() && is_intake_event(t.type) != is_received(d);
}

Error missing(const std::string& field, const std::string& what) {
    return Error{ErrorKind::invalid_argument, "missing_field", what, field};
}

Result<DossierClock> clock_of(const Dossier& d, const Procedure& p, const DeadlineEngine& engine, Timestamp now) {
    ClockInput input{to_local(d.received_at), p.duration, p.cutoff, std::nullopt, {}, std::nullopt};
    if (d.restarted_at) input.restarted_at = to_local(*d.restarted_at);
    for (const PauseSpan& span : d.pauses)
        input.pauses.push_back(PauseInterval{to_local(span.from),
                                             span.to ? std::optional{to_local(*span.to)} : std::nullopt});
    if (d.extended_due_at) input.extended_due = to_local(*d.extended_due_at);
    return compute_clock(engine, input, to_local(now));
}

Status refresh_clock(Dossier& d, const Procedure& p, const DeadlineEngine& engine, Timestamp now) {
    auto clock = clock_of(d, p, engine, now);
    if (!clock) return tl::unexpected(clock.error());
    d.clock_start = to_utc(clock->start);
    d.original_due_at = to_utc(clock->statutory_due);
    d.due_at = to_utc(clock->effective_due());
    return {};
}

// Opens process step `index` at `at` (no step beyond the last).
Status open_step(Dossier& d, const Procedure& p, const DeadlineEngine& engine, Timestamp at) {
    d.step_started_at = at;
    d.step_due_at.reset();
    if (static_cast<std::size_t>(d.step_index) >= p.steps.size()) return {};
    auto due = engine.add(to_local(at), p.steps[static_cast<std::size_t>(d.step_index)].budget);
    if (!due) return tl::unexpected(due.error());
    d.step_due_at = to_utc(*due);
    return {};
}

// The latest moment an apology is on time: the closing time of the last working day before the due date.
std::optional<Timestamp> apology_deadline(const Dossier& d, const DeadlineEngine& engine) {
    const auto due_day = date::floor<date::days>(to_local(d.original_due_at));
    const WorkingCalendar& cal = engine.calendar();
    if (!cal.covers(due_day)) return std::nullopt;
    const std::int32_t rank = cal.rank(due_day);
    if (rank == 0) return std::nullopt;
    const DayNumber day_before = cal.working_day_number_at(rank - 1);
    return to_utc(LocalTime{day_before} + engine.office_hours().closing().since_midnight);
}

// Starts the clock of a dossier received at d.received_at under procedure `p`, opens the first step.
Status begin_processing(Dossier& d, const Procedure& p, const DeadlineEngine& engine) {
    d.status = S::received;
    d.procedure_code = p.code;
    d.procedure_version = p.version;
    d.resolving_agency = p.agency;
    d.rule_set = rule_set_for(date_of(to_local(d.received_at)));
    if (auto ok = refresh_clock(d, p, engine, d.received_at); !ok) return ok;
    d.step_index = 0;
    return open_step(d, p, engine, d.clock_start);
}

}  // namespace

const char* to_string(ServiceMode mode) noexcept {
    switch (mode) {
        case ServiceMode::counter: return "counter";
        case ServiceMode::online_self: return "online_self";
        case ServiceMode::online_volunteer: return "online_volunteer";
        case ServiceMode::home_visit: return "home_visit";
    }
    return "counter";
}

Result<ServiceMode> parse_service_mode(std::string_view text, std::string_view field) {
    return parse_enum<ServiceMode>(text,
                                   std::array{ServiceMode::counter, ServiceMode::online_self,
                                              ServiceMode::online_volunteer, ServiceMode::home_visit},
                                   field, "service_mode");
}

const char* to_string(Channel channel) noexcept {
    switch (channel) {
        case Channel::direct: return "direct";
        case Channel::online: return "online";
        case Channel::postal: return "postal";
    }
    return "direct";
}

Result<Channel> parse_channel(std::string_view text, std::string_view field) {
    return parse_enum<Channel>(text, std::array{Channel::direct, Channel::online, Channel::postal}, field, "channel");
}

const char* to_string(DossierStatus status) noexcept {
    switch (status) {
        case S::submitted_online: return "submitted_online";
        case S::received: return "received";
        case S::refused: return "refused";
        case S::processing: return "processing";
        case S::supplement_requested: return "supplement_requested";
        case S::financial_obligation: return "financial_obligation";
        case S::withdrawn: return "withdrawn";
        case S::stopped: return "stopped";
        case S::result_ready: return "result_ready";
        case S::returned: return "returned";
    }
    return "received";
}

Result<DossierStatus> parse_status(std::string_view text, std::string_view field) {
    return parse_enum<DossierStatus>(text,
                      std::array{S::submitted_online, S::received, S::refused, S::processing, S::supplement_requested,
                                 S::financial_obligation, S::withdrawn, S::stopped, S::result_ready, S::returned},
                      field, "status");
}

bool is_terminal(DossierStatus s) noexcept {
    return s == S::withdrawn || s == S::stopped || s == S::returned || s == S::refused;
}

bool is_open(DossierStatus s) noexcept {
    return s == S::received || s == S::processing || s == S::supplement_requested || s == S::financial_obligation;
}

const char* to_string(EventType type) noexcept {
    switch (type) {
        case E::receive: return "receive";
        case E::handover: return "handover";
        case E::consult: return "consult";
        case E::request_supplement: return "request_supplement";
        case E::supplement_received: return "supplement_received";
        case E::supplement_expired: return "supplement_expired";
        case E::pause: return "pause";
        case E::resume: return "resume";
        case E::apologize: return "apologize";
        case E::result_ready: return "result_ready";
        case E::return_result: return "return_result";
        case E::withdraw: return "withdraw";
        case E::stop: return "stop";
        case E::retime: return "retime";
        case E::submit: return "submit";
        case E::request_supplement_at_intake: return "request_supplement_at_intake";
        case E::refuse: return "refuse";
    }
    return "receive";
}

Result<EventType> parse_event_type(std::string_view text, std::string_view field) {
    return parse_enum<EventType>(text,
                      std::array{E::receive, E::handover, E::consult, E::request_supplement, E::supplement_received,
                                 E::supplement_expired, E::pause, E::resume, E::apologize, E::result_ready,
                                 E::return_result, E::withdraw, E::stop, E::retime, E::submit,
                                 E::request_supplement_at_intake, E::refuse},
                      field, "event_type");
}

const char* to_string(ReturnMethod method) noexcept {
    switch (method) {
        case ReturnMethod::counter: return "counter";
        case ReturnMethod::post: return "post";
        case ReturnMethod::electronic: return "electronic";
    }
    return "counter";
}

Result<ReturnMethod> parse_return_method(std::string_view text, std::string_view field) {
    return parse_enum<ReturnMethod>(text, std::array{ReturnMethod::counter, ReturnMethod::post, ReturnMethod::electronic}, field,
                      "method");
}

Status validate(const Applicant& a, const std::string& prefix) {
    if (a.name.empty() || a.name.size() > 200)
        return fail(ErrorKind::invalid_argument, "the applicant's name is required (at most 200 bytes)",
                    prefix + "name", "invalid_name");
    if (a.id_number.size() != 12 || !all_digits(a.id_number))
        return fail(ErrorKind::invalid_argument,
                    "the personal identification number must be exactly 12 digits", prefix + "id_number",
                    "invalid_id_number");
    if (!valid_phone(a.phone))
        return fail(ErrorKind::invalid_argument,
                    "the phone number must be 10 digits starting with 0, or +84 and 9 digits", prefix + "phone",
                    "invalid_phone");
    if (!a.email.empty() && !valid_email(a.email))
        return fail(ErrorKind::invalid_argument, "the e-mail address is not valid", prefix + "email", "invalid_email");
    if (a.address.empty() || a.address.size() > 500)
        return fail(ErrorKind::invalid_argument, "the applicant's address is required (at most 500 bytes)",
                    prefix + "address", "invalid_address");
    if (a.representative) {
        const Representative& r = *a.representative;
        if (r.name.empty())
            return fail(ErrorKind::invalid_argument, "the representative's name is required",
                        prefix + "representative.name", "invalid_name");
        if (r.id_number.size() != 12 || !all_digits(r.id_number))
            return fail(ErrorKind::invalid_argument, "the representative's identification number must be 12 digits",
                        prefix + "representative.id_number", "invalid_id_number");
        if (!r.phone.empty() && !valid_phone(r.phone))
            return fail(ErrorKind::invalid_argument, "the representative's phone number is not valid",
                        prefix + "representative.phone", "invalid_phone");
    }
    return {};
}

std::string rule_set_for(Date day) {
    return day < Date{date::year{2025} / date::July / 1} ? "decree-61-2018" : "decree-118-2025";
}

std::string format_dossier_code(std::string_view agency, Date received_on, std::int64_t sequence) {
    std::array<char, 32> tail{};
    std::snprintf(tail.data(), tail.size(), "-%02d%02u%02u-%04lld", static_cast<int>(received_on.year()) % 100,
                  static_cast<unsigned>(received_on.month()), static_cast<unsigned>(received_on.day()),
                  static_cast<long long>(sequence));
    return std::string(agency) + tail.data();
}

Dossier start_submission(Dossier d, const Procedure& p, Timestamp submitted_at, const std::string& actor) {
    d.status = S::submitted_online;
    d.procedure_code = p.code;
    d.procedure_version = p.version;
    d.resolving_agency = p.agency;
    d.channel = Channel::online;
    d.submitted_at = submitted_at;
    d.received_by.clear();  // not received: no clock (is_received)
    d.received_at = submitted_at;
    d.clock_start = submitted_at;
    d.original_due_at = submitted_at;
    d.due_at = submitted_at;
    d.step_started_at = submitted_at;
    d.rule_set = rule_set_for(date_of(to_local(submitted_at)));
    DossierEvent submit;
    submit.type = E::submit;
    submit.at = submitted_at;
    submit.actor = actor;
    d.timeline = {submit};
    return d;
}

Result<Dossier> start_dossier(Dossier d, const Procedure& p, const DeadlineEngine& engine) {
    if (auto ok = begin_processing(d, p, engine); !ok) return tl::unexpected(ok.error());
    DossierEvent receive;
    receive.type = E::receive;
    receive.at = d.received_at;
    receive.actor = d.received_by;
    receive.due_after = d.due_at;
    d.timeline = {receive};
    return d;
}

std::vector<EventType> allowed_events(const Dossier& d) {
    std::vector<EventType> out;
    for (const Transition& t : transitions()) {
        if (!legal_now(t, d)) continue;
        if (t.type == E::apologize && d.apologized) continue;
        if (t.type == E::retime || t.type == E::supplement_expired) continue;  // recorded by the system only
        out.push_back(t.type);
    }
    return out;
}

Result<Dossier> apply(const Dossier& dossier, DossierEvent e, const Procedure& p, const DeadlineEngine& engine,
                      const LifecyclePolicy& policy) {
    const Transition* t = find_transition(e.type);
    if (t == nullptr)
        return fail(ErrorKind::invalid_argument, std::string("\"") + to_string(e.type) + "\" is not a lifecycle event",
                    "type", "invalid_event_type");
    if (!legal_now(*t, dossier))
        return fail(ErrorKind::failed_precondition,
                    std::string("a dossier that is ") + to_string(dossier.status) + " cannot take \"" +
                        to_string(e.type) + "\"",
                    "type", "illegal_transition");
    if (!dossier.timeline.empty() && e.at < dossier.timeline.back().at)
        return fail(ErrorKind::unprocessable, "an event cannot be dated before the dossier's last event", "at",
                    "event_out_of_order");

    Dossier d = dossier;
    switch (e.type) {
        case E::handover: {
            if (e.to_unit.empty()) return tl::unexpected(missing("to_unit", "a hand-over names who receives it"));
            if (d.step_due_at) {
                e.step_due_at = d.step_due_at;
                e.step_result = classify(to_local(e.at), to_local(*d.step_due_at), policy.step_timeliness_by);
            }
            if (static_cast<std::size_t>(d.step_index) < p.steps.size()) ++d.step_index;
            if (auto ok = open_step(d, p, engine, e.at); !ok) return tl::unexpected(ok.error());
            break;
        }
        case E::consult:
            if (e.agency.empty()) return tl::unexpected(missing("agency", "a consultation names the agency consulted"));
            if (auto ok = validate_agency_code(e.agency, "agency"); !ok) return tl::unexpected(ok.error());
            break;
        case E::request_supplement:
            if (e.items.empty())
                return tl::unexpected(missing("items", "list every item to supplement or correct, once and in full"));
            ++d.supplement_rounds;
            break;
        case E::supplement_received:
            // The full duration restarts from the receipt of the supplement (domain.md §1.5).
            d.restarted_at = e.at;
            d.pauses.clear();
            if (auto ok = refresh_clock(d, p, engine, e.at); !ok) return tl::unexpected(ok.error());
            if (auto ok = open_step(d, p, engine, d.clock_start); !ok) return tl::unexpected(ok.error());
            break;
        case E::supplement_expired:
        case E::withdraw:
        case E::stop:
            if (e.reason.empty() && e.type != E::supplement_expired)
                return tl::unexpected(missing("reason", "give the reason"));
            break;
        case E::pause:
            if (e.reason.empty()) return tl::unexpected(missing("reason", "give the reason for the pause"));
            d.pauses.push_back(PauseSpan{e.at, std::nullopt});
            break;
        case E::resume:
            if (!d.pauses.empty() && !d.pauses.back().to) d.pauses.back().to = e.at;
            if (auto ok = refresh_clock(d, p, engine, e.at); !ok) return tl::unexpected(ok.error());
            break;
        case E::apologize: {
            if (d.apologized)
                return fail(ErrorKind::failed_precondition,
                            "the appointment was already extended once; a second extension is not allowed", "type",
                            "already_apologized");
            if (e.reason.empty()) return tl::unexpected(missing("reason", "an apology states the reason for the delay"));
            if (e.signer.empty()) return tl::unexpected(missing("signer", "an apology names its signer"));
            if (!e.new_due_at) return tl::unexpected(missing("new_due_at", "an apology gives the new appointment"));
            if (*e.new_due_at <= d.due_at)
                return fail(ErrorKind::unprocessable, "the new appointment must be later than the current one",
                            "new_due_at", "invalid_new_due");
            if (!engine.calendar().covers(date::floor<date::days>(to_local(*e.new_due_at))))
                return fail(ErrorKind::invalid_argument, "the new appointment is outside the working calendar",
                            "new_due_at", "date_out_of_range");
            const auto deadline = apology_deadline(d, engine);
            e.late_apology = deadline && e.at > *deadline;
            d.apologized = true;
            d.late_apology = e.late_apology;
            d.extended_due_at = e.new_due_at;
            if (auto ok = refresh_clock(d, p, engine, e.at); !ok) return tl::unexpected(ok.error());
            break;
        }
        case E::result_ready:
            d.result_ready_at = e.at;
            d.timeliness = classify(to_local(e.at), to_local(d.original_due_at), policy.timeliness_by);
            e.timeliness = d.timeliness;
            break;
        case E::return_result:
            if (!e.method) return tl::unexpected(missing("method", "say how the result was returned"));
            d.returned_at = e.at;
            break;
        case E::retime:
            // The clock's inputs are unchanged; only the calendar behind the engine differs.
            if (auto ok = refresh_clock(d, p, engine, e.at); !ok) return tl::unexpected(ok.error());
            break;
        case E::receive:
            // The receipt of a pre-submission: exactly like the counter intake, from this instant, under `p` (the
            // version in force now), by the clerk recording it.
            d.received_at = e.at;
            d.received_by = e.actor;
            if (auto ok = begin_processing(d, p, engine); !ok) return tl::unexpected(ok.error());
            break;
        case E::request_supplement_at_intake:
            if (e.items.empty())
                return tl::unexpected(
                    missing("items", "list every missing or incorrect item, once and in full (form 02)"));
            break;
        case E::refuse:
            if (e.reason.empty()) return tl::unexpected(missing("reason", "a refusal states its reasons (form 03)"));
            break;
        case E::submit:
            return fail(ErrorKind::invalid_argument, "a dossier is submitted once, when it is created", "type",
                        "illegal_transition");
    }
    if (t->to) d.status = *t->to;
    e.due_after = d.due_at;
    d.timeline.push_back(std::move(e));
    return d;
}

}  // namespace motcua::core
