#include "collector/ledger_command.h"

#include <cstdlib>
#include <set>

#include "collector/command_support.h"
#include "db/db_error.h"
#include "db/ledger_query.h"
#include "forms/json_reader.h"
#include "forms/json_writer.h"
#include "forms/record_json.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey ledger [--year Y] [--quarter Q] [--format text|csv|json|xlsx] [-o FILE] [--table T] [--db PATH]\n\n"
    "知识产权金融工作事项台账：各城市每季度是否按时报送（次季度首月 10 日前，含 10 日），以及最新台账里的\n"
    "活动类和政策类事项。报送日期以台账上的填报时间为准，未填时以收到的日期为准。\n"
    "  --year Y       年度（默认：库中最近的年度）\n"
    "  --quarter Q    只看第 Q 季度（1–4）\n"
    "  --table T      csv/xlsx 输出哪张表：matrix（默认，报送情况）、activities 或 policies\n";

struct Entry {
  std::string city;
  int quarter = 0;
  const FieldValue* object = nullptr;
};

std::string member_text(const FieldValue& object, const std::string& key) {
  for (size_t i = 0; i < object.keys.size() && i < object.items.size(); ++i) {
    if (object.keys[i] != key) continue;
    const FieldValue& v = object.items[i];
    if (v.kind == FieldValue::Kind::Text) return v.text;
    if (v.kind == FieldValue::Kind::Number) return format_number(v.number);
    if (v.kind == FieldValue::Kind::List) {
      std::string out;
      for (const auto& s : v.list) out += (out.empty() ? "" : "、") + s;
      return out;
    }
  }
  return "";
}

const std::vector<std::pair<std::string, std::string>>& table_columns(const std::string& table) {
  static const std::vector<std::pair<std::string, std::string>> activities = {
      {"content", "活动内容"}, {"departments", "参与部门"}, {"outcome", "取得成效"}};
  static const std::vector<std::pair<std::string, std::string>> policies = {
      {"title", "新形成机制/签署协议/出台政策等"}, {"partners", "合作单位/出台部门"}, {"doc_number", "文号"},
      {"issued_on", "出台时间"}, {"summary", "主要内容"}};
  return table == "activities" ? activities : policies;
}

}  // namespace

int run_ledger_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--help", "-h"}, {"--year", "--quarter", "--format", "-o", "--table", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  std::optional<int> year, quarter;
  std::string bad;
  if (cl.has("--year")) {
    const int y = std::atoi(cl.value("--year").c_str());
    if (y < 1990 || y > 2200) bad = "年度应为四位数字";
    year = y;
  }
  if (cl.has("--quarter")) {
    const int q = std::atoi(cl.value("--quarter").c_str());
    if (q < 1 || q > 4 || cl.value("--quarter").size() != 1) bad = "季度应为 1–4";
    quarter = q;
  }
  const std::string table = cl.value("--table", "matrix");
  if (table != "matrix" && table != "activities" && table != "policies") bad = "--table 应为 matrix、activities 或 policies";
  if (!cl.ok() || !cl.positional().empty() || !bad.empty()) {
    err << "ipsurvey ledger: " << (!cl.ok() ? cl.error() : !bad.empty() ? bad : "不接受位置参数") << "\n" << kHelp;
    return kExitUsage;
  }
  TableFormat format;
  if (!table_format_from(cl, TableFormat::Text, &format, "ledger", err)) return kExitUsage;
  auto database = open_database(cl, "ledger", err);
  if (!database) return kExitRejected;
  try {
    const std::string today = db::today_in_china();
    if (!year) year = db::latest_ledger_year(*database).value_or(std::atoi(today.substr(0, 4).c_str()));
    const auto all_filings = db::ledger_filings(*database, year, quarter, false);
    std::vector<std::string> filed_cities;
    for (const auto& f : all_filings) filed_cities.push_back(f.city);
    const auto cells = db::ledger_matrix(*database, *year, quarter, province_cities(filed_cities), today);
    const auto latest = db::ledger_filings(*database, year, quarter, true);
    // The latest filings' fields, read back, and their table rows.
    std::vector<JsonFields> fields(latest.size());
    std::map<std::string, std::vector<Entry>> entries;  // table -> rows
    for (size_t i = 0; i < latest.size(); ++i) {
      std::string error;
      if (!read_fields_json(latest[i].fields_json, &fields[i], &error)) {
        err << "ipsurvey ledger: 第 " << latest[i].id << " 份台账无法读取：" << error << "\n";
        return kExitRejected;
      }
      for (const auto& [key, value] : fields[i]) {
        if (key != "activities" && key != "policies") continue;
        for (const auto& item : value.items)
          if (item.kind == FieldValue::Kind::Object)
            entries[key].push_back({latest[i].city, latest[i].quarter.value_or(0), &item});
      }
    }
    const std::string path = cl.value("-o");
    if (format == TableFormat::Json) {
      std::string json;
      JsonWriter w(json);
      w.begin_object().key("year").value(*year).key("today").value(today).key("matrix").begin_array();
      for (const auto& c : cells) {
        w.begin_object().key("city").value(c.city).key("quarter").value(c.quarter);
        w.key("status").value(db::filing_status_name(c.status)).key("deadline").value(c.deadline);
        if (!c.filed_date.empty()) w.key("filed").value(c.filed_date);
        w.key("filings").value(c.filings).end_object();
      }
      w.end_array().key("filings").begin_array();
      for (size_t i = 0; i < latest.size(); ++i) {
        const auto& f = latest[i];
        w.begin_object().key("id").value(f.id).key("city").value(f.city).key("unit").value(f.unit);
        if (f.quarter) w.key("quarter").value(*f.quarter);
        w.key("filed_on").value(f.filed_on).key("received_at").value(f.received_at);
        w.key("upload").value(f.upload_name).key("needs_correction").value(f.needs_correction);
        w.key("fields").raw(f.fields_json).end_object();
      }
      w.end_array().end_object();
      auto target = open_json_output(out, path, "ledger", err);
      return target && write_json_output(*target, json, true, "ledger", err) ? kExitOk : kExitRejected;
    }

    Table matrix;
    matrix.title = std::to_string(*year) + " 年台账报送情况";
    matrix.columns.push_back({"城市", ColumnKind::Text, 10});
    for (int q = 1; q <= 4; ++q)
      if (!quarter || *quarter == q)
        matrix.columns.push_back({"第" + std::to_string(q) + "季度（截止 " + db::ledger_deadline(*year, q) + "）",
                                  ColumnKind::Text, 24});
    for (const auto& c : cells) {
      if (matrix.rows.empty() || matrix.rows.back().front().text != c.city)
        matrix.rows.push_back({Cell::of_text(c.city)});
      std::string text = db::filing_status_label(c.status);
      if (!c.filed_date.empty()) text += " " + c.filed_date;
      if (c.filings > 1) text += "（报送 " + std::to_string(c.filings) + " 次）";
      matrix.rows.back().push_back(Cell::of_text(text));
    }
    auto entry_table = [&](const std::string& key) {
      Table t;
      t.title = std::to_string(*year) + " 年" + (key == "activities" ? "活动类事项" : "政策类事项");
      t.columns = {{"城市", ColumnKind::Text, 10}, {"季度", ColumnKind::Integer, 6}};
      for (const auto& [k, label] : table_columns(key))
        t.columns.push_back({label, k == "doc_number" ? ColumnKind::Code : k == "issued_on" ? ColumnKind::Date
                                                                                             : ColumnKind::Text,
                             k == "content" || k == "summary" || k == "title" ? 36.0 : 16.0});
      for (const auto& e : entries[key]) {
        std::vector<Cell> row = {Cell::of_text(e.city), Cell::of_number(e.quarter)};
        for (const auto& [k, label] : table_columns(key)) row.push_back(Cell::of_text(member_text(*e.object, k)));
        t.rows.push_back(std::move(row));
      }
      return t;
    };
    std::string error;
    if (format == TableFormat::Text && path.empty()) {
      bool ok = write_table(matrix, format, &out, "", &error);
      for (const char* key : {"activities", "policies"}) {
        out << "\n";
        if (ok) ok = write_table(entry_table(key), format, &out, "", &error);
      }
      if (!ok) {
        err << "ipsurvey ledger: " << error << "\n";
        return kExitRejected;
      }
      return kExitOk;
    }
    if (!write_table(table == "matrix" ? matrix : entry_table(table), format, &out, path, &error)) {
      err << "ipsurvey ledger: " << error << "\n";
      return kExitRejected;
    }
    return kExitOk;
  } catch (const db::DbError& e) {
    err << "ipsurvey ledger: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
