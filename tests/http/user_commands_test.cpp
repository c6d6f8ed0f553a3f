// `motcua users add|list` driven through the CLI dispatcher, on a real database and with the production password
// cost (the suite lives here because tests/http is the suite that links the app library).
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "storage/catalogue_store.hpp"
#include "tests/storage/storage_test_support.hpp"

using namespace motcua;
using nlohmann::json;

namespace {

constexpr const char* kAgency = "000.00.12.H56";

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

Run cli(std::vector<std::string_view> args, const std::string& stdin_text = {}) {
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in(stdin_text);
    Run r;
    r.code = app::run_cli(args, app::CliIo{out, err, in});
    r.out = out.str();
    r.err = err.str();
    return r;
}

struct Fixture {
    test::TempDatabase tmp;
    Fixture() {
        core::Agency agency;
        agency.code = kAgency;
        agency.name = "UBND phường Phú Hòa";
        agency.level = core::AgencyLevel::commune;
        storage::SqliteCatalogueStore(tmp.db()).save({agency}, {}, {});
    }
    Run add(std::string_view username, const std::string& password, std::string_view agency = kAgency) {
        return cli({"users", "add", "--db", tmp.path(), "--username", username, "--role", "clerk", "--agency", agency,
                    "--name", "Trần Thị Bích Ngọc"},
                   password);
    }
};

}  // namespace

TEST_CASE("users add reads the password from stdin and prints the new account") {
    Fixture f;
    const Run r = f.add("bars_clerk", "Bars-clerk-pass-2025!\n");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const json out = json::parse(r.out);
    CHECK(out["id"].is_number_integer());
    CHECK(out["username"] == "bars_clerk");
    CHECK(out["role"] == "clerk");
    CHECK(out["agency"] == kAgency);
    CHECK(out.size() == 4);

    auto s = f.tmp.db().prepare("SELECT password_hash, display_name FROM app_user WHERE username = 'bars_clerk'");
    REQUIRE(s.step());
    CHECK(s.text(0).starts_with("$argon2id$"));
    CHECK(s.text(0).find("Bars-clerk-pass-2025!") == std::string::npos);
    CHECK(s.text(1) == "Trần Thị Bích Ngọc");
}

TEST_CASE("users list shows every account without password hashes") {
    Fixture f;
    REQUIRE(f.add("bars_clerk", "Bars-clerk-pass-2025!\r\n").code == 0);
    const Run r = cli({"users", "list", "--db", f.tmp.path()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const json out = json::parse(r.out);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["username"] == "bars_clerk");
    CHECK(out[0]["active"] == true);
    CHECK(r.out.find("argon2") == std::string::npos);
    CHECK(r.out.find("hash") == std::string::npos);
}

TEST_CASE("users add fails on stderr with a non-zero exit and prints nothing on stdout") {
    Fixture f;
    struct Row {
        const char* name;
        Run run;
        int code;
        const char* says;
    };
    const Row rows[] = {
        {"short password", f.add("bars_clerk", "short\n"), 1, "password_too_short"},
        {"no password", f.add("bars_clerk", ""), 1, "password_required"},
        {"unknown agency", f.add("bars_clerk", "Bars-clerk-pass-2025!\n", "999.99.99.H99"), 1, "unknown_agency"},
        {"bad username", f.add("Bars Clerk", "Bars-clerk-pass-2025!\n"), 1, "invalid_username"},
        {"bad role", cli({"users", "add", "--db", f.tmp.path(), "--username", "x_clerk", "--role", "boss", "--agency",
                          kAgency},
                         "Bars-clerk-pass-2025!\n"),
         1, "role"},
        {"no username", cli({"users", "add", "--db", f.tmp.path(), "--role", "clerk", "--agency", kAgency}), 2,
         "--username"},
        {"no database", cli({"users", "add", "--db", "/nonexistent/motcua.db", "--username", "x_clerk", "--role",
                             "clerk", "--agency", kAgency},
                            "Bars-clerk-pass-2025!\n"),
         1, "database_not_found"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        CHECK(row.run.code == row.code);
        CHECK(row.run.out.empty());
        CHECK_MESSAGE(row.run.err.find(row.says) != std::string::npos, row.run.err);
    }
    REQUIRE(f.add("bars_clerk", "Bars-clerk-pass-2025!\n").code == 0);
    const Run again = f.add("bars_clerk", "Bars-clerk-pass-2025!\n");
    CHECK(again.code == 1);
    CHECK(again.err.find("username_taken") != std::string::npos);
}
