// Resolves a worksheet's form controls into check boxes: the control's
// ctrlProp part (objectType, checked, fmlaLink), its anchor from the sheet XML,
// else the legacy VML drawing (anchor, checked state, caption text). A VML
// drawing with check boxes but no <controls> in the sheet (older files) is read
// alone. Unreadable control parts are warnings (xlsx.bad_controls); hostile
// XML in them is an error. Internal to importers/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "forms/problem.h"
#include "importers/workbook.h"
#include "importers/xlsx_package.h"
#include "importers/xlsx_sheet.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

void resolve_check_boxes(const ZipArchive& archive, const std::string& sheet_name,
                         const std::map<std::string, Relationship>& sheet_rels,
                         const std::vector<ControlRef>& controls,
                         const std::string& legacy_drawing_rel, std::vector<CheckBox>& out,
                         Problems& problems);

}  // namespace ipsurvey::importers
