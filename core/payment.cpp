#include "core/payment.hpp"

#include <cstdio>

namespace motcua::core {

const char* to_string(PaymentMethod method) noexcept {
    switch (method) {
        case PaymentMethod::cash: return "cash";
        case PaymentMethod::bank_transfer: return "bank_transfer";
        case PaymentMethod::online: return "online";
    }
    return "cash";
}

Result<PaymentMethod> parse_payment_method(std::string_view text, std::string_view field) {
    for (PaymentMethod m : {PaymentMethod::cash, PaymentMethod::bank_transfer, PaymentMethod::online})
        if (text == to_string(m)) return m;
    return fail(ErrorKind::invalid_argument,
                "method must be cash, bank_transfer or online, got \"" + std::string(text) + "\"", std::string(field),
                "invalid_method");
}

const char* to_string(PaymentRequestStatus status) noexcept {
    switch (status) {
        case PaymentRequestStatus::pending: return "pending";
        case PaymentRequestStatus::paid: return "paid";
        case PaymentRequestStatus::failed: return "failed";
    }
    return "pending";
}

std::int64_t FeeAccount::listed() const {
    std::int64_t sum = 0;
    for (const FeeLine& l : lines) sum += l.amount;
    return sum;
}

std::int64_t FeeAccount::exempted() const {
    std::int64_t sum = 0;
    for (const FeeLine& l : lines) sum += l.exempted;
    return sum;
}

std::int64_t FeeAccount::due() const { return listed() - exempted(); }

std::int64_t FeeAccount::paid() const {
    std::int64_t sum = 0;
    for (const Payment& p : payments) sum += p.amount;
    return sum;
}

std::int64_t FeeAccount::outstanding() const {
    const std::int64_t left = due() - paid();
    return left > 0 ? left : 0;
}

std::string format_receipt_number(std::string_view agency, int year, std::int64_t sequence) {
    char tail[32];
    std::snprintf(tail, sizeof tail, "-BL%02d-%06lld", year % 100, static_cast<long long>(sequence));
    return std::string(agency) + tail;
}

}  // namespace motcua::core
