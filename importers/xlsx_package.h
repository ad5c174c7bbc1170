// The package structure of an xlsx: relationships and workbook.xml.
//
// These parts are small and read whole (capped); parse failures are appended
// to problems. Internal to importers/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "forms/problem.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

struct Relationship {
  std::string type;    // full type URI
  std::string target;  // resolved part name (empty for external targets)
};

// Id -> relationship, from the .rels part belonging to `part` ("" = package).
// A missing .rels part gives an empty map and no problem.
bool read_relationships(const ZipArchive& archive, const std::string& part,
                        std::map<std::string, Relationship>& out, Problems& problems);

struct WorkbookSheet {
  std::string name;
  std::string state;  // visible / hidden / veryHidden
  std::string rel_id;
};

struct WorkbookInfo {
  std::string part;  // e.g. "xl/workbook.xml"
  bool date1904 = false;
  std::vector<WorkbookSheet> sheets;
  std::map<std::string, Relationship> rels;
};

// Finds and reads the workbook part. False (with xlsx.no_workbook or a
// zip./xml. problem) when there is none or it cannot be read.
bool read_workbook_info(const ZipArchive& archive, WorkbookInfo& info, Problems& problems);

// Reads a small part whole; false with zip.too_large past max_bytes.
bool read_small_part(const ZipArchive& archive, const ZipEntry& entry, std::string& out,
                     Problems& problems, uint64_t max_bytes = 64ull << 20);

}  // namespace ipsurvey::importers
