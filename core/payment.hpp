#pragma once
// Payments of a dossier's fees (docs/payments.md): how they were made, the receipt that proves them, the correction
// of a mistaken entry by a reversing record, and the online payment requests sent through a payment gateway.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/fees.hpp"
#include "core/time.hpp"

namespace motcua::core {

enum class PaymentMethod { cash, bank_transfer, online };
[[nodiscard]] const char* to_string(PaymentMethod method) noexcept;
[[nodiscard]] Result<PaymentMethod> parse_payment_method(std::string_view text, std::string_view field = {});

/// One payment record. Records are never changed: a mistaken entry is corrected by a reversing record (negative
/// amount, `reverses` = the id it cancels, the same receipt number, which is then void).
struct Payment {
    std::int64_t id = 0;
    std::string dossier_code;
    std::string agency;  ///< the receiving agency of the dossier: whose receipt series the number comes from
    PaymentMethod method = PaymentMethod::cash;
    std::int64_t amount = 0;  ///< VND; negative on a reversing record
    Timestamp at;             ///< when the money was paid (the gateway's instant for online payments)
    std::string receipt_no;   ///< motcua's receipt number (decision 0030)
    std::string reference;    ///< bank transfer: the bank's reference; online: the gateway's transaction id
    std::string gateway;      ///< online: the gateway's name
    std::string recorded_by;  ///< a username, or "gateway"
    Timestamp recorded_at;
    std::string note;                 ///< free text; on a reversal, its reason
    std::optional<std::int64_t> reverses;     ///< set on a reversing record
    std::optional<std::int64_t> reversed_by;  ///< set (when read) on a payment that was reversed
};

/// Everything owed and paid on one dossier.
struct FeeAccount {
    std::string dossier_code;
    std::vector<FeeLine> lines;
    std::vector<Payment> payments;  ///< oldest first, reversals included
    [[nodiscard]] std::int64_t listed() const;       ///< sum of the lines' listed amounts
    [[nodiscard]] std::int64_t exempted() const;     ///< sum of the waived parts
    [[nodiscard]] std::int64_t due() const;          ///< listed − exempted
    [[nodiscard]] std::int64_t paid() const;         ///< payments net of reversals
    [[nodiscard]] std::int64_t outstanding() const;  ///< due − paid (never below 0)
};

/// Receipt numbers: `<agency>-BL<yy>-<NNNNNN>`, a gap-free series per receiving agency and calendar year (office
/// time), e.g. "000.21.40.H56-BL26-000042" (decision 0030).
[[nodiscard]] std::string format_receipt_number(std::string_view agency, int year, std::int64_t sequence);

enum class PaymentRequestStatus { pending, paid, failed };
[[nodiscard]] const char* to_string(PaymentRequestStatus status) noexcept;

/// An online payment a citizen started: what the gateway was asked to collect.
struct PaymentRequest {
    std::int64_t id = 0;
    std::string reference;  ///< motcua's reference, sent to the gateway and echoed in its callback
    std::string dossier_code;
    std::string agency;
    std::int64_t amount = 0;
    std::string gateway;
    Timestamp created_at;
    Timestamp expires_at;
    PaymentRequestStatus status = PaymentRequestStatus::pending;
};

/// What the gateway is asked to collect (core::PaymentGateway::checkout).
struct GatewayCheckout {
    std::string reference;
    std::string dossier_code;
    std::int64_t amount = 0;
    std::string description;
    Timestamp expires_at;
};

/// A gateway's callback as it arrived: the raw body and the headers that authenticate it.
struct GatewayCallback {
    std::string body;
    std::string timestamp;  ///< the gateway's timestamp header
    std::string signature;  ///< the gateway's signature header
};

enum class GatewayOutcome { succeeded, failed };

/// A callback the gateway's signature vouches for.
struct GatewayPayment {
    GatewayOutcome outcome = GatewayOutcome::succeeded;
    std::string reference;       ///< motcua's reference (PaymentRequest::reference)
    std::string transaction_id;  ///< the gateway's id, unique per payment: callbacks are idempotent by it
    std::int64_t amount = 0;
    Timestamp paid_at;
};

}  // namespace motcua::core
