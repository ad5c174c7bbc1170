// A city's own workbook given back with the problems found in it marked: every
// cell of every sheet as it was sent, each problem cell filled (error: light
// red, warning: light yellow) with a comment "[错误] 字段: message (code)", and a
// last sheet 问题清单 listing every problem of the file (with or without a cell).
//
// What is kept: the sheets in their order, with their names (an invalid or
// repeated name is made valid) and hidden state; each cell's position, value
// and type — strings stay strings (a credit code never becomes a number, "=…"
// never becomes a formula), numbers stay numbers, booleans booleans, dates are
// date-formatted serials (or their ISO text when Excel cannot hold them),
// errors (#N/A) become their text; merged ranges. What is not: the original
// formatting (fonts, fills, borders, number formats other than dates, column
// widths and row heights — these are set from the content), formulas (their
// cached values are kept), pictures and form controls (a check box becomes a
// comment saying whether it was ticked), and a number's 17th significant digit
// (libxlsxwriter writes 16). Characters XML cannot hold (NUL, U+FFFE, U+FFFF)
// become U+FFFD. A problem on a range or inside a merged range marks the
// range's first cell.
//
// Errors: nullopt with a Chinese reason (for the city's page) when the file
// cannot be marked: refused when imported, the project's XML submission
// format, unreadable, more than kMaxMarkedCells cells, a cell Excel cannot
// hold. marked_workbook() throws db::DbError when the database fails, and
// does not check who may see the file (db/upload_blob.h: StoredFile::city).
// Thread-safety: each call owns its workbook and temporary file (in $TMPDIR or
// /tmp, removed before returning); calls may run at once on different
// Databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "forms/problem.h"
#include "importers/byte_source.h"

namespace ipsurvey::collector {

constexpr uint64_t kMaxMarkedCells = 2'000'000;            // non-empty cells in the workbook
constexpr uint64_t kMaxMarkedUploadBytes = 64ull << 20;    // the stored upload holding it

struct MarkedWorkbook {
  std::string file_name;  // e.g. "a（问题标注）.xlsx"
  std::string bytes;      // the XLSX
};

// The stored file `file_id` (upload_files.id) marked with its stored problems
// (for a duplicate: those stored with its first copy).
std::optional<MarkedWorkbook> marked_workbook(db::Database& db, int64_t file_id, std::string* reason);

// The pure part: `workbook` (xlsx/xlsm or Excel 2003 XML) marked with
// `problems` (their sheet and cell name the places), as XLSX bytes.
std::optional<std::string> mark_workbook(const importers::ByteSource& workbook, const std::vector<Problem>& problems,
                                         std::string* reason);

// "batch.zip/a.xlsx" -> "a（问题标注）.xlsx".
std::string marked_file_name(const std::string& stored_name);

}  // namespace ipsurvey::collector
