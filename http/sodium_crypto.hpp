#pragma once
// core::Crypto on libsodium: CSPRNG tokens, SHA-256 digests, Argon2id password hashes, constant-time comparison.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/ports.hpp"

namespace motcua::http {

/// Argon2id work factors: passes over memory, and memory in bytes.
struct PasswordHashCost {
    unsigned long long ops = 0;
    std::size_t memory = 0;

    /// libsodium's INTERACTIVE limits (2 passes, 64 MiB): the production setting.
    [[nodiscard]] static PasswordHashCost interactive();
    /// libsodium's minimum limits. Only for tests that hash many passwords; never for real accounts.
    [[nodiscard]] static PasswordHashCost minimum_for_tests();
};

/// Initialises libsodium once (throws std::runtime_error if it cannot). Every member is safe to call from several
/// threads at once. hash_password throws std::runtime_error when the memory for Argon2id cannot be allocated.
class SodiumCrypto final : public core::Crypto {
public:
    explicit SodiumCrypto(PasswordHashCost cost = PasswordHashCost::interactive());

    /// Each character is drawn with randombytes_uniform(32) from "0123456789ABCDEFGHJKMNPQRSTVWXYZ".
    [[nodiscard]] std::string token(std::size_t count) override;
    /// SHA-256 (crypto_hash_sha256), 64 lower-case hex digits.
    [[nodiscard]] std::string digest(std::string_view text) override;
    /// crypto_pwhash_str_alg with Argon2id 1.3 at this object's cost: "$argon2id$v=19$m=...,t=...,p=1$salt$hash".
    [[nodiscard]] std::string hash_password(std::string_view password) override;
    /// crypto_pwhash_str_verify: the cost is read from `hash`, so hashes made at an older cost still verify. A
    /// malformed hash verifies nothing.
    [[nodiscard]] bool verify_password(std::string_view password, const std::string& hash) override;
    /// Different lengths are unequal (lengths are not secret here: every token has a fixed length); equal lengths
    /// are compared with sodium_memcmp, whose time does not depend on where the first difference is.
    [[nodiscard]] bool equal(std::string_view a, std::string_view b) override;

private:
    PasswordHashCost cost_;
};

}  // namespace motcua::http
