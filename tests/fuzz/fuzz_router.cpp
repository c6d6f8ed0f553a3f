// libFuzzer target: arbitrary requests through the production router (app::Application on a demo database),
// JSON decoding included.
//
// Input layout: byte 0 chooses the method (bits 0-2) and whether the request carries the demo clerk's session and
// CSRF token (bit 3) or the supervisor's (bit 4); then the target up to the first '\n'; then optional header lines
// "Name: value" up to an empty line; the rest is the body. Every answer must be a complete HTTP response: a status
// below 500 (a 500 is a bug: an exception escaped a handler), a JSON body for /api/ paths, and the security headers.
#include <cstdint>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "app/cli.hpp"
#include "app/system_clock.hpp"

using namespace motcua;

namespace {

struct World {
    std::filesystem::path dir;
    app::SystemClock clock;
    std::unique_ptr<app::Application> application;
    std::string clerk_cookie, clerk_csrf, supervisor_cookie, supervisor_csrf;
};

[[noreturn]] void die(const std::string& why) {
    std::cerr << "fuzz_router: " << why << "\n";
    std::abort();
}

// Logs in through the router itself (once per account: Argon2 is deliberately slow).
void login(const http::Router& router, const std::string& user, const std::string& password, std::string& cookie,
           std::string& csrf) {
    http::Request req{http::Verb::post, "/api/v1/auth/login", 11};
    req.set(http::beast_http::field::content_type, "application/json");
    req.body() = nlohmann::json{{"username", user}, {"password", password}}.dump();
    req.prepare_payload();
    const http::Response res = router.route(req);
    if (res.result_int() != 200) die("login as " + user + " failed: " + res.body());
    const std::string set_cookie(res[http::beast_http::field::set_cookie]);
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = nlohmann::json::parse(res.body()).at("csrf_token").get<std::string>();
}

World& world() {
    static World* w = [] {
        auto* made = new World;
        // tmpfs when there is one: the database is written on every POST and fsync would dominate.
        const std::filesystem::path base =
            std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
        made->dir = base / ("motcua-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(made->dir / "web");
        std::ofstream(made->dir / "web" / "index.html") << "<!doctype html><title>fuzz</title>\n";
        const std::string db = (made->dir / "fuzz.db").string();
        std::ostringstream out, err;
        std::istringstream in;
        const std::vector<std::string_view> args{"demo", "--db", db, "--dossiers", "30", "--seed", "7"};
        if (app::run_cli(args, {out, err, in}) != 0) die("demo database: " + err.str());
        made->application = std::make_unique<app::Application>(db, made->dir / "web", made->clock);
        login(made->application->router(), "demo.clerk", "Demo-Clerk-2026!", made->clerk_cookie, made->clerk_csrf);
        login(made->application->router(), "demo.supervisor", "Demo-Supervisor-2026!", made->supervisor_cookie,
              made->supervisor_csrf);
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(world().dir, ignored);
        });
        return made;
    }();
    return *w;
}

constexpr http::Verb kVerbs[] = {http::Verb::get,    http::Verb::post,    http::Verb::head, http::Verb::put,
                                 http::Verb::delete_, http::Verb::patch, http::Verb::options, http::Verb::get};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    world();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    World& w = world();
    const std::uint8_t flags = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto newline = rest.find('\n');
    std::string target(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    if (target.empty() || target.size() > 4096) return 0;
    if (target.front() != '/') target.insert(target.begin(), '/');
    // Logging in runs Argon2 (64 MiB, on purpose slow): keep the fuzzer on everything else.
    if (target.find("/auth/login") != std::string::npos) return 0;

    http::Request req;
    req.method(kVerbs[flags & 7]);
    try {
        req.target(target);
    } catch (const std::exception&) {
        return 0;  // Beast refuses bytes a request line cannot hold; the server's parser never delivers them
    }
    req.version(11);
    req.set(http::beast_http::field::host, "127.0.0.1");
    req.set(http::beast_http::field::content_type, "application/json");
    // Header lines, until an empty one.
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        if (line.empty()) break;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        try {
            req.set(line.substr(0, colon), line.substr(colon + 1));
        } catch (const std::exception&) {
            return 0;
        }
    }
    if (flags & 8) {
        req.set(http::beast_http::field::cookie, w.clerk_cookie);
        req.set("X-CSRF-Token", w.clerk_csrf);
    } else if (flags & 16) {
        req.set(http::beast_http::field::cookie, w.supervisor_cookie);
        req.set("X-CSRF-Token", w.supervisor_csrf);
    }
    req.body() = std::string(rest);
    req.prepare_payload();

    const http::Response res = w.application->router().route(req);
    if (res.result_int() >= 500) die("status " + std::to_string(res.result_int()) + " for " + target + ": " + res.body());
    if (res["X-Content-Type-Options"] != "nosniff") die("no nosniff header for " + target);
    if (res.find("Content-Security-Policy") == res.end()) die("no CSP for " + target);
    const auto type = res[http::beast_http::field::content_type];
    if (req.method() != http::Verb::head && type.starts_with("application/json") &&
        nlohmann::json::accept(res.body()) == false)
        die("a JSON answer that is not JSON for " + target);
    return 0;
}
