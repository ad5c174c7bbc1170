#include "collector/export_command.h"

#include "collector/command_support.h"
#include "collector/survey_filter_options.h"
#include "collector/survey_table_layout.h"
#include "db/audit_log.h"
#include "db/db_error.h"
#include "forms/json_reader.h"
#include "forms/json_writer.h"

namespace ipsurvey::collector {

int run_export_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::set<std::string> options = survey_filter_options();
  options.insert({"--format", "-o", "--db", "--as", "--audit-name"});
  std::set<std::string> flags = survey_filter_flags();
  flags.insert({"--help", "-h"});
  CommandLine cl(args, flags, options);
  const std::string help =
      std::string(
          "用法: ipsurvey export --bank B [--city C] [--round R] --format xlsx|csv -o FILE [--review S]\n\n"
          "给一家银行的企业名单：最新版本里填了这家银行（全称、简称或分支机构均算）、且已审核通过的企业。\n"
          "列固定不变：城市，再按 forms.md 的顺序每项一列（选项写中文；多选题另有每个选项一列“是”/空白），\n"
          "最后是风险提示、审核状态、调查轮次。信用代码和电话一律写成文本；以 = + - @ 开头的值不会成为公式。\n") +
      survey_filter_help() +
      "  （--review 默认 approved：只导出审核通过的企业）\n"
      "  --as NAME         记入审计日志的操作人（默认 cli:<登录名>）\n"
      "  --audit-name N    记入审计日志的文件名（默认 -o 的路径；网页下载时为下载的文件名）\n"
      "  --db PATH         数据库文件（默认 $IPSURVEY_DB，否则 ./ipsurvey.db）\n";
  if (cl.has("--help") || cl.has("-h")) {
    out << help;
    return kExitOk;
  }
  db::SurveyFilter filter;
  filter.review = {"approved"};
  std::string error;
  TableFormat format = TableFormat::Xlsx;
  if (!cl.ok() || !cl.positional().empty() || !survey_filter_from(cl, filter, &error) || !cl.has("--bank") ||
      !cl.has("-o") || !cl.has("--format")) {
    err << "ipsurvey export: "
        << (!cl.ok() ? cl.error()
            : !error.empty() ? error
            : !cl.positional().empty() ? std::string("不接受位置参数")
                                       : std::string("需要 --bank、--format 和 -o"))
        << "\n"
        << help;
    return kExitUsage;
  }
  if (!parse_table_format(cl.value("--format"), &format) ||
      (format != TableFormat::Xlsx && format != TableFormat::Csv)) {
    err << "ipsurvey export: 给银行的名单只能是 xlsx 或 csv\n";
    return kExitUsage;
  }
  auto database = open_database(cl, "export", err);
  if (!database) return kExitRejected;
  try {
    if (filter.round.empty()) filter.round = db::latest_round(*database);
    const std::string path = cl.value("-o");
    auto writer = make_table_writer(format, &out, path, &error);
    if (!writer) {
      err << "ipsurvey export: " << error << "\n";
      return kExitRejected;
    }
    bool ok = writer->begin(bank_list_header(filter.bank));
    int64_t count = 0;
    Record fields;
    db::for_each_survey_entry(*database, filter, [&](const db::SurveyEntry& e) {
      if (!ok) return;
      std::string json_error;
      if (!read_record_fields_json(e.fields_json, &fields, &json_error)) {
        error = "第 " + std::to_string(e.record_id) + " 条记录的字段无法读取：" + json_error;
        ok = false;
        return;
      }
      ok = writer->row(bank_list_row(e, fields));
      ++count;
    });
    if (ok) ok = writer->finish();
    if (!ok) {
      err << "ipsurvey export: " << (error.empty() ? writer->error() : error) << "\n";
      return kExitRejected;
    }
    std::string detail;
    JsonWriter w(detail);
    w.begin_object().key("round").value(filter.round).key("format").value(table_format_name(format));
    w.key("file").value(cl.has("--audit-name") ? cl.value("--audit-name") : path).key("review").begin_array();
    for (const auto& s : filter.review) w.value(s);
    w.end_array().end_object();
    db::log_export(*database, acting_account(cl), filter.bank, filter.city, count, detail);
    err << "ipsurvey export: 已写出 " << count << " 家企业（" << filter.bank
        << (filter.city.empty() ? "" : "，" + filter.city) << "）到 " << path << "\n";
    return kExitOk;
  } catch (const db::DbError& e) {
    err << "ipsurvey export: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
