#include "http/xlsx.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <xlsxwriter.h>

namespace motcua::http {
namespace {

// A finite decimal number ("12", "-3", "4.25"); "inf", "nan" and anything else stay text.
bool is_number(const std::string& s, double& value) {
    if (s.empty() || s.size() > 32 || s.find_first_not_of("0123456789.-") != std::string::npos) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size();
}

std::filesystem::path temp_path() {
    std::random_device rd;
    return std::filesystem::temp_directory_path() /
           ("motcua-" + std::to_string(rd()) + std::to_string(rd()) + ".xlsx");
}

}  // namespace

std::string to_xlsx(const std::string& sheet, const CsvRow& header, const std::vector<CsvRow>& rows,
                    const NumericColumns& numeric) {
    // libxlsxwriter writes files; the workbook goes through a private temporary file that is always removed.
    const std::filesystem::path path = temp_path();
    struct Remove {
        std::filesystem::path p;
        ~Remove() {
            std::error_code ignored;
            std::filesystem::remove(p, ignored);
        }
    } cleanup{path};
    lxw_workbook* wb = workbook_new(path.c_str());
    if (wb == nullptr) throw std::runtime_error("cannot create a workbook");
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.substr(0, 31).c_str());
    if (ws == nullptr) {
        workbook_close(wb);
        throw std::runtime_error("cannot add a worksheet");
    }
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (std::size_t c = 0; c < header.size(); ++c)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            const auto col = static_cast<lxw_col_t>(c);
            double value = 0;
            const bool is_numeric_column = c < numeric.size() && numeric[c];
            if (is_numeric_column && is_number(rows[r][c], value)) worksheet_write_number(ws, row, col, value, nullptr);
            else worksheet_write_string(ws, row, col, rows[r][c].c_str(), nullptr);
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("cannot write the workbook");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in || bytes.str().empty()) throw std::runtime_error("cannot read the workbook back");
    return bytes.str();
}

Response table_response(TableFormat format, const std::string& basename, const CsvRow& header,
                        const std::vector<CsvRow>& rows, const Request& req, const NumericColumns& numeric) {
    if (format == TableFormat::csv) return csv_response(header, rows, basename + ".csv", req);
    Response res{beast_http::status::ok, req.version()};
    res.set(beast_http::field::content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set(beast_http::field::content_disposition, "attachment; filename=\"" + basename + ".xlsx\"");
    res.keep_alive(req.keep_alive());
    res.body() = to_xlsx(basename, header, rows, numeric);
    res.prepare_payload();
    return res;
}

}  // namespace motcua::http
