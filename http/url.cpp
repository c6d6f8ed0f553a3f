#include "http/url.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace motcua::http {

namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string_view path_of(std::string_view target) noexcept {
    return target.substr(0, target.find_first_of("?#"));
}

std::string_view query_of(std::string_view target) noexcept {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    const auto rest = target.substr(question + 1);
    return rest.substr(0, rest.find('#'));
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (text.size() - i < 3) return std::nullopt;
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out.push_back(static_cast<char>(static_cast<unsigned char>(high * 16 + low)));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code_point = lead & 0x1Fu;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code_point = lead & 0x0Fu;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code_point = lead & 0x07u;
        } else {
            return false;  // a continuation byte, an overlong two-byte lead (C0, C1) or F5..FF
        }
        if (text.size() - i < length) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<std::uint8_t>(text[i + k]);
            if ((next & 0xC0u) != 0x80u) return false;
            code_point = (code_point << 6) | (next & 0x3Fu);
        }
        // Overlong three- and four-byte forms, UTF-16 surrogates, and code points past U+10FFFF.
        if (length == 3 && (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF))) return false;
        if (length == 4 && (code_point < 0x10000 || code_point > 0x10FFFF)) return false;
        i += length;
    }
    return true;
}

std::optional<std::vector<QueryItem>> parse_query(std::string_view query) {
    std::vector<QueryItem> items;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty()) continue;
        const auto eq = item.find('=');
        auto name = percent_decode(item.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1), true);
        if (!name || !value) return std::nullopt;
        for (const auto* part : {&*name, &*value}) {
            if (part->find('\0') != std::string::npos || !is_valid_utf8(*part)) return std::nullopt;
        }
        items.emplace_back(std::move(*name), std::move(*value));
    }
    return items;
}

}  // namespace motcua::http
