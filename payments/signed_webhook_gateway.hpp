#pragma once
// A payment gateway that speaks a documented signed-redirect / signed-webhook protocol (docs/payments.md, decision
// 0031): motcua sends the citizen's browser to the gateway's checkout page with a signed query, and the gateway
// reports the outcome by POSTing a JSON callback signed with HMAC-SHA256 over the raw body under a shared secret.
// VNPay-, MoMo- and the national payment platform's merchant APIs have this shape; a province points it at its own.
// Adapter of core::PaymentGateway; no domain logic.
#include <chrono>
#include <string>

#include "core/ports.hpp"

namespace motcua::payments {

struct SignedWebhookSettings {
    std::string name = "signed-webhook";  ///< recorded with every online payment
    std::string checkout_url;             ///< the gateway's checkout page (https:// in production)
    std::string merchant_id;              ///< motcua's id at the gateway
    std::string secret;                   ///< the shared HMAC-SHA256 key (at least 32 bytes)
    std::string return_url;               ///< where the gateway sends the browser back (the lookup page)
    std::chrono::seconds replay_window{300};  ///< how far a callback's timestamp may be from now
};

/// Checks settings: an http(s) checkout_url, a merchant id, a secret of at least 32 bytes, a replay window of 1 s to
/// 1 h. Errors invalid_argument naming the field.
[[nodiscard]] core::Status validate(const SignedWebhookSettings& settings);

/// Reads {"name"?, "checkout_url", "merchant_id", "secret" | "secret_file", "return_url"?, "replay_window_seconds"?}
/// (a relative secret_file is read relative to `base_dir`); errors name the field.
[[nodiscard]] core::Result<SignedWebhookSettings> parse_gateway_settings(std::string_view text,
                                                                        const std::string& base_dir = ".");

/// Checkout: `<checkout_url>?merchant=…&reference=…&amount=…&currency=VND&description=…&expires=<unix s>
/// &return_url=…&signature=<hex HMAC-SHA256 of everything before "&signature">` (values percent-encoded, RFC 3986).
///
/// Callback: POST with `X-Gateway-Timestamp: <unix seconds>` and `X-Gateway-Signature: sha256=<hex HMAC-SHA256 of
/// "<timestamp>.<raw body>">` (the scheme notify/'s webhook signs with); body {"event": "payment.succeeded" |
/// "payment.failed", "merchant", "reference", "transaction_id", "amount" (integer VND), "currency": "VND",
/// "paid_at" (RFC 3339)}. verify() compares the signature in constant time before reading anything, and refuses a
/// timestamp further than replay_window from now (a replay inside the window is harmless: payments are idempotent
/// by transaction id).
class SignedWebhookGateway final : public core::PaymentGateway {
public:
    explicit SignedWebhookGateway(SignedWebhookSettings settings);
    [[nodiscard]] std::string name() const override { return settings_.name; }
    [[nodiscard]] core::Result<std::string> checkout_url(const core::GatewayCheckout& checkout) override;
    [[nodiscard]] core::Result<core::GatewayPayment> verify(const core::GatewayCallback& callback,
                                                            core::Timestamp now) override;

    /// "sha256=<hex>" over "<timestamp>.<body>" (exposed for tests, and for gateways to check against).
    [[nodiscard]] static std::string callback_signature(const std::string& secret, const std::string& timestamp,
                                                        const std::string& body);
    /// Lower-case hex HMAC-SHA256 of `text` under `secret`.
    [[nodiscard]] static std::string hmac_hex(const std::string& secret, std::string_view text);

private:
    SignedWebhookSettings settings_;
};

}  // namespace motcua::payments
