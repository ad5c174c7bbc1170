#include "importers/workbook_reader.h"

#include "importers/format_sniffer.h"
#include "importers/spreadsheet2003_reader.h"
#include "importers/xlsx_reader.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

const char* cell_type_name(CellType t) {
  switch (t) {
    case CellType::String: return "string";
    case CellType::Number: return "number";
    case CellType::Bool: return "bool";
    case CellType::Date: return "date";
    case CellType::Error: return "error";
  }
  return "string";
}

ReadResult read_workbook(const ByteSource& source, WorkbookSink& sink, Problems& problems,
                         const ReadLimits& limits) {
  ReadResult result;
  auto refuse = [&](const char* code, const char* message) {
    problems.push_back(make_problem(Severity::Error, code, message));
    return result;
  };
  switch (sniff_format(source)) {
    case FileFormat::Empty:
      return refuse("file.empty", "文件是空的（0 字节），请重新导出后上传");
    case FileFormat::Ole2:
      return refuse("file.ole2",
                    "这是旧版 Excel（.xls）文件或设置了打开密码的工作簿，无法读取；"
                    "请在 Excel/WPS 中取消密码并“另存为” .xlsx 格式后重新上传");
    case FileFormat::Pdf:
      return refuse("file.pdf", "这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 格式的采集表");
    case FileFormat::Html:
      return refuse("file.html",
                    "这是网页（HTML）文件，不是 Excel 工作簿（可能是系统导出的“伪 xls”）；"
                    "请用 Excel/WPS 打开后另存为 .xlsx 再上传");
    case FileFormat::Unknown:
      return refuse("file.unknown_format", "无法识别的文件格式；请上传 .xlsx、.xlsm 或 XML 格式的采集表");
    case FileFormat::Xml:
      result.ok = read_spreadsheet2003(source, sink, problems, limits);
      return result;
    case FileFormat::Zip: {
      auto archive = ZipArchive::open(source, limits.zip, problems);
      if (!archive) return result;
      result.ok = read_xlsx(*archive, sink, problems, limits);
      return result;
    }
  }
  return result;
}

}  // namespace ipsurvey::importers
