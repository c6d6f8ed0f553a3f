#include "payments/signed_webhook_gateway.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace motcua::payments {
namespace {

using nlohmann::json;

core::Error bad(std::string code, std::string message, std::string field = {}) {
    return core::Error{core::ErrorKind::invalid_argument, std::move(code), std::move(message), std::move(field)};
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

bool http_url(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

}  // namespace

core::Status validate(const SignedWebhookSettings& s) {
    if (s.name.empty() || s.name.size() > 64) return tl::unexpected(bad("invalid_field", "name is 1-64 characters", "name"));
    if (!http_url(s.checkout_url))
        return tl::unexpected(bad("invalid_url", "checkout_url must be an http(s) URL", "checkout_url"));
    if (s.merchant_id.empty()) return tl::unexpected(bad("missing_field", "merchant_id is required", "merchant_id"));
    if (s.secret.size() < 32)
        return tl::unexpected(bad("weak_secret", "the shared secret must be at least 32 bytes", "secret"));
    if (!s.return_url.empty() && !http_url(s.return_url))
        return tl::unexpected(bad("invalid_url", "return_url must be an http(s) URL", "return_url"));
    if (s.replay_window < std::chrono::seconds{1} || s.replay_window > std::chrono::hours{1})
        return tl::unexpected(bad("invalid_number", "replay_window_seconds is 1 to 3600", "replay_window_seconds"));
    return {};
}

core::Result<SignedWebhookSettings> parse_gateway_settings(std::string_view text, const std::string& base_dir) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return tl::unexpected(bad("invalid_json", "the gateway configuration is not a JSON object"));
    SignedWebhookSettings s;
    auto str = [&doc](const char* key, std::string& out) -> core::Status {
        auto it = doc.find(key);
        if (it == doc.end()) return {};
        if (!it->is_string()) return tl::unexpected(bad("invalid_type", std::string(key) + " must be a string", key));
        out = it->get<std::string>();
        return {};
    };
    for (auto [key, target] : {std::pair{"name", &s.name}, std::pair{"checkout_url", &s.checkout_url},
                               std::pair{"merchant_id", &s.merchant_id}, std::pair{"secret", &s.secret},
                               std::pair{"return_url", &s.return_url}})
        if (auto ok = str(key, *target); !ok) return tl::unexpected(ok.error());
    std::string secret_file;
    if (auto ok = str("secret_file", secret_file); !ok) return tl::unexpected(ok.error());
    if (!secret_file.empty()) {
        const std::string path =
            secret_file.front() == '/' ? secret_file : (base_dir.empty() ? "." : base_dir) + "/" + secret_file;
        std::ifstream in(path, std::ios::binary);
        if (!in) return tl::unexpected(bad("unreadable_file", "cannot read the secret file " + path, "secret_file"));
        std::ostringstream content;
        content << in.rdbuf();
        s.secret = content.str();
        while (!s.secret.empty() && (s.secret.back() == '\n' || s.secret.back() == '\r')) s.secret.pop_back();
    }
    if (auto w = doc.find("replay_window_seconds"); w != doc.end()) {
        if (!w->is_number_integer())
            return tl::unexpected(bad("invalid_number", "replay_window_seconds is a whole number", "replay_window_seconds"));
        s.replay_window = std::chrono::seconds(w->get<long long>());
    }
    if (auto ok = validate(s); !ok) return tl::unexpected(ok.error());
    return s;
}

SignedWebhookGateway::SignedWebhookGateway(SignedWebhookSettings settings) : settings_(std::move(settings)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    if (auto ok = validate(settings_); !ok) throw std::invalid_argument("payment gateway: " + ok.error().message);
}

std::string SignedWebhookGateway::hmac_hex(const std::string& secret, std::string_view text) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

std::string SignedWebhookGateway::callback_signature(const std::string& secret, const std::string& timestamp,
                                                     const std::string& body) {
    return "sha256=" + hmac_hex(secret, timestamp + "." + body);
}

core::Result<std::string> SignedWebhookGateway::checkout_url(const core::GatewayCheckout& c) {
    const auto expires = c.expires_at.time_since_epoch().count();
    std::string query = "merchant=" + percent_encode(settings_.merchant_id) +
                        "&reference=" + percent_encode(c.reference) + "&amount=" + std::to_string(c.amount) +
                        "&currency=VND&description=" + percent_encode(c.description) +
                        "&expires=" + std::to_string(expires) + "&return_url=" + percent_encode(settings_.return_url);
    const std::string signature = hmac_hex(settings_.secret, query);
    const char joiner = settings_.checkout_url.find('?') == std::string::npos ? '?' : '&';
    return settings_.checkout_url + joiner + query + "&signature=" + signature;
}

core::Result<core::GatewayPayment> SignedWebhookGateway::verify(const core::GatewayCallback& cb, core::Timestamp now) {
    auto unauthenticated = [](std::string code, std::string message) {
        // 400 rather than 401: the caller is not a user who could log in, and the body is simply not a message of
        // the gateway's (the usual answer of signed webhooks to a bad signature).
        return tl::unexpected(core::Error{core::ErrorKind::invalid_argument, std::move(code), std::move(message), {}});
    };
    // 1. The signature, in constant time, before anything in the body is believed.
    const std::string expected = callback_signature(settings_.secret, cb.timestamp, cb.body);
    if (cb.signature.size() != expected.size() ||
        sodium_memcmp(cb.signature.data(), expected.data(), expected.size()) != 0)
        return unauthenticated("invalid_signature", "the callback's signature does not match");
    // 2. Freshness: a captured callback cannot be replayed later.
    long long seconds = 0;
    const auto* end = cb.timestamp.data() + cb.timestamp.size();
    if (cb.timestamp.empty() || std::from_chars(cb.timestamp.data(), end, seconds).ptr != end)
        return unauthenticated("stale_callback", "the callback's timestamp is not a Unix time");
    const auto sent = core::Timestamp{std::chrono::seconds{seconds}};
    if (sent > now + settings_.replay_window || sent < now - settings_.replay_window)
        return unauthenticated("stale_callback", "the callback's timestamp is outside the replay window");
    // 3. The content.
    const json body = json::parse(cb.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return tl::unexpected(bad("invalid_callback", "the callback is not a JSON object"));
    auto text = [&body](const char* key) -> std::string {
        auto it = body.find(key);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    core::GatewayPayment p;
    const std::string event = text("event");
    if (event == "payment.succeeded") p.outcome = core::GatewayOutcome::succeeded;
    else if (event == "payment.failed") p.outcome = core::GatewayOutcome::failed;
    else return tl::unexpected(bad("invalid_callback", "event must be payment.succeeded or payment.failed", "event"));
    if (text("merchant") != settings_.merchant_id)
        return tl::unexpected(bad("invalid_callback", "the callback is for another merchant", "merchant"));
    if (text("currency") != "VND")
        return tl::unexpected(bad("invalid_callback", "currency must be VND", "currency"));
    p.reference = text("reference");
    p.transaction_id = text("transaction_id");
    if (p.reference.empty() || p.reference.size() > 64)
        return tl::unexpected(bad("invalid_callback", "reference is 1-64 characters", "reference"));
    if (p.transaction_id.empty() || p.transaction_id.size() > 128)
        return tl::unexpected(bad("invalid_callback", "transaction_id is 1-128 characters", "transaction_id"));
    auto amount = body.find("amount");
    if (amount == body.end() || !amount->is_number_integer() || amount->get<long long>() <= 0 ||
        amount->get<long long>() > core::kMaxFeeAmount)
        return tl::unexpected(bad("invalid_callback", "amount is a whole number of đồng above 0", "amount"));
    p.amount = amount->get<long long>();
    auto paid_at = core::parse_instant(text("paid_at"), "paid_at");
    if (p.outcome == core::GatewayOutcome::succeeded && !paid_at)
        return tl::unexpected(bad("invalid_callback", "paid_at is an RFC 3339 instant", "paid_at"));
    p.paid_at = paid_at ? *paid_at : now;
    return p;
}

}  // namespace motcua::payments
