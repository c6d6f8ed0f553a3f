#pragma once
// The web root: files served from disk, below one directory and nowhere else.
#include <filesystem>
#include <string_view>

#include "http/message.hpp"

namespace motcua::http {

/// The Content-Type for a file, from its extension (case-insensitive): html, css, js, mjs, json, svg, png, ico,
/// woff2, txt, webmanifest; text types carry "; charset=utf-8". Anything else is application/octet-stream.
[[nodiscard]] std::string_view content_type_for(const std::filesystem::path& file);

/// Serves the files below a root directory.
///
/// Guards, in the order they apply:
///  - only GET and HEAD (anything else: 405 with "Allow: GET, HEAD");
///  - the path (target without query) must be absolute and percent-decode ('+' stays '+') to text without NUL
///    or backslash, and no segment may be "..", "." or start with '.' (no dot-files such as .git): else 404;
///  - the file's canonical path (symlinks resolved) must lie below the canonical root: else 404, so a symlink
///    cannot lead out of the root;
///  - "/" and directories are answered with their index.html (no redirect); a directory without one is 404;
///  - anything that is not a regular file is 404.
/// HTML is sent with "Cache-Control: no-cache". A HEAD answer has the Content-Length of the file and no body.
/// Errors use the JSON error body (error_response.hpp).
///
/// @par Thread Safety
/// serve is const and touches only the file system; call it from any thread.
class StaticFiles final {
public:
    /// Throws std::runtime_error when `root` is not an existing directory.
    explicit StaticFiles(const std::filesystem::path& root);

    /// The canonical root directory.
    [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

    /// Answers a request for a file below the root.
    [[nodiscard]] Response serve(const Request& req) const;

private:
    std::filesystem::path root_;
};

}  // namespace motcua::http
