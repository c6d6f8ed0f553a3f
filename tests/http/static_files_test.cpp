#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "http/static_files.hpp"
#include "http_test_support.hpp"

using namespace motcua::http;
using motcua::http::test::json_of;
using motcua::http::test::make_request;
using motcua::http::test::TempDir;

namespace fs = std::filesystem;

namespace {

/// tmp/secret.txt beside a web root tmp/web with one file of each served type, a subdirectory with an index, a
/// directory without one, dot-files, and symlinks leading inside and outside the root.
struct WebRoot {
    TempDir tmp;
    fs::path web = tmp.path() / "web";

    WebRoot() {
        tmp.write("secret.txt", "root:x:0:0");
        tmp.write("outside/secret.txt", "root:x:0:0");
        for (const char* name : {"style.css", "app.js", "mod.mjs", "data.json", "icon.svg", "logo.png", "favicon.ico",
                                 "font.woff2", "robots.txt", "site.webmanifest", "UPPER.HTML", "blob.bin"}) {
            tmp.write(fs::path("web") / name, std::string("content of ") + name);
        }
        tmp.write("web/index.html", "<!doctype html><title>root</title>");
        tmp.write("web/guide/index.html", "<!doctype html><title>guide</title>");
        tmp.write("web/.env", "SECRET=1");
        tmp.write("web/.git/config", "[core]");
        fs::create_directories(web / "empty");
        fs::create_symlink(tmp.path() / "secret.txt", web / "escape.txt");
        fs::create_directory_symlink(tmp.path() / "outside", web / "escape-dir");
        fs::create_symlink(web / "robots.txt", web / "alias.txt");
    }
};

}  // namespace

TEST_CASE("StaticFiles serves / and directories with their index.html, uncached" * doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    for (const char* target : {"/", "/index.html", "/?v=2"}) {
        CAPTURE(target);
        const auto res = files.serve(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::ok);
        CHECK(res.body() == "<!doctype html><title>root</title>");
        CHECK(res[beast_http::field::content_type] == "text/html; charset=utf-8");
        CHECK(res[beast_http::field::cache_control] == "no-cache");
    }
    for (const char* target : {"/guide", "/guide/", "/guide//"}) {
        CAPTURE(target);
        CHECK(files.serve(make_request(Verb::get, target)).body() == "<!doctype html><title>guide</title>");
    }
    CHECK(files.serve(make_request(Verb::get, "/empty/")).result() == beast_http::status::not_found);
}

TEST_CASE("StaticFiles sends the content type of each served extension" * doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    const std::pair<const char*, const char*> cases[] = {
        {"/style.css", "text/css; charset=utf-8"},
        {"/app.js", "text/javascript; charset=utf-8"},
        {"/mod.mjs", "text/javascript; charset=utf-8"},
        {"/data.json", "application/json; charset=utf-8"},
        {"/icon.svg", "image/svg+xml"},
        {"/logo.png", "image/png"},
        {"/favicon.ico", "image/x-icon"},
        {"/font.woff2", "font/woff2"},
        {"/robots.txt", "text/plain; charset=utf-8"},
        {"/site.webmanifest", "application/manifest+json; charset=utf-8"},
        {"/UPPER.HTML", "text/html; charset=utf-8"},
        {"/blob.bin", "application/octet-stream"},
    };
    for (const auto& [target, type] : cases) {
        CAPTURE(target);
        const auto res = files.serve(make_request(Verb::get, target));
        REQUIRE(res.result() == beast_http::status::ok);
        CHECK(res[beast_http::field::content_type] == type);
        CHECK(res.body() == std::string("content of ") + (target + 1));
        CHECK(res[beast_http::field::content_length] == std::to_string(res.body().size()));
    }
    const auto css = files.serve(make_request(Verb::get, "/style.css"));
    CHECK(css.find(beast_http::field::cache_control) == css.end());
}

TEST_CASE("StaticFiles answers HEAD with the file's length and no body" * doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    const auto res = files.serve(make_request(Verb::head, "/style.css"));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(res.body().empty());
    CHECK(res[beast_http::field::content_length] == std::to_string(std::string("content of style.css").size()));
    CHECK(res[beast_http::field::content_type] == "text/css; charset=utf-8");
}

TEST_CASE("StaticFiles refuses every method but GET and HEAD with 405" * doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    for (const auto verb : {Verb::post, Verb::put, Verb::delete_, Verb::patch, Verb::options}) {
        CAPTURE(beast_http::to_string(verb));
        const auto res = files.serve(make_request(verb, "/index.html"));
        CHECK(res.result() == beast_http::status::method_not_allowed);
        CHECK(res[beast_http::field::allow] == "GET, HEAD");
        CHECK(json_of(res)["error"]["code"] == "method_not_allowed");
    }
}

TEST_CASE("StaticFiles answers 404 to every attempt to leave the root or read hidden files" *
          doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    for (const char* target : {
             "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
             "/guide/../../secret.txt", "/guide/%2e%2e/%2e%2e/secret.txt", "/./index.html", "/..\\secret.txt",
             "/%5c..%5csecret.txt", "/robots.txt%00.html", "/robots.txt%00", "//etc/passwd", "/%2Fetc%2Fpasswd",
             "/escape.txt", "/escape-dir/secret.txt", "/.env", "/.git/config", "/%2egit/config", "/%zz",
             "/missing.html", "relative.html", "*"}) {
        CAPTURE(target);
        const auto res = files.serve(make_request(Verb::get, target));
        CHECK(res.result() == beast_http::status::not_found);
        CHECK(res.body().find("root:") == std::string::npos);
        CHECK(json_of(res)["error"]["code"] == "not_found");
    }
}

TEST_CASE("StaticFiles follows a symlink that stays inside the root" * doctest::test_suite("http")) {
    WebRoot root;
    const StaticFiles files(root.web);
    const auto res = files.serve(make_request(Verb::get, "/alias.txt"));
    CHECK(res.result() == beast_http::status::ok);
    CHECK(res.body() == "content of robots.txt");
}

TEST_CASE("StaticFiles refuses a root that is not a directory" * doctest::test_suite("http")) {
    WebRoot root;
    CHECK_THROWS_AS(StaticFiles(root.tmp.path() / "missing"), std::runtime_error);
    CHECK_THROWS_AS(StaticFiles(root.tmp.path() / "secret.txt"), std::runtime_error);
}

TEST_CASE("The shipped web root serves a Vietnamese index page and nothing above it" * doctest::test_suite("http")) {
    const StaticFiles files(fs::path(MOTCUA_SOURCE_DIR) / "web");
    const auto index = files.serve(make_request(Verb::get, "/"));
    REQUIRE(index.result() == beast_http::status::ok);
    CHECK(index.body().find("lang=\"vi\"") != std::string::npos);
    CHECK(index.body().find("<script>") == std::string::npos);  // CSP refuses inline scripts
    CHECK(index.body().find("style=") == std::string::npos);    // and inline styles
    CHECK(files.serve(make_request(Verb::get, "/style.css")).result() == beast_http::status::ok);
    for (const char* target : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt",
                               "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.git/config"}) {
        CAPTURE(target);
        CHECK(files.serve(make_request(Verb::get, target)).result() == beast_http::status::not_found);
    }
}

TEST_CASE("content_type_for falls back to application/octet-stream" * doctest::test_suite("http")) {
    CHECK(content_type_for("a/b/c.Css") == "text/css; charset=utf-8");
    CHECK(content_type_for("noext") == "application/octet-stream");
    CHECK(content_type_for("archive.tar.gz") == "application/octet-stream");
}
