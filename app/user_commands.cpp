#include <cstdlib>
#include <istream>
#include <string>

#include "app/args.hpp"
#include "app/calendar_source.hpp"
#include "app/commands.hpp"
#include "app/system_clock.hpp"
#include "core/auth_service.hpp"
#include "http/sodium_crypto.hpp"
#include "storage/user_store.hpp"

namespace motcua::app {
namespace {

using nlohmann::json;

constexpr const char* kUsersAddUsage =
    "usage: motcua users add --db PATH --username U --role R --agency CODE [--name \"Display Name\"] "
    "[--actor NAME]   (password: first line of stdin)";

// The audit actor of an administrative command: --actor, else the login name, else "admin".
std::string actor_of(const Args& args) {
    const char* user = std::getenv("USER");
    return args.option("actor").value_or(user != nullptr && *user != '\0' ? user : "admin");
}

// The first line of `in`, without its line ending; an empty line is an empty password (refused by the policy).
core::Result<std::string> read_password(std::istream& in) {
    std::string line;
    if (!std::getline(in, line))
        return core::fail(core::ErrorKind::invalid_argument, "give the password as the first line of stdin",
                          "password", "password_required");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

/// Creates a staff account. The password comes from stdin so that it never shows in `ps` or the shell history.
core::Result<json> users_add(CommandArgs argv, CliIo io) {
    auto args = Args::parse(argv, {{"db", "username", "role", "agency", "name", "actor"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty()) return tl::unexpected(usage_error(kUsersAddUsage));
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto username = args->required("username");
    if (!username) return tl::unexpected(username.error());
    auto role_text = args->required("role");
    if (!role_text) return tl::unexpected(role_text.error());
    auto role = core::parse_role(*role_text, "role");
    if (!role) return tl::unexpected(role.error());
    auto agency = args->required("agency");
    if (!agency) return tl::unexpected(agency.error());
    auto password = read_password(io.in);
    if (!password) return tl::unexpected(password.error());

    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    storage::SqliteUserStore store(**db);
    http::SodiumCrypto crypto;
    SystemClock clock;
    core::AuthService auth(store, crypto, clock);
    core::User user;
    user.username = *username;
    user.display_name = args->option("name").value_or("");
    user.role = *role;
    user.agency = *agency;
    auto added = auth.add_user(std::move(user), *password, actor_of(*args));
    if (!added) return tl::unexpected(added.error());
    return json{{"id", added->id}, {"username", added->username}, {"role", core::to_string(added->role)},
                {"agency", added->agency}};
}

/// Every staff account, without password hashes.
core::Result<json> users_list(CommandArgs argv) {
    auto args = Args::parse(argv, {{"db"}, {}});
    if (!args) return tl::unexpected(args.error());
    if (!args->positional().empty()) return tl::unexpected(usage_error("usage: motcua users list --db PATH"));
    auto path = args->required("db");
    if (!path) return tl::unexpected(path.error());
    auto db = open_existing_database(*path);
    if (!db) return tl::unexpected(db.error());
    storage::SqliteUserStore store(**db);
    json out = json::array();
    for (const core::User& u : store.list())
        out.push_back(json{{"id", u.id},
                           {"username", u.username},
                           {"display_name", u.display_name},
                           {"role", core::to_string(u.role)},
                           {"agency", u.agency},
                           {"active", u.active}});
    return out;
}

}  // namespace motcua::app
