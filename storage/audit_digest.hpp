#pragma once
// Signed daily digests of the audit chain (docs/decisions/0014-signed-audit-digests.md).
//
// The hash chain (audit_log.hpp) shows that rows were edited, removed or inserted, unless whoever edited them also
// recomputed every hash after the edit: with write access to the file, that is possible. A digest closes the gap:
// at the end of each office day a supervisor exports the chain head (the last row's id and hash) signed with an
// Ed25519 key kept away from the server, and files it elsewhere (mail, a printed register). Any later rewrite of
// history up to that row changes the head, so the signed digest no longer matches the database.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace motcua::storage {

/// The head of the chain at the end of an office-time day.
struct ChainHead {
    std::int64_t last_id = 0;  ///< the last audit row written before the day ended (0: none yet)
    std::int64_t rows = 0;     ///< rows up to and including last_id
    std::string hash;          ///< that row's chain hash (64 hex digits), or the genesis hash when there is none
};

/// The chain head as of 24:00 office time (UTC+7) on `day`: the row of highest id whose instant is before then.
[[nodiscard]] ChainHead chain_head(Database& db, core::Date day);

/// An Ed25519 key pair, hex-encoded. The secret key (64 bytes: seed and public key, libsodium's layout) signs;
/// the public key (32 bytes) checks.
struct DigestKeys {
    std::string public_key;
    std::string secret_key;
};
[[nodiscard]] DigestKeys generate_digest_keys();

/// A signed statement "on `date`, the chain ended at row `last_id` with hash `head_hash`".
struct SignedDigest {
    std::string date;  ///< YYYY-MM-DD, office time
    std::int64_t last_id = 0;
    std::int64_t rows = 0;
    std::string head_hash;
    std::string public_key;  ///< hex, the key that made `signature` (to be compared with a trusted copy)
    std::string signature;   ///< hex, Ed25519 over digest_message()
};

/// The exact bytes that are signed: a versioned, line-oriented text of date, last_id, rows and head_hash.
[[nodiscard]] std::string digest_message(const SignedDigest& digest);

/// Signs the head of `day` with `secret_key_hex`. Error invalid_argument "invalid_key" for a malformed key.
[[nodiscard]] core::Result<SignedDigest> sign_digest(const ChainHead& head, core::Date day,
                                                     std::string_view secret_key_hex);

/// Checks a digest against the database now. In order:
///  - the signature verifies under `trusted_public_key_hex` (error failed_precondition "digest_signature_invalid",
///    or "digest_key_mismatch" when the digest names another key);
///  - the chain verifies from its first row up to `last_id`, and row `last_id` (with `rows` rows up to it) still
///    carries `head_hash` (error failed_precondition "history_changed", naming the first row that differs when
///    the chain itself is broken).
[[nodiscard]] core::Status check_digest(Database& db, const SignedDigest& digest,
                                        std::string_view trusted_public_key_hex);

}  // namespace motcua::storage
