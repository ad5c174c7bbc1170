// The entry point for reading one uploaded workbook, whatever its format.
//
// The format is told by the bytes (see format_sniffer.h): xlsx/xlsm packages and
// Excel 2003 XML Spreadsheets are read; old .xls / encrypted workbooks (OLE2),
// PDFs, HTML, empty and unknown files are refused with a Chinese reason.
// Reading never throws for bad input: problems are appended and the result says
// whether the file was read. A refused file may already have produced some
// sink calls; callers that store must wait for the result.
#pragma once

#include "forms/problem.h"
#include "importers/byte_source.h"
#include "importers/workbook.h"

namespace ipsurvey::importers {

struct ReadResult {
  bool ok = false;  // false: the file was refused; problems holds the reason(s)
};

ReadResult read_workbook(const ByteSource& source, WorkbookSink& sink, Problems& problems,
                         const ReadLimits& limits = {});

}  // namespace ipsurvey::importers
