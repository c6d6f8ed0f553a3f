#include <set>
#include <string>

#include <doctest/doctest.h>

#include "http/sodium_crypto.hpp"

using motcua::http::PasswordHashCost;
using motcua::http::SodiumCrypto;

TEST_CASE("SodiumCrypto tokens have the length asked for and use only the Crockford base-32 alphabet") {
    SodiumCrypto crypto(PasswordHashCost::minimum_for_tests());
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    CHECK(crypto.token(0).empty());
    CHECK(crypto.token(32).size() == 32);
    std::set<char> seen;
    std::set<std::string> tokens;
    for (int i = 0; i < 400; ++i) {
        const std::string t = crypto.token(32);
        tokens.insert(t);
        for (char c : t) {
            CHECK_MESSAGE(alphabet.find(c) != std::string::npos, "character ", c);
            seen.insert(c);
        }
    }
    CHECK(tokens.size() == 400);   // 160 bits each: a repeat means a broken generator
    CHECK(seen.size() == 32);      // 12 800 draws reach every letter of the alphabet
}

TEST_CASE("SodiumCrypto digests are SHA-256 in lower-case hex") {
    SodiumCrypto crypto(PasswordHashCost::minimum_for_tests());
    CHECK(crypto.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(crypto.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SodiumCrypto hashes passwords with Argon2id at the interactive limits and verifies them") {
    SodiumCrypto crypto;  // the production cost: one hash, to check the parameters really used
    const std::string hash = crypto.hash_password("Mật-khẩu-đủ-dài-2026");
    CHECK(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$"));
    CHECK(crypto.verify_password("Mật-khẩu-đủ-dài-2026", hash));
    CHECK_FALSE(crypto.verify_password("Mật-khẩu-đủ-dài-2027", hash));
}

TEST_CASE("SodiumCrypto salts every hash, and a hash made at one cost verifies at another") {
    SodiumCrypto cheap(PasswordHashCost::minimum_for_tests());
    const std::string a = cheap.hash_password("correct horse battery");
    const std::string b = cheap.hash_password("correct horse battery");
    CHECK(a != b);
    CHECK(a.starts_with("$argon2id$"));
    SodiumCrypto production;
    CHECK(production.verify_password("correct horse battery", a));
    CHECK(production.verify_password("correct horse battery", b));
}

TEST_CASE("SodiumCrypto verifies nothing against a malformed hash") {
    SodiumCrypto crypto(PasswordHashCost::minimum_for_tests());
    CHECK_FALSE(crypto.verify_password("", ""));
    CHECK_FALSE(crypto.verify_password("password", "password"));
    CHECK_FALSE(crypto.verify_password("password", "$argon2id$garbage"));
    CHECK_FALSE(crypto.verify_password("password", std::string(1000, '$')));
}

TEST_CASE("SodiumCrypto equal compares contents and lengths") {
    SodiumCrypto crypto(PasswordHashCost::minimum_for_tests());
    CHECK(crypto.equal("", ""));
    CHECK(crypto.equal("ABC123", "ABC123"));
    CHECK_FALSE(crypto.equal("ABC123", "ABC124"));
    CHECK_FALSE(crypto.equal("ABC123", "BBC123"));
    CHECK_FALSE(crypto.equal("ABC123", "ABC1234"));
    CHECK_FALSE(crypto.equal("", "A"));
}
