// One table, four formats: the shared writer behind `roster`, `export`, `ledger`
// and the province summary (interface.md, "Exports for banks").
//
// A table is a title (the sheet name), typed columns and rows of cells. Callers
// either fill a `Table` and call write_table(), or, for long lists (a bank list
// may have 100,000 rows), stream: make_table_writer(), begin(header), row() per
// database row, finish(). Every writer streams: memory does not grow with the
// number of rows (text keeps its first kMeasureRows rows to measure the columns).
//
// Formats:
// - text: aligned columns for a terminal; a CJK character counts 2 columns
//   (display_width.h); an optional title line, the header, a rule of '-', the
//   rows; numbers right-aligned; control characters (ESC, CR, LF, C1 included)
//   and bidirectional controls shown as spaces, so a value can neither drive
//   the terminal nor break a line. Widths come from the header and the first
//   kMeasureRows rows (padded to at most kTextMaxWidth; a longer value is
//   printed whole and pushes the rest of its row).
// - csv: RFC 4180; UTF-8 with a byte-order mark (Excel then reads Chinese text);
//   CRLF line ends; a field is quoted when it holds `,` `"` CR or LF. A text
//   value that starts with `=` `+` `-` `@`, tab or CR gets a leading `'` (OWASP
//   "CSV injection"), so it cannot become a formula; number cells are written
//   plainly (`-5`). No title line. Note that a CSV has no types: Excel, opening
//   it, may still show a long digit string such as 911301001234567890 as a
//   number; the xlsx export is the one that keeps codes as text.
// - json: {"title": ..., "columns": [{"header": ..., "kind": ...}],
//   "rows": [[cell, ...], ...]}; a cell is null, a string or a number.
// - xlsx (libxlsxwriter, constant-memory mode): one sheet named after the title;
//   a bold, frozen header row; an autofilter over header and data; column
//   widths from the width hint, else the longest of the header and the first
//   kMeasureRows rows (CJK counted double, capped at kXlsxMaxWidth). Text, Code,
//   YesBlank cells are strings in cells formatted "@" (text): a credit code or a
//   phone is never a number and "=1+1" stays a string (libxlsxwriter writes no
//   formula for a string). A Date cell holding a full ISO date "YYYY-MM-DD" is an
//   Excel date shown yyyy-mm-dd; any other date text (e.g. "2022-04") a string.
//   Text that a reader would decode as an escape (`_x0041_`) is escaped so it
//   comes back as written; NUL, U+FFFE and U+FFFF (not XML) become U+FFFD.
//   Excel's limits are errors: 1,048,576 rows, 16,384 columns, 32,767
//   characters in a cell. The sheet name is the title made valid (no []:*?/\,
//   at most 31 characters, "Sheet1" when empty).
//
// Values:
// - A number in a Text, Code, Date or YesBlank column is written as its text
//   (shortest form that reads back exactly; whole numbers without a point).
// - A string in a Number or Integer column is written as text (and so, in CSV,
//   protected against injection like any text).
// - A non-finite number (NaN, infinity) is written as an empty cell.
// - Invalid UTF-8 in a string is written as U+FFFD.
// - A row may have fewer cells than columns (the rest are empty); more is an
//   error.
//
// Output: to a file when `path` is non-empty, else to `*out`. A file is written
// under a temporary name in the same directory and renamed over `path` only by
// a successful finish(); on an error, or when the writer is destroyed before
// finish(), the temporary file is removed and `path` is left as it was (a
// `path` that is a device or a pipe, e.g. /dev/stdout, is written directly). To a
// stream, text/csv/json rows are written as they arrive (an error leaves what
// was written); xlsx is built in a temporary file (in $TMPDIR, else /tmp) and
// copied to the stream by finish(). The commands may still refuse
// `--format xlsx` without `-o` when stdout is a terminal; that is their choice.
// libxlsxwriter's own temporary files go to the output file's directory (to
// $TMPDIR, else /tmp, for a stream).
//
// Errors: begin(), row() and finish() return false on the first error (an I/O
// error, a limit, a misuse such as row() before begin()); error() then holds one
// Chinese sentence, and every later call returns false. Nothing throws for bad
// values or I/O.
//
// Ownership and threads: a writer does not own `*out`, which must outlive it;
// a writer is used by one thread at a time; distinct writers may run in
// parallel threads.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ipsurvey::collector {

enum class ColumnKind {
  Text,      // free text
  Code,      // credit codes, phones, document numbers: always text, never a number
  Number,    // amounts, ratios
  Integer,   // counts, years
  Date,      // an ISO date string ("2022-04-08"; "2022-04" for a month)
  YesBlank,  // 是 or empty: one column per multi-choice option
};

const char* column_kind_name(ColumnKind kind);  // "text", "code", "number", ...

struct Column {
  std::string header;
  ColumnKind kind = ColumnKind::Text;
  double width_hint = 0;  // xlsx column width in characters; 0: measure (text always measures)
};

// A cell: empty, a string (UTF-8) or a number.
struct Cell {
  enum class Kind { Empty, Text, Number };
  Kind kind = Kind::Empty;
  std::string text;
  double number = 0;

  static Cell empty() { return Cell{}; }
  static Cell of_text(std::string t) { return Cell{Kind::Text, std::move(t), 0}; }
  static Cell of_number(double d) { return Cell{Kind::Number, {}, d}; }
  static Cell yes(bool b) { return b ? of_text("是") : Cell{}; }  // a YesBlank cell
  bool is_empty() const { return kind == Kind::Empty || (kind == Kind::Text && text.empty()); }
};

struct TableHeader {
  std::string title;  // the sheet name (xlsx) and the title line (text)
  std::vector<Column> columns;
};

// The whole table as a plain value, for callers that have it at hand.
struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

enum class TableFormat { Text, Csv, Json, Xlsx };

// "text", "csv", "json", "xlsx" (exact, lower case); false for anything else.
bool parse_table_format(std::string_view name, TableFormat* format);
const char* table_format_name(TableFormat format);

// Rows measured for column widths (text keeps them until then).
constexpr size_t kMeasureRows = 1000;
constexpr int kTextMaxWidth = 40;
constexpr double kXlsxMaxWidth = 60;

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  // Exactly once, first; at least one column.
  bool begin(const TableHeader& header);
  // Any number of times after begin().
  bool row(const std::vector<Cell>& cells);
  // Exactly once, last: flushes, closes and (for a file) renames into place.
  bool finish();
  // The first error, in Chinese; empty while all went well.
  const std::string& error() const { return error_; }

 protected:
  TableWriter() = default;
  // Implementations get the header, then rows of exactly header.columns.size()
  // cells, each already made to fit its column (see "Values" above: numbers in
  // text columns turned to text, non-finite numbers emptied, UTF-8 repaired).
  virtual bool do_begin(const TableHeader& header) = 0;
  virtual bool do_row(const std::vector<Cell>& cells) = 0;
  virtual bool do_finish() = 0;
  bool fail(std::string message);  // records the first error; returns false
  size_t rows_written() const { return rows_; }

 private:
  enum class State { Fresh, Open, Finished, Failed };
  State state_ = State::Fresh;
  std::vector<ColumnKind> kinds_;
  std::vector<Cell> fitted_;
  size_t rows_ = 0;
  std::string error_;
};

// A writer for `format`: to the file `path` when it is non-empty, else to
// `*out` (not owned; must outlive the writer). Returns null and sets *error
// when neither is given or the file cannot be created (xlsx creates its files
// in begin(), which then fails instead).
std::unique_ptr<TableWriter> make_table_writer(TableFormat format, std::ostream* out,
                                               const std::string& path, std::string* error);

// Writes a whole Table through a writer of `format`, as above.
bool write_table(const Table& table, TableFormat format, std::ostream* out, const std::string& path,
                 std::string* error);
// Writes a whole Table through an existing writer (begin, rows, finish).
bool write_table(const Table& table, TableWriter& writer);

// The text of a number as every format writes it: shortest exact form, whole
// numbers without a point ("500", "-5", "0.1", "1e+20").
std::string format_number(double d);

}  // namespace ipsurvey::collector
