#include "http/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <nlohmann/json.hpp>

#include "http/error_response.hpp"
#include "http/json_response.hpp"
#include "http/url.hpp"

namespace motcua::http {

namespace fs = std::filesystem;

namespace {

Response not_found(const Request& req) {
    return error_response(core::Error{core::ErrorKind::not_found, "not_found", "not found", {}}, req);
}

/// True when `path` is `root` or lies below it. Both must be canonical; components are compared, not characters,
/// so /srv/web-old is not inside /srv/web.
bool is_within(const fs::path& root, const fs::path& path) {
    const auto [root_end, path_pos] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    (void)path_pos;
    return root_end == root.end();
}

/// The relative path a request target names, or nullopt when the target is refused (see the class comment).
std::optional<fs::path> relative_path_of(std::string_view target) {
    const auto raw = path_of(target);
    if (raw.empty() || raw.front() != '/') return std::nullopt;
    const auto decoded = percent_decode(raw, false);
    if (!decoded || decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
        return std::nullopt;
    }
    fs::path relative;
    std::string_view rest = *decoded;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (segment.empty()) continue;           // "//" and the leading '/': never an absolute path
        if (segment.front() == '.') return std::nullopt;  // "..", "." and dot-files
        relative /= fs::path(std::string(segment));
    }
    return relative;
}

/// The canonical path of an existing entry below `root`, or nullopt.
std::optional<fs::path> canonical_within(const fs::path& root, const fs::path& path) {
    std::error_code ec;
    auto canonical = fs::canonical(path, ec);
    if (ec || !is_within(root, canonical)) return std::nullopt;
    return canonical;
}

std::string lower_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return text;
}

}  // namespace

std::string_view content_type_for(const fs::path& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json; charset=utf-8"},
    }};
    const std::string extension = lower_ascii(file.extension().string());
    for (const auto& [ext, type] : kTypes) {
        if (ext == extension) return type;
    }
    return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec || !fs::is_directory(root_, ec)) {
        throw std::runtime_error("web root '" + root.string() + "' is not a directory");
    }
}

Response StaticFiles::serve(const Request& req) const {
    // Methods: files are read, never written.
    if (req.method() != Verb::get && req.method() != Verb::head) {
        Response res = json_response(beast_http::status::method_not_allowed,
                                     error_body("method_not_allowed", "static files accept GET and HEAD"), req);
        res.set(beast_http::field::allow, "GET, HEAD");
        return res;
    }

    // The path must name something below the root, first by its text, then by where it really leads.
    const auto relative = relative_path_of(req.target());
    if (!relative) return not_found(req);
    auto file = canonical_within(root_, root_ / *relative);
    if (!file) return not_found(req);
    std::error_code ec;
    if (fs::is_directory(*file, ec)) {
        file = canonical_within(root_, *file / "index.html");
        if (!file) return not_found(req);
    }
    if (!fs::is_regular_file(*file, ec)) return not_found(req);

    // Read the file. One that vanished or became unreadable since the checks is simply not found.
    std::ifstream in(*file, std::ios::binary);
    if (!in) return not_found(req);
    std::string body;
    if (req.method() == Verb::get) {
        body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) return not_found(req);
    }

    Response res{beast_http::status::ok, req.version()};
    res.keep_alive(req.keep_alive());
    const auto type = content_type_for(*file);
    res.set(beast_http::field::content_type, type);
    if (type.starts_with("text/html")) res.set(beast_http::field::cache_control, "no-cache");
    if (req.method() == Verb::head) {
        const auto size = fs::file_size(*file, ec);
        if (ec) return not_found(req);
        res.content_length(size);
    } else {
        res.body() = std::move(body);
        res.prepare_payload();
    }
    return res;
}

}  // namespace motcua::http
