// Office Open XML workbooks (.xlsx, .xlsm; transitional and Strict).
//
// Finds the workbook through _rels/.rels (or at xl/workbook.xml / the package
// root), the sheets through the workbook's relationships, and streams each
// worksheet's XML as it inflates. Shared strings (rich runs joined, phonetic
// runs skipped, _xHHHH_ decoded), styles (date formats, symbol fonts), merged
// ranges, legacy form-control check boxes (ctrlProps, VML fallback) are
// handled; chartsheets, dialog sheets and macro sheets are skipped.
//
// Problem codes: xlsx.no_workbook, xlsx.no_sheets, cell.out_of_range,
// cells.too_many, sst.index_out_of_range, xlsx.too_slow, plus zip.* and xml.*.
#pragma once

#include "forms/problem.h"
#include "importers/workbook.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

// True when the workbook was read; false when refused (problems says why).
bool read_xlsx(const ZipArchive& archive, WorkbookSink& sink, Problems& problems,
               const ReadLimits& limits);

}  // namespace ipsurvey::importers
