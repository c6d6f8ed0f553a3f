#include "notify/channels.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

namespace motcua::notify {
namespace {

std::string base64(std::string_view data) {
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

/// "=?UTF-8?B?...?=" for a header value that may hold non-ASCII text.
std::string encoded_word(std::string_view text) { return "=?UTF-8?B?" + base64(text) + "?="; }

/// Base64 wrapped at 76 characters, as MIME wants.
std::string wrapped_base64(std::string_view text) {
    const std::string b = base64(text);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
    return out;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using CurlList = std::unique_ptr<curl_slist, ListDeleter>;

CurlHandle new_handle() {
    static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    if (!initialised) return nullptr;
    return CurlHandle(curl_easy_init());
}

CurlList append(CurlList list, const std::string& item) {
    curl_slist* grown = curl_slist_append(list.get(), item.c_str());
    if (grown != nullptr) {
        (void)list.release();
        return CurlList(grown);
    }
    return list;
}

core::Error channel_error(std::string message) {
    return core::Error{core::ErrorKind::internal, "delivery_failed", std::move(message), {}};
}

struct Upload {
    std::string data;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, up->data.size() - up->offset);
    std::memcpy(buffer, up->data.data() + up->offset, n);
    up->offset += n;
    return n;
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    auto* out = static_cast<std::string*>(user);
    const std::size_t n = size * count;
    if (out->size() < 4096) out->append(data, std::min(n, 4096 - out->size()));
    return n;
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
}

/// The domain part of an address ("motcua@x.gov.vn" → "x.gov.vn"), for Message-IDs.
std::string domain_of(const std::string& address) {
    const auto at = address.rfind('@');
    return at == std::string::npos ? "motcua.invalid" : address.substr(at + 1);
}

}  // namespace

std::string SmtpChannel::compose(const core::OutboxEntry& entry, const core::RenderedMessage& message,
                                 std::chrono::system_clock::time_point date) const {
    std::string m;
    m += "Date: " + rfc5322_date(date) + "\r\n";
    m += "From: " + encoded_word(settings_.from_name) + " <" + settings_.from + ">\r\n";
    m += "To: <" + entry.message.recipient + ">\r\n";
    m += "Message-ID: <outbox-" + std::to_string(entry.id) + "@" + domain_of(settings_.from) + ">\r\n";
    m += "Subject: " + encoded_word(message.subject) + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "\r\n";
    m += wrapped_base64(message.body);
    return m;
}

core::Result<std::string> SmtpChannel::send(const core::OutboxEntry& entry, const core::RenderedMessage& message) {
    // A recipient with CR/LF or angle brackets could inject SMTP commands or headers: refuse it outright.
    const std::string& to = entry.message.recipient;
    if (to.find_first_of("\r\n<>") != std::string::npos || to.find('@') == std::string::npos)
        return tl::unexpected(channel_error("not a deliverable e-mail address"));
    CurlHandle curl = new_handle();
    if (!curl) return tl::unexpected(channel_error("libcurl could not be initialised"));
    Upload upload{compose(entry, message, std::chrono::system_clock::now())};
    CurlList rcpt = append(nullptr, "<" + to + ">");
    const std::string from = "<" + settings_.from + ">";
    curl_easy_setopt(curl.get(), CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    if (settings_.starttls) curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!settings_.username.empty()) {
        curl_easy_setopt(curl.get(), CURLOPT_USERNAME, settings_.username.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) return tl::unexpected(channel_error(std::string("smtp: ") + curl_easy_strerror(rc)));
    return "message-id:outbox-" + std::to_string(entry.id) + "@" + domain_of(settings_.from);
}

bool WebhookChannel::handles(core::Medium medium) const {
    return std::find(settings_.mediums.begin(), settings_.mediums.end(), medium) != settings_.mediums.end();
}

std::string WebhookChannel::signature(const std::string& secret, const std::string& timestamp,
                                      const std::string& body) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    const std::string signed_text = timestamp + "." + body;
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()),
                                  signed_text.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return std::string("sha256=") + hex;
}

core::Result<std::string> WebhookChannel::send(const core::OutboxEntry& entry, const core::RenderedMessage& message) {
    CurlHandle curl = new_handle();
    if (!curl) return tl::unexpected(channel_error("libcurl could not be initialised"));
    const std::string idempotency = "motcua-outbox-" + std::to_string(entry.id);
    const std::string body = nlohmann::json{{"id", entry.id},
                                            {"idempotency_key", idempotency},
                                            {"dossier_code", entry.dossier_code},
                                            {"kind", core::to_string(entry.message.kind)},
                                            {"medium", core::to_string(entry.message.medium)},
                                            {"recipient", entry.message.recipient},
                                            {"subject", message.subject},
                                            {"body", message.body}}
                                 .dump();
    const std::string timestamp = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    CurlList headers = append(nullptr, "Content-Type: application/json; charset=utf-8");
    headers = append(std::move(headers), "X-Motcua-Timestamp: " + timestamp);
    headers = append(std::move(headers), "X-Motcua-Signature: " + signature(settings_.secret, timestamp, body));
    headers = append(std::move(headers), "Idempotency-Key: " + idempotency);
    std::string answer;
    curl_easy_setopt(curl.get(), CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    const CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK) return tl::unexpected(channel_error(std::string("webhook: ") + curl_easy_strerror(rc)));
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299)
        return tl::unexpected(channel_error("webhook: the gateway answered HTTP " + std::to_string(status) + ": " +
                                            answer.substr(0, 200)));
    return answer.empty() ? "HTTP " + std::to_string(status) : answer.substr(0, 200);
}

}  // namespace motcua::notify
