#include "collector/file_report.h"

#include "forms/json_writer.h"
#include "forms/problem_json.h"
#include "forms/record_json.h"

namespace ipsurvey::collector {
namespace {

constexpr size_t kFlushSize = 1 << 20;

std::string record_line(const Record& r) {
  const FieldValue* name = r.get(r.form == "ledger" ? "unit" : "enterprise_name");
  const FieldValue* code = r.get("credit_code");
  std::string line = "  [" + std::string(r.form == "ledger" ? "台账" : "采集表") + "] 工作表 " + r.sheet;
  if (r.row > 0) line += " 第" + std::to_string(r.row) + "行";
  line += "  " + (name ? name->text : std::string("（未填名称）"));
  if (code) line += "  " + code->text;
  if (!r.city.empty()) line += "  " + r.city;
  line += "  " + std::to_string(r.keys.size()) + " 项" + (r.needs_correction ? "  需更正" : "") + "\n";
  return line;
}

}  // namespace

std::string status_text(const std::string& status) {
  if (status == "ok") return "已读取";
  if (status == "rejected") return "已拒收";
  if (status == "duplicate") return "重复上传（与已保存的文件完全相同，未作改动）";
  return status;
}

FileReport::FileReport(std::ostream& out, bool as_json, size_t text_problem_limit, std::string ok_text)
    : out_(out), as_json_(as_json), text_problem_limit_(text_problem_limit), ok_text_(std::move(ok_text)) {
  if (as_json_) out_ << "{\"files\":[";
}

void FileReport::record(const std::string& file, const Record& r) {
  std::string& buf = rendered_[file].next(as_json_);
  if (as_json_) {
    JsonWriter rw(buf);
    write_record_json(rw, r);
  } else {
    buf += record_line(r);
  }
}

void FileReport::file_done(const std::string& file, const std::string& status, size_t record_count,
                           const Problems& problems, const std::string& note) {
  file_done(
      file, status, record_count,
      [&](const std::function<void(const Problem&)>& each) {
        for (const auto& p : problems) each(p);
      },
      problems.size(), note);
}

void FileReport::file_done(const std::string& file, const std::string& status, size_t record_count,
                           const ProblemSource& problems, size_t problem_count, const std::string& note) {
  RenderedRecords none;
  auto it = rendered_.find(file);
  RenderedRecords& records = (status == "ok" && it != rendered_.end()) ? it->second : none;
  if (!as_json_) {
    out_ << "== " << file << "：" << (status == "ok" ? ok_text_ : status_text(status));
    if (status == "ok") out_ << "，" << record_count << " 条记录";
    out_ << "\n";
    if (!note.empty()) out_ << "  " << note << "\n";
    records.write_to(out_);
    size_t shown = 0;
    problems([&](const Problem& p) {
      if (shown++ < text_problem_limit_) out_ << "  " << problem_text(p) << "\n";
    });
    if (problem_count > text_problem_limit_)
      out_ << "  …另有 " << (problem_count - text_problem_limit_) << " 个问题（用 --json 查看全部）\n";
  } else {
    std::string json;
    JsonWriter w(json);
    if (!first_file_) json.push_back(',');
    w.begin_object();
    w.key("file").value(file);
    w.key("status").value(status);
    w.key("records").raw("[");
    out_ << json;
    records.write_to(out_);
    json = "]";
    w.key("problems").begin_array();
    problems([&](const Problem& p) {
      write_problem_json(w, p);
      if (json.size() >= kFlushSize) {  // many problems: written out as they go
        out_ << json;
        json.clear();
      }
    });
    w.end_array();
    w.end_object();
    out_ << json;
  }
  first_file_ = false;
  if (it != rendered_.end()) rendered_.erase(it);
}

void FileReport::finish() {
  if (as_json_) out_ << "]}\n";
  out_.flush();
}

}  // namespace ipsurvey::collector
