#pragma once
// XLSX downloads of report rows, written by libxlsxwriter (Debian libxlsxwriter-dev). Columns declared numeric are
// written as numbers, so a spreadsheet can sum them; everything else is text.
#include <string>
#include <vector>

#include "http/csv.hpp"

namespace motcua::http {

/// Which columns hold numbers (written as numeric cells); every other column is text, so codes like "1.004220"
/// keep their digits.
using NumericColumns = std::vector<bool>;

/// The bytes of a one-sheet workbook. Throws std::runtime_error if the library cannot write it.
[[nodiscard]] std::string to_xlsx(const std::string& sheet, const CsvRow& header, const std::vector<CsvRow>& rows,
                                  const NumericColumns& numeric = {});

enum class TableFormat { csv, xlsx };

/// A download of `rows` as CSV or XLSX: `<basename>.csv` or `<basename>.xlsx`, as an attachment.
[[nodiscard]] Response table_response(TableFormat format, const std::string& basename, const CsvRow& header,
                                      const std::vector<CsvRow>& rows, const Request& req,
                                      const NumericColumns& numeric = {});

}  // namespace motcua::http
