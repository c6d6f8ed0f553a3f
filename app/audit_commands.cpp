// motcua audit keygen | digest | check-digest: signed daily digests of the audit chain
// (docs/decisions/0014-signed-audit-digests.md).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/args.hpp"
#include "app/commands.hpp"
#include "storage/database.hpp"
#include "storage/audit_digest.hpp"

namespace motcua::app {
namespace {

using core::ErrorKind;
using core::fail;
using nlohmann::json;

core::Result<std::string> read_file(const std::string& path, std::string_view field) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorKind::not_found, "cannot read " + path, std::string(field), "file_not_found");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

core::Result<json> read_json_file(const std::string& path, std::string_view field) {
    auto text = read_file(path, field);
    if (!text) return tl::unexpected(text.error());
    json doc = json::parse(*text, nullptr, false);
    if (!doc.is_object())
        return fail(ErrorKind::invalid_argument, path + " is not a JSON object", std::string(field), "invalid_file");
    return doc;
}

core::Result<std::unique_ptr<storage::Database>> open_read_only(const std::string& path) {
    if (!storage::database_exists(path))
        return fail(ErrorKind::not_found, "no database at " + path, "db", "database_not_found");
    return std::make_unique<storage::Database>(path, true);
}

json digest_json(const storage::SignedDigest& d) {
    return json{{"format", "motcua-audit-digest-v1"}, {"date", d.date},        {"last_id", d.last_id},
                {"rows", d.rows},                     {"head_hash", d.head_hash}, {"public_key", d.public_key},
                {"signature", d.signature}};
}

core::Result<storage::SignedDigest> digest_from(const json& doc) {
    if (doc.value("format", "") != "motcua-audit-digest-v1" || !doc.contains("last_id") ||
        !doc["last_id"].is_number_integer() || !doc.contains("rows") || !doc["rows"].is_number_integer())
        return fail(ErrorKind::invalid_argument, "not a motcua audit digest (format motcua-audit-digest-v1)", "digest",
                    "invalid_digest");
    storage::SignedDigest d;
    d.date = doc.value("date", "");
    d.last_id = doc["last_id"].get<std::int64_t>();
    d.rows = doc["rows"].get<std::int64_t>();
    d.head_hash = doc.value("head_hash", "");
    d.public_key = doc.value("public_key", "");
    d.signature = doc.value("signature", "");
    return d;
}

}  // namespace

core::Result<json> audit_keygen(CommandArgs argv) {
    auto args = Args::parse(argv, {{"out"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto out = args->required("out");
    if (!out) return tl::unexpected(out.error());
    if (std::filesystem::exists(*out))
        return fail(ErrorKind::already_exists, *out + " already exists; a key is never overwritten", "out",
                    "target_exists");
    const auto keys = storage::generate_digest_keys();
    const json file{{"algorithm", "ed25519"}, {"public_key", keys.public_key}, {"secret_key", keys.secret_key}};
    {
        // Created owner-only before anything is written to it.
        std::ofstream create(*out, std::ios::binary);
        if (!create) return fail(ErrorKind::invalid_argument, "cannot create " + *out, "out", "cannot_write");
    }
    std::filesystem::permissions(*out, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    std::ofstream write(*out, std::ios::binary | std::ios::trunc);
    write << file.dump(2) << "\n";
    if (!write) return fail(ErrorKind::invalid_argument, "cannot write " + *out, "out", "cannot_write");
    return json{{"key_file", *out}, {"public_key", keys.public_key}};
}

core::Result<json> audit_digest(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "date", "key"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto date_text = args->required("date");
    if (!date_text) return tl::unexpected(date_text.error());
    auto key_path = args->required("key");
    if (!key_path) return tl::unexpected(key_path.error());
    auto day = core::parse_date(*date_text, "date");
    if (!day) return tl::unexpected(day.error());

    // Like ssh with a private key: a signing key others can read is not a secret any more.
    struct stat info {};
    if (::stat(key_path->c_str(), &info) != 0)
        return fail(ErrorKind::not_found, "cannot read " + *key_path + ": " + std::strerror(errno), "key",
                    "file_not_found");
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return fail(ErrorKind::failed_precondition,
                    *key_path + " is readable by others; make it private (chmod 600) before signing with it", "key",
                    "key_not_private");
    auto key = read_json_file(*key_path, "key");
    if (!key) return tl::unexpected(key.error());
    if (key->value("algorithm", "") != "ed25519" || !(*key)["secret_key"].is_string())
        return fail(ErrorKind::invalid_argument, *key_path + " is not a key made by `motcua audit keygen`", "key",
                    "invalid_key");

    auto db = open_read_only(*path);
    if (!db) return tl::unexpected(db.error());
    const auto head = storage::chain_head(**db, *day);
    auto signed_digest = storage::sign_digest(head, *day, (*key)["secret_key"].get<std::string>());
    if (!signed_digest) return tl::unexpected(signed_digest.error());
    return digest_json(*signed_digest);
}

core::Result<json> audit_check_digest(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db", "digest", "public-key"}, {}});
    if (!args) return tl::unexpected(args.error());
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto digest_path = args->required("digest");
    if (!digest_path) return tl::unexpected(digest_path.error());
    auto public_key = args->required("public-key");
    if (!public_key) return tl::unexpected(public_key.error());
    auto doc = read_json_file(*digest_path, "digest");
    if (!doc) return tl::unexpected(doc.error());
    auto digest = digest_from(*doc);
    if (!digest) return tl::unexpected(digest.error());
    auto db = open_read_only(*path);
    if (!db) return tl::unexpected(db.error());
    if (auto ok = storage::check_digest(**db, *digest, *public_key); !ok) return tl::unexpected(ok.error());
    return json{{"date", digest->date}, {"last_id", digest->last_id}, {"rows", digest->rows}, {"history", "unchanged"}};
}

}  // namespace motcua::app
