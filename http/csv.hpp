#pragma once
// CSV downloads of report rows (RFC 4180: CRLF lines, fields quoted when they hold a comma, quote or line break),
// UTF-8 with a byte-order mark so that spreadsheet programs read Vietnamese text correctly.
#include <string>
#include <vector>

#include "http/message.hpp"

namespace motcua::http {

using CsvRow = std::vector<std::string>;

[[nodiscard]] std::string to_csv(const CsvRow& header, const std::vector<CsvRow>& rows);
/// 200 text/csv with Content-Disposition: attachment; filename="<filename>".
[[nodiscard]] Response csv_response(const CsvRow& header, const std::vector<CsvRow>& rows, const std::string& filename,
                                    const Request& req);

}  // namespace motcua::http
