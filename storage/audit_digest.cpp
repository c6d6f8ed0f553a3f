#include "storage/audit_digest.hpp"

#include <array>
#include <vector>

#include <sodium.h>

#include "storage/audit_log.hpp"

namespace motcua::storage {
namespace {

using core::ErrorKind;
using core::fail;

constexpr std::string_view kHeadBefore =
    "SELECT id, hash, (SELECT count(*) FROM audit_log b WHERE b.id <= a.id) FROM audit_log a "
    "WHERE at < ?1 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kRowHash = "SELECT hash, (SELECT count(*) FROM audit_log b WHERE b.id <= ?1) "
                                      "FROM audit_log WHERE id = ?1";

void ensure_sodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw StorageError(0, "libsodium failed to initialise");
}

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::vector<char> hex(size * 2 + 1);
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    return std::string(hex.data(), size * 2);
}

// Exactly `size` bytes from hex text, or nullopt.
std::optional<std::vector<unsigned char>> from_hex(std::string_view hex, std::size_t size) {
    if (hex.size() != size * 2) return std::nullopt;
    std::vector<unsigned char> out(size);
    std::size_t written = 0;
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, nullptr) != 0 ||
        written != size)
        return std::nullopt;
    return out;
}

}  // namespace

ChainHead chain_head(Database& db, core::Date day) {
    const core::Date next = core::to_date(core::day_number(day) + date::days{1});
    const std::string end = core::format_instant_utc(core::to_utc(core::at(next, core::hm(0, 0))));
    Statement s = db.prepare(kHeadBefore);
    s.bind(1, end);
    if (!s.step()) return ChainHead{0, 0, std::string(audit_genesis_hash())};
    return ChainHead{s.int64(0), s.int64(2), s.text(1)};
}

DigestKeys generate_digest_keys() {
    ensure_sodium();
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
    std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
    crypto_sign_keypair(pk.data(), sk.data());
    DigestKeys keys{to_hex(pk.data(), pk.size()), to_hex(sk.data(), sk.size())};
    sodium_memzero(sk.data(), sk.size());
    return keys;
}

std::string digest_message(const SignedDigest& d) {
    return "motcua audit digest v1\ndate " + d.date + "\nlast_id " + std::to_string(d.last_id) + "\nrows " +
           std::to_string(d.rows) + "\nhead_hash " + d.head_hash + "\n";
}

core::Result<SignedDigest> sign_digest(const ChainHead& head, core::Date day, std::string_view secret_key_hex) {
    ensure_sodium();
    auto sk = from_hex(secret_key_hex, crypto_sign_SECRETKEYBYTES);
    if (!sk) return fail(ErrorKind::invalid_argument, "the signing key is not an Ed25519 secret key", "key", "invalid_key");
    SignedDigest d{core::format_date(day), head.last_id, head.rows, head.hash, {}, {}};
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
    crypto_sign_ed25519_sk_to_pk(pk.data(), sk->data());
    d.public_key = to_hex(pk.data(), pk.size());
    const std::string message = digest_message(d);
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         sk->data());
    sodium_memzero(sk->data(), sk->size());
    d.signature = to_hex(sig.data(), sig.size());
    return d;
}

core::Status check_digest(Database& db, const SignedDigest& d, std::string_view trusted_public_key_hex) {
    ensure_sodium();
    const auto pk = from_hex(trusted_public_key_hex, crypto_sign_PUBLICKEYBYTES);
    if (!pk)
        return fail(ErrorKind::invalid_argument, "the public key is not an Ed25519 public key", "public-key",
                    "invalid_key");
    if (d.public_key != trusted_public_key_hex)
        return fail(ErrorKind::failed_precondition, "the digest was signed with another key (" + d.public_key + ")", {},
                    "digest_key_mismatch");
    const auto sig = from_hex(d.signature, crypto_sign_BYTES);
    const std::string message = digest_message(d);
    if (!sig || crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(message.data()),
                                            message.size(), pk->data()) != 0)
        return fail(ErrorKind::failed_precondition,
                    "the digest's signature does not verify: the digest itself was altered", {},
                    "digest_signature_invalid");

    // The signature is good: the digest is what the key holder saw. Now compare the database with it.
    const AuditVerification chain = verify_audit(db, d.last_id);
    if (chain.first_bad_id)
        return fail(ErrorKind::failed_precondition, "history changed since the digest of " + d.date + ": " + chain.problem,
                    {}, "history_changed");
    if (d.last_id == 0) {
        if (d.head_hash != audit_genesis_hash())
            return fail(ErrorKind::failed_precondition, "history changed: the digest's empty chain has a head", {},
                        "history_changed");
        return {};
    }
    Statement s = db.prepare(kRowHash);
    s.bind(1, d.last_id);
    if (!s.step())
        return fail(ErrorKind::failed_precondition,
                    "history changed since the digest of " + d.date + ": row " + std::to_string(d.last_id) +
                        " is gone",
                    {}, "history_changed");
    if (s.text(0) != d.head_hash || s.int64(1) != d.rows)
        return fail(ErrorKind::failed_precondition,
                    "history changed since the digest of " + d.date + ": the chain up to row " +
                        std::to_string(d.last_id) + " is not the one that was signed (rows " +
                        std::to_string(s.int64(1)) + " now, " + std::to_string(d.rows) + " then)",
                    {}, "history_changed");
    return {};
}

}  // namespace motcua::storage
