#pragma once
// Pieces of a request target (RFC 3986): the path, the query string, percent-decoding. Pure functions on strings.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::http {

/// One decoded `name=value` pair of a query string, in the order it appeared.
using QueryItem = std::pair<std::string, std::string>;

/// The path part of a request target: everything before the first '?' (and before any '#').
[[nodiscard]] std::string_view path_of(std::string_view target) noexcept;

/// The query part of a request target: everything after the first '?', without it; empty when there is none.
[[nodiscard]] std::string_view query_of(std::string_view target) noexcept;

/// Decodes %XX escapes. With `plus_is_space` (query strings, form encoding) '+' becomes ' '; in paths '+' is
/// kept. Returns nullopt for a malformed escape ("%", "%4", "%zz"). The result may contain any byte, NUL
/// included: callers decide what they accept.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// Splits a query string on '&' and each item on its first '=', decoding names and values ('+' is a space).
/// Empty items ("a=1&&b=2") are skipped; an item without '=' has an empty value. Returns nullopt when an item
/// has a malformed escape, or decodes to a NUL byte or to invalid UTF-8.
[[nodiscard]] std::optional<std::vector<QueryItem>> parse_query(std::string_view query);

}  // namespace motcua::http
