#include "http/csv.hpp"

namespace motcua::http {
namespace {

void put(std::string& out, const std::string& field) {
    // A leading = + - @ would make a spreadsheet evaluate the cell: prefix it so text stays text (CSV injection).
    const bool formula = !field.empty() &&
                         (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' || field[0] == '\t' ||
                          field[0] == '\r') &&
                         field.find_first_not_of("0123456789.-") != std::string::npos;
    const std::string value = formula ? "'" + field : field;
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        out += value;
        return;
    }
    out += '"';
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void line(std::string& out, const CsvRow& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) out += ',';
        put(out, row[i]);
    }
    out += "\r\n";
}

}  // namespace

std::string to_csv(const CsvRow& header, const std::vector<CsvRow>& rows) {
    std::string out = "\xEF\xBB\xBF";
    line(out, header);
    for (const CsvRow& r : rows) line(out, r);
    return out;
}

Response csv_response(const CsvRow& header, const std::vector<CsvRow>& rows, const std::string& filename,
                      const Request& req) {
    Response res{beast_http::status::ok, req.version()};
    res.set(beast_http::field::content_type, "text/csv; charset=utf-8");
    res.set(beast_http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
    res.keep_alive(req.keep_alive());
    res.body() = to_csv(header, rows);
    res.prepare_payload();
    return res;
}

}  // namespace motcua::http
