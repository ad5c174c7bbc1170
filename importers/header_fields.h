// Fields printed in a form's header lines, often several in one cell:
// "企业（盖章）   填报时间：2022年4月" or "填报单位：石家庄市市场监督管理局  第 1 季度
// 填报时间：2023年4月8日". Internal to importers/.
#pragma once

#include <string>

#include "forms/field_normalizer.h"
#include "forms/form_definition.h"
#include "importers/sheet_buffer.h"

namespace ipsurvey::importers {

void read_header_fields(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                        Record& record, FieldValues& values, Problems& problems);

}  // namespace ipsurvey::importers
