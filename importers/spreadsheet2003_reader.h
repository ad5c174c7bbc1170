// Excel 2003 "XML Spreadsheet" (urn:schemas-microsoft-com:office:spreadsheet).
//
// Streams Workbook/Worksheet/Table/Row/Cell/Data through XmlStream: ss:Index
// gaps on rows and cells, ss:MergeAcross / ss:MergeDown reported as merged
// ranges, ss:Type Number/String/Boolean/DateTime/Error, x:Date1904, rich-text
// Data (the text joined, html:Font Face symbol fonts mapped), PhoneticText
// skipped, hidden sheets (x:Visible SheetHidden / SheetVeryHidden), styles
// whose Font is a symbol font. Same limits and problem codes as the xlsx
// reader (cell.out_of_range, cells.too_many, xml.*).
#pragma once

#include "forms/problem.h"
#include "importers/byte_source.h"
#include "importers/workbook.h"

namespace ipsurvey::importers {

// True when the file was read; false when refused (problems says why).
bool read_spreadsheet2003(const ByteSource& source, WorkbookSink& sink, Problems& problems,
                          const ReadLimits& limits);

}  // namespace ipsurvey::importers
