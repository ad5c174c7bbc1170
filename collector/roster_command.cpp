#include "collector/roster_command.h"


#include "collector/command_support.h"
#include "collector/survey_filter_options.h"
#include "collector/survey_table_layout.h"
#include "db/db_error.h"
#include "db/record_columns.h"
#include "forms/json_writer.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kOrder =
    "排序：先列纳入省级及以上高新技术、专精特新等的企业；再按有效专利量从多到少；再按商标、软件著作权、"
    "集成电路布图设计的合计从多到少；再按风险提示（被告案件、行政处罚、高管变动、未审计）从少到多；"
    "最后按信用代码。风险提示照列，不作隐藏。";

void write_json_entry(JsonWriter& w, size_t position, const db::SurveyEntry& e) {
  w.begin_object();
  w.key("position").value(static_cast<int64_t>(position));
  w.key("record_id").value(e.record_id);
  w.key("enterprise_id").value(e.enterprise_id);
  w.key("version").value(e.version);
  w.key("round").value(e.round);
  w.key("city").value(e.city);
  w.key("credit_code").value(e.credit_code);
  w.key("enterprise_name").value(e.enterprise_name);
  w.key("fields").raw(e.fields_json);
  w.key("review").value(e.review);
  if (!e.review_note.empty()) w.key("review_note").value(e.review_note);
  w.key("needs_correction").value(e.needs_correction);
  w.key("risk_flags").begin_array();
  for (const auto& name : db::risk_flag_names(e.risk_flags)) w.value(name);
  w.end_array();
  w.key("upload").begin_object().key("id").value(e.upload_id).key("name").value(e.upload_name);
  w.key("received_at").value(e.received_at).key("sheet").value(e.sheet);
  if (e.row > 0) w.key("row").value(e.row);
  w.end_object();
  w.end_object();
}

}  // namespace

int run_roster_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::set<std::string> options = survey_filter_options();
  options.insert({"--format", "-o", "--db"});
  std::set<std::string> flags = survey_filter_flags();
  flags.insert({"--help", "-h"});
  CommandLine cl(args, flags, options);
  const std::string help = std::string(
                               "用法: ipsurvey roster [--city C] [--round R] [--format text|csv|json|xlsx] [-o FILE] "
                               "[筛选…]\n\n融资需求名单：有融资需求（填了拟融资额）的企业，每家只列最新版本。\n") +
                           survey_filter_help() +
                           "  --all             也列出没有融资需求的企业\n"
                           "  --format F        输出格式（默认 text）；-o FILE 写入文件\n"
                           "  --db PATH         数据库文件（默认 $IPSURVEY_DB，否则 ./ipsurvey.db）\n\n" +
                           kOrder + "\n";
  if (cl.has("--help") || cl.has("-h")) {
    out << help;
    return kExitOk;
  }
  db::SurveyFilter filter;
  std::string error;
  TableFormat format;
  if (!cl.ok() || !cl.positional().empty() || !survey_filter_from(cl, filter, &error)) {
    err << "ipsurvey roster: " << (!cl.ok() ? cl.error() : !error.empty() ? error : "不接受位置参数") << "\n" << help;
    return kExitUsage;
  }
  if (!table_format_from(cl, TableFormat::Text, &format, "roster", err)) return kExitUsage;
  auto database = open_database(cl, "roster", err);
  if (!database) return kExitRejected;
  try {
    if (filter.round.empty()) filter.round = db::latest_round(*database);
    const std::string title = (filter.city.empty() ? std::string("全省") : filter.city) + " " +
                              (filter.round.empty() ? std::string("") : filter.round + " 轮") + "融资需求名单";
    const std::string path = cl.value("-o");
    size_t position = filter.offset;
    if (format == TableFormat::Json) {
      std::string json;
      JsonWriter w(json);
      w.begin_object().key("round").value(filter.round);
      if (!filter.city.empty()) w.key("city").value(filter.city);
      w.key("total").value(db::count_survey_entries(*database, filter));
      w.key("order").value(kOrder);
      w.key("entries").begin_array();
      auto target = open_json_output(out, path, "roster", err);
      if (!target) return kExitRejected;
      bool ok = true;
      db::for_each_survey_entry(*database, filter, [&](const db::SurveyEntry& e) {
        write_json_entry(w, ++position, e);
        if (ok && json.size() > (1 << 20)) ok = write_json_output(*target, json, false, "roster", err);
      });
      w.end_array().end_object();
      return ok && write_json_output(*target, json, true, "roster", err) ? kExitOk : kExitRejected;
    }
    auto writer = make_table_writer(format, &out, path, &error);
    if (!writer) {
      err << "ipsurvey roster: " << error << "\n";
      return kExitRejected;
    }
    bool ok = writer->begin(roster_header(title));
    db::for_each_survey_entry(*database, filter, [&](const db::SurveyEntry& e) {
      if (ok) ok = writer->row(roster_row(++position, e));
    });
    if (ok) ok = writer->finish();
    if (!ok) {
      err << "ipsurvey roster: " << writer->error() << "\n";
      return kExitRejected;
    }
    if (format == TableFormat::Text && path.empty())
      out << "\n共 " << (position - filter.offset) << " 家。" << kOrder << "\n";
    return kExitOk;
  } catch (const db::DbError& e) {
    err << "ipsurvey roster: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
