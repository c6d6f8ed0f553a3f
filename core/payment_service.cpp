#include "core/payment_service.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace motcua::core {
namespace {

/// The actor of records the gateway's callbacks cause, and of the automatic resume.
constexpr const char* kGatewayActor = "gateway";
constexpr const char* kSystemActor = "system";

Error dossier_not_found() {
    return Error{ErrorKind::not_found, "dossier_not_found", "no dossier with that code and key", {}};
}

bool closed(DossierStatus s) { return is_terminal(s) || s == DossierStatus::refused; }

AuditRecord audit(Timestamp at, std::string actor, std::string action, std::string subject,
                  std::vector<std::pair<std::string, std::string>> detail = {}) {
    return AuditRecord{at, std::move(actor), std::move(action), std::move(subject), std::move(detail)};
}

std::string money(std::int64_t amount) { return std::to_string(amount); }

}  // namespace

Result<Timestamp> PaymentService::instant_or_now(const std::optional<Timestamp>& at, const Dossier& d) const {
    const Timestamp now = clock_.now();
    if (!at) return now;
    if (*at > now) return fail(ErrorKind::unprocessable, "a time in the future cannot be recorded", "at", "time_in_future");
    if (*at < d.received_at)
        return fail(ErrorKind::unprocessable, "a payment cannot be dated before the dossier was received", "at",
                    "before_receipt");
    return *at;
}

Result<FeeAccount> PaymentService::account(std::string_view code, const User& user) {
    auto d = dossiers_.find(code, false);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    return payments_.account(d->code);
}

Result<FeeAccount> PaymentService::public_account(std::string_view code, std::string_view key) {
    auto d = dossiers_.find(code, false);
    // The key is compared in constant time; a wrong key answers exactly like an unknown code.
    if (!d || key.empty() || !crypto_.equal(d->lookup_key, key)) return tl::unexpected(dossier_not_found());
    return payments_.account(d->code);
}

Result<std::optional<Dossier>> PaymentService::resume_if_paused(const Dossier& d, Timestamp at) {
    if (d.status != DossierStatus::financial_obligation) return std::optional<Dossier>{};
    auto procedure = catalogue_.procedure(d.procedure_code, d.procedure_version);
    auto agency = catalogue_.agency(d.agency);
    if (!procedure || !agency)
        return fail(ErrorKind::internal, "the dossier's procedure version or agency is missing from the catalogue");
    auto engine = engines_.engine_for(*agency);
    if (!engine) return tl::unexpected(engine.error());
    DossierEvent resume;
    resume.type = EventType::resume;
    resume.at = std::max(at, d.timeline.empty() ? at : d.timeline.back().at);
    resume.actor = kSystemActor;
    resume.reason = "Đã hoàn thành nghĩa vụ tài chính";
    auto next = apply(d, std::move(resume), *procedure, **engine, policy_);
    if (!next) return tl::unexpected(next.error());
    next->version = d.version + 1;
    return std::optional<Dossier>(std::move(*next));
}

Result<PaymentOutcome> PaymentService::settle(const Dossier& d, Payment payment, const AuditRecord& payment_audit) {
    auto resumed = resume_if_paused(d, payment.at);
    if (!resumed) return tl::unexpected(resumed.error());
    AuditRecord resume_audit;
    if (*resumed)
        resume_audit = audit(clock_.now(), kSystemActor, "dossier.resume", "dossier:" + d.code,
                             {{"status", to_string((*resumed)->status)}, {"reason", "financial obligation paid"}});
    auto stored = payments_.record_payment(std::move(payment), payment_audit, *resumed, resume_audit);
    if (!stored) return tl::unexpected(stored.error());
    return PaymentOutcome{*stored, payments_.account(d.code), *resumed};
}

Result<PaymentOutcome> PaymentService::record_payment(std::string_view code, const PaymentCommand& c,
                                                      const User& user) {
    if (c.method == PaymentMethod::online)
        return fail(ErrorKind::invalid_argument,
                    "online payments are recorded from the payment gateway's signed callback, not at the desk",
                    "method", "invalid_method");
    if (c.method == PaymentMethod::bank_transfer && c.reference.empty())
        return fail(ErrorKind::invalid_argument, "a bank transfer needs the bank's reference", "reference",
                    "missing_field");
    if (c.amount <= 0 || c.amount > kMaxFeeAmount)
        return fail(ErrorKind::invalid_argument, "amount is a whole number of đồng above 0", "amount",
                    "invalid_amount");
    auto d = dossiers_.find(code);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    if (closed(d->status))
        return fail(ErrorKind::failed_precondition, "the dossier is closed", {}, "dossier_closed");
    auto at = instant_or_now(c.at, *d);
    if (!at) return tl::unexpected(at.error());
    const FeeAccount before = payments_.account(d->code);
    if (before.outstanding() == 0)
        return fail(ErrorKind::failed_precondition, "nothing is owed on this dossier", {}, "nothing_outstanding");
    if (c.amount != before.outstanding())
        return fail(ErrorKind::unprocessable,
                    "a payment settles everything outstanding: " + money(before.outstanding()) + " VND, not " +
                        money(c.amount),
                    "amount", "amount_mismatch");
    Payment p;
    p.dossier_code = d->code;
    p.agency = d->agency;
    p.method = c.method;
    p.amount = c.amount;
    p.at = *at;
    p.reference = c.reference;
    p.recorded_by = user.username;
    p.recorded_at = clock_.now();
    p.note = c.note;
    const AuditRecord a = audit(p.recorded_at, user.username, "payment.recorded", "dossier:" + d->code,
                                {{"method", to_string(c.method)}, {"amount", money(c.amount)},
                                 {"reference", c.reference}});
    return settle(*d, std::move(p), a);
}

Result<Payment> PaymentService::reverse_payment(std::string_view code, std::int64_t payment_id,
                                                const std::string& reason, const User& user) {
    if (reason.empty())
        return fail(ErrorKind::invalid_argument, "a correction states its reason", "reason", "missing_field");
    auto d = dossiers_.find(code, false);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    const FeeAccount account = payments_.account(d->code);
    auto original = std::find_if(account.payments.begin(), account.payments.end(),
                                 [&](const Payment& p) { return p.id == payment_id; });
    if (original == account.payments.end())
        return fail(ErrorKind::not_found, "no payment " + std::to_string(payment_id) + " on this dossier", {},
                    "payment_not_found");
    if (original->method == PaymentMethod::online || original->reverses)
        return fail(ErrorKind::failed_precondition,
                    "only a cash or bank-transfer entry can be reversed at the desk (an online payment is refunded "
                    "through the gateway)",
                    {}, "not_reversible");
    if (original->reversed_by)
        return fail(ErrorKind::already_exists, "this payment was already reversed", {}, "already_reversed");
    Payment r = *original;
    r.id = 0;
    r.amount = -original->amount;
    r.recorded_by = user.username;
    r.recorded_at = clock_.now();
    r.at = r.recorded_at;
    r.note = reason;
    r.reverses = original->id;
    r.reversed_by.reset();
    return payments_.record_reversal(
        std::move(r), audit(clock_.now(), user.username, "payment.reversed", "dossier:" + d->code,
                            {{"payment", std::to_string(original->id)},
                             {"receipt_no", original->receipt_no},
                             {"amount", money(original->amount)},
                             {"reason", reason}}));
}

Result<Dossier> PaymentService::raise_obligation(std::string_view code, const ObligationCommand& c, const User& user) {
    if (c.reason.empty())
        return fail(ErrorKind::invalid_argument, "give the reason for the obligation", "reason", "missing_field");
    if (c.lines.empty())
        return fail(ErrorKind::invalid_argument, "list what is owed", "lines", "missing_field");
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
        const std::string field = "lines[" + std::to_string(i) + "]";
        if (c.lines[i].name.empty())
            return fail(ErrorKind::invalid_argument, "each line has a name", field + ".name", "missing_field");
        if (c.lines[i].amount <= 0 || c.lines[i].amount > kMaxFeeAmount)
            return fail(ErrorKind::invalid_argument, "amount is a whole number of đồng above 0", field + ".amount",
                        "invalid_amount");
    }
    auto d = dossiers_.find(code);
    if (!d || !can_see(Scope(user, catalogue_.agencies()), *d))
        return fail(ErrorKind::not_found, "no dossier " + std::string(code) + " in your scope", {},
                    "dossier_not_found");
    const Timestamp now = clock_.now();
    Timestamp at = now;
    if (c.at) {
        if (*c.at > now)
            return fail(ErrorKind::unprocessable, "a time in the future cannot be recorded", "at", "time_in_future");
        at = *c.at;
    }
    auto procedure = catalogue_.procedure(d->procedure_code, d->procedure_version);
    auto agency = catalogue_.agency(d->agency);
    if (!procedure || !agency)
        return fail(ErrorKind::internal, "the dossier's procedure version or agency is missing from the catalogue");
    auto engine = engines_.engine_for(*agency);
    if (!engine) return tl::unexpected(engine.error());
    DossierEvent pause;
    pause.type = EventType::pause;
    pause.at = at;
    pause.actor = user.username;
    pause.reason = c.reason;
    pause.note = "financial_obligation";
    auto next = apply(*d, std::move(pause), *procedure, **engine, policy_);
    if (!next) return next;
    next->version = d->version + 1;
    std::vector<FeeLine> lines = c.lines;
    std::int64_t total = 0;
    for (FeeLine& l : lines) {
        l.kind = FeeLineKind::obligation;
        l.exempted = 0;
        l.exemption.clear();
        l.raised_at = at;
        l.raised_by = user.username;
        total += l.amount;
    }
    if (!payments_.raise_obligation(*next, lines,
                                    audit(now, user.username, "dossier.pause", "dossier:" + next->code,
                                          {{"status", to_string(next->status)},
                                           {"reason", c.reason},
                                           {"kind", "financial_obligation"},
                                           {"amount", money(total)}})))
        return fail(ErrorKind::conflict, "the dossier changed while you were working on it; reload and try again",
                    {}, "concurrent_change");
    return next;
}

Result<OnlineCheckout> PaymentService::start_online_payment(std::string_view code, std::string_view key) {
    auto d = dossiers_.find(code, false);
    if (!d || key.empty() || !crypto_.equal(d->lookup_key, key)) return tl::unexpected(dossier_not_found());
    if (gateway_ == nullptr)
        return fail(ErrorKind::failed_precondition, "online payment is not offered by this office", {}, "no_gateway");
    if (closed(d->status))
        return fail(ErrorKind::failed_precondition, "the dossier is closed", {}, "dossier_closed");
    const FeeAccount account = payments_.account(d->code);
    if (account.outstanding() == 0)
        return fail(ErrorKind::failed_precondition, "nothing is owed on this dossier", {}, "nothing_outstanding");
    const Timestamp now = clock_.now();
    PaymentRequest r;
    r.reference = "MC" + crypto_.token(16);
    r.dossier_code = d->code;
    r.agency = d->agency;
    r.amount = account.outstanding();
    r.gateway = gateway_->name();
    r.created_at = now;
    r.expires_at = now + kCheckoutLifetime;
    auto url = gateway_->checkout_url(
        GatewayCheckout{r.reference, r.dossier_code, r.amount, "Phí, lệ phí hồ sơ " + r.dossier_code, r.expires_at});
    if (!url) return tl::unexpected(url.error());
    payments_.add_request(r, audit(now, "citizen", "payment.requested", "dossier:" + d->code,
                                   {{"reference", r.reference}, {"amount", money(r.amount)}, {"gateway", r.gateway}}));
    return OnlineCheckout{r, *url};
}

Result<CallbackOutcome> PaymentService::gateway_callback(const GatewayCallback& callback) {
    if (gateway_ == nullptr)
        return fail(ErrorKind::failed_precondition, "online payment is not offered by this office", {}, "no_gateway");
    const Timestamp now = clock_.now();
    auto verified = gateway_->verify(callback, now);
    if (!verified) return tl::unexpected(verified.error());  // forged, stale or unreadable: nothing is recorded
    const GatewayPayment& g = *verified;
    const std::string gateway = gateway_->name();
    if (auto existing = payments_.by_transaction(gateway, g.transaction_id))
        return CallbackOutcome{CallbackResult::duplicate, *existing};
    auto reject = [&](Error error) -> Result<CallbackOutcome> {
        payments_.note(audit(now, kGatewayActor, "payment.callback_rejected", "payment_request:" + g.reference,
                             {{"transaction_id", g.transaction_id},
                              {"amount", money(g.amount)},
                              {"code", error.code},
                              {"why", error.message}}));
        return tl::unexpected(std::move(error));
    };
    auto request = payments_.request(g.reference);
    if (!request)
        return reject(Error{ErrorKind::unprocessable, "unknown_reference", "no payment request with that reference",
                            "reference"});
    if (g.outcome == GatewayOutcome::failed) {
        if (request->status == PaymentRequestStatus::pending)
            payments_.fail_request(g.reference, audit(now, kGatewayActor, "payment.request_failed",
                                                      "dossier:" + request->dossier_code,
                                                      {{"reference", g.reference},
                                                       {"transaction_id", g.transaction_id}}));
        return CallbackOutcome{CallbackResult::failed_noted, std::nullopt};
    }
    auto d = dossiers_.find(request->dossier_code);
    if (!d) return reject(Error{ErrorKind::internal, "dossier_missing", "the request's dossier is gone", {}});
    if (request->status != PaymentRequestStatus::pending)
        return reject(Error{ErrorKind::failed_precondition, "request_not_pending",
                            std::string("the payment request is ") + to_string(request->status), {}});
    const FeeAccount account = payments_.account(d->code);
    if (account.outstanding() == 0)
        return reject(Error{ErrorKind::failed_precondition, "nothing_outstanding", "nothing is owed on this dossier",
                            {}});
    if (g.amount != request->amount || g.amount != account.outstanding())
        return reject(Error{ErrorKind::unprocessable, "amount_mismatch",
                            "paid " + money(g.amount) + " VND; requested " + money(request->amount) +
                                ", outstanding " + money(account.outstanding()),
                            "amount"});
    Payment p;
    p.dossier_code = d->code;
    p.agency = d->agency;
    p.method = PaymentMethod::online;
    p.amount = g.amount;
    // The gateway's instant, kept within what the record can hold: not after now, not before the dossier's receipt.
    p.at = std::clamp(g.paid_at, d->received_at, now);
    p.reference = g.transaction_id;
    p.gateway = gateway;
    p.recorded_by = kGatewayActor;
    p.recorded_at = now;
    p.note = g.reference;
    const AuditRecord a = audit(now, kGatewayActor, "payment.recorded", "dossier:" + d->code,
                                {{"method", "online"},
                                 {"amount", money(g.amount)},
                                 {"reference", g.reference},
                                 {"transaction_id", g.transaction_id}});
    auto settled = settle(*d, std::move(p), a);
    if (!settled) {
        if (settled.error().code == "duplicate_transaction") {
            if (auto existing = payments_.by_transaction(gateway, g.transaction_id))
                return CallbackOutcome{CallbackResult::duplicate, *existing};
        }
        return tl::unexpected(settled.error());
    }
    return CallbackOutcome{CallbackResult::recorded, settled->payment};
}

namespace {

using TtttRows = std::map<std::string, PaymentIndicators::AgencyRow>;

PaymentIndicators::AgencyRow& tttt_row(TtttRows& rows, const std::string& agency) {
    auto& out = rows[agency];
    out.agency = agency;
    return out;
}

PaymentIndicators tttt_begin(ReportPeriod period, const Index766Rules& rules) {
    PaymentIndicators r;
    r.period = period;
    r.rule_3_5 = rules.tttt_3_5;
    r.rule_3_5b = rules.tttt_3_5b;
    r.rule_3_6 = rules.tttt_3_6;
    return r;
}

// The procedure counts (3.5, 3.5b) from the procedures whose dossiers carry fee data and those paid online, then the
// rates and points.
PaymentIndicators tttt_finish(PaymentIndicators r, TtttRows& rows, const std::vector<Procedure>& procedures,
                              const std::set<std::string>& with_data, const std::set<std::string>& paid_online) {
    for (const Procedure& p : procedures) {
        if (!fee_bearing(p)) continue;
        auto& a = tttt_row(rows, p.agency);
        ++r.fee_procedures;
        ++a.fee_procedures;
        if (with_data.count(p.code)) {
            ++r.procedures_with_fee_data;
            ++a.procedures_with_fee_data;
        }
        if (paid_online.count(p.code)) {
            ++r.procedures_paid_online;
            ++a.procedures_paid_online;
        }
    }
    r.rate_3_5 = rate_percent(r.procedures_with_fee_data, r.fee_procedures);
    r.points_3_5 = points_for(r.rate_3_5, r.rule_3_5);
    r.rate_3_5b = rate_percent(r.procedures_paid_online, r.fee_procedures);
    r.points_3_5b = points_for(r.rate_3_5b, r.rule_3_5b);
    r.rate_3_6 = rate_percent(r.paid_online_dossiers, r.fee_dossiers);
    r.points_3_6 = points_for(r.rate_3_6, r.rule_3_6);
    for (auto& [_, a] : rows) r.agencies.push_back(std::move(a));
    return r;
}

std::int64_t count_of(const Counts766Columns& c, Count766 k) { return c[static_cast<std::size_t>(k)]; }

}  // namespace

PaymentIndicators tttt_766(const std::vector<Procedure>& procedures, const std::vector<DossierFeeFacts>& dossiers,
                           const std::vector<OnlinePaymentFacts>& online, ReportPeriod period,
                           const Index766Rules& rules) {
    PaymentIndicators r = tttt_begin(period, rules);
    TtttRows rows;
    std::set<std::string> with_data, paid_online;
    for (const DossierFeeFacts& f : dossiers) {
        if (f.lines > 0) with_data.insert(f.procedure_code);
        if (f.due <= 0) continue;  // fees all 0 (or exempted): not counted for 3.6
        auto& a = tttt_row(rows, f.agency);
        ++r.fee_dossiers;
        ++a.fee_dossiers;
        if (f.paid_online) {
            ++r.paid_online_dossiers;
            ++a.paid_online_dossiers;
        }
    }
    for (const OnlinePaymentFacts& p : online) {
        paid_online.insert(p.procedure_code);
        tttt_row(rows, p.agency).paid_online_amount += p.amount;
    }
    return tttt_finish(std::move(r), rows, procedures, with_data, paid_online);
}

PaymentIndicators tttt_766_from_sums(const std::vector<Procedure>& procedures, const std::vector<Counts766Sums>& sums,
                                     ReportPeriod period, const Index766Rules& rules) {
    PaymentIndicators r = tttt_begin(period, rules);
    TtttRows rows;
    std::set<std::string> with_data, paid_online;
    for (const Counts766Sums& s : sums) {
        if (count_of(s.counts, Count766::fee_data_dossiers) > 0) with_data.insert(s.procedure_code);
        if (const std::int64_t fee = count_of(s.counts, Count766::fee_dossiers); fee > 0) {
            auto& a = tttt_row(rows, s.agency);
            r.fee_dossiers += fee;
            a.fee_dossiers += fee;
            r.paid_online_dossiers += s.paid_online_dossiers;
            a.paid_online_dossiers += s.paid_online_dossiers;
        }
        if (count_of(s.counts, Count766::online_payments) > 0) {
            paid_online.insert(s.procedure_code);
            tttt_row(rows, s.agency).paid_online_amount += count_of(s.counts, Count766::paid_online_amount);
        }
    }
    return tttt_finish(std::move(r), rows, procedures, with_data, paid_online);
}

std::vector<Indicator766> payment_indicators(const Counts766& c, const Index766Rules& rules) {
    return {
        indicator_766("3.5", "TTTT", "TTHC có phí, lệ phí được tích hợp thanh toán (có dữ liệu phí trên hồ sơ)",
                      c.procedures_with_fee_data, c.fee_procedures, rules.tttt_3_5),
        indicator_766("3.5b", "TTTT", "TTHC có phát sinh giao dịch thanh toán trực tuyến", c.procedures_paid_online,
                      c.fee_procedures, rules.tttt_3_5b),
        indicator_766("3.6", "TTTT", "Hồ sơ thanh toán trực tuyến", c.paid_online_dossiers, c.fee_dossiers,
                      rules.tttt_3_6),
    };
}

void add_payment_counts(Counts766Report& report, const PaymentIndicators& figures, const Index766Rules& rules) {
    Counts766 added;
    for (Counts766Row& row : report.rows) {
        auto a = std::find_if(figures.agencies.begin(), figures.agencies.end(),
                              [&](const PaymentIndicators::AgencyRow& r) { return r.agency == row.key; });
        if (a != figures.agencies.end()) {
            row.counts.fee_procedures = a->fee_procedures;
            row.counts.procedures_with_fee_data = a->procedures_with_fee_data;
            row.counts.procedures_paid_online = a->procedures_paid_online;
            row.counts.fee_dossiers = a->fee_dossiers;
            row.counts.paid_online_dossiers = a->paid_online_dossiers;
            row.counts.paid_online_amount = a->paid_online_amount;
            added += row.counts;
        }
        for (Indicator766& i : payment_indicators(row.counts, rules)) row.indicators.push_back(std::move(i));
    }
    // The total is the sum of the rows, as for the other columns.
    Counts766& t = report.total.counts;
    t.fee_procedures = added.fee_procedures;
    t.procedures_with_fee_data = added.procedures_with_fee_data;
    t.procedures_paid_online = added.procedures_paid_online;
    t.fee_dossiers = added.fee_dossiers;
    t.paid_online_dossiers = added.paid_online_dossiers;
    t.paid_online_amount = added.paid_online_amount;
    for (Indicator766& i : payment_indicators(t, rules)) report.total.indicators.push_back(std::move(i));
}

}  // namespace motcua::core
