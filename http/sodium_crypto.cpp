#include "http/sodium_crypto.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <sodium.h>

namespace motcua::http {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static_assert(kCrockford.size() == 32);

void init_sodium() {
    // sodium_init is thread-safe and idempotent; the static makes later calls free.
    static const int ready = sodium_init();
    if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

}  // namespace

PasswordHashCost PasswordHashCost::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashCost PasswordHashCost::minimum_for_tests() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

SodiumCrypto::SodiumCrypto(PasswordHashCost cost) : cost_(cost) { init_sodium(); }

std::string SodiumCrypto::token(std::size_t count) {
    std::string out(count, '0');
    for (char& c : out) c = kCrockford[randombytes_uniform(static_cast<std::uint32_t>(kCrockford.size()))];
    return out;
}

std::string SodiumCrypto::digest(std::string_view text) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
    crypto_hash_sha256(hash.data(), bytes(text), text.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
    return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

std::string SodiumCrypto::hash_password(std::string_view password) {
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost_.ops, cost_.memory,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("password hashing failed (out of memory?)");
    return std::string(out.data());
}

bool SodiumCrypto::verify_password(std::string_view password, const std::string& hash) {
    // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES - 1 characters.
    if (hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool SodiumCrypto::equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace motcua::http
