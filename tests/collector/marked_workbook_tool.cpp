// Test-only: writes the marked workbook of one stored file, for
// check_marked_workbook.py (ipsurvey itself has no command for it).
//
//   marked_workbook_tool --db PATH --file-id N -o OUT.xlsx
//   marked_workbook_tool --workbook FILE -o OUT.xlsx     (no database, no problems)
//
// Prints the file name it would be downloaded as. Exit 0 written, 1 refused
// (the reason on stderr), 2 usage.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "collector/marked_workbook.h"
#include "db/database.h"
#include "db/db_error.h"
#include "importers/byte_source.h"

namespace {

int write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (out) return 0;
  std::cerr << "cannot write " << path << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, out_path, workbook;
  long long file_id = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db_path = argv[i + 1];
    else if (flag == "--file-id") file_id = std::atoll(argv[i + 1]);
    else if (flag == "-o") out_path = argv[i + 1];
    else if (flag == "--workbook") workbook = argv[i + 1];
    else file_id = 0;
  }
  if (!workbook.empty() && !out_path.empty() && argc == 5) {
    std::string error;
    const auto source = ipsurvey::importers::FileSource::open(workbook, &error);
    if (!source) {
      std::cerr << error << "\n";
      return 1;
    }
    const auto marked = ipsurvey::collector::mark_workbook(*source, {}, &error);
    if (!marked) {
      std::cerr << error << "\n";
      return 1;
    }
    return write(out_path, *marked);
  }
  if (argc % 2 == 0 || db_path.empty() || out_path.empty() || file_id <= 0) {
    std::cerr << "usage: marked_workbook_tool --db PATH --file-id N -o OUT.xlsx | --workbook FILE -o OUT.xlsx\n";
    return 2;
  }
  try {
    auto db = ipsurvey::db::Database::open(db_path);
    std::string reason;
    const auto marked = ipsurvey::collector::marked_workbook(*db, file_id, &reason);
    if (!marked) {
      std::cerr << reason << "\n";
      return 1;
    }
    if (write(out_path, marked->bytes) != 0) return 1;
    std::cout << marked->file_name << "\n";
    return 0;
  } catch (const ipsurvey::db::DbError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
