#include "http/response_head.hpp"

namespace motcua::http {

void write_response_head(const Response& res, std::string& out) {
    const unsigned version = res.version();
    const unsigned code = res.result_int();
    const char line[13] = {'H',
                           'T',
                           'T',
                           'P',
                           '/',
                           static_cast<char>('0' + version / 10),
                           '.',
                           static_cast<char>('0' + version % 10),
                           ' ',
                           static_cast<char>('0' + code / 100),
                           static_cast<char>('0' + (code / 10) % 10),
                           static_cast<char>('0' + code % 10),
                           ' '};
    out.assign(line, sizeof line);
    const auto reason = res.reason();
    out += reason.empty() ? beast_http::obsolete_reason(static_cast<beast_http::status>(code)) : reason;
    out += "\r\n";
    for (const auto& field : res) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
}

}  // namespace motcua::http
