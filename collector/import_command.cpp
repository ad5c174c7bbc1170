#include "collector/import_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <iterator>

#include "collector/command_line.h"
#include "collector/file_report.h"
#include "collector/upload_importer.h"
#include "db/database.h"
#include "db/db_error.h"
#include "db/import_session.h"
#include "db/upload_query.h"
#include "forms/cities.h"
#include "importers/submission_reader.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey import FILE... [--city C] [--round R] [--json] [--db PATH] [--as NAME] [--quiet]\n"
    "\n"
    "读取、规范化并保存采集表和工作事项台账。每个 FILE 作为一次上传，要么整体保存，要么完全不保存；\n"
    "与已保存的文件字节完全相同的上传报告为 duplicate，不作任何改动。\n"
    "  --city C    上报城市（如 石家庄 或 石家庄市）\n"
    "  --round R   调查轮次（默认：填报时间的年份，没有时为上传的年份）\n"
    "  --json      以 JSON 输出（格式见 interface.md）\n"
    "  --db PATH   数据库文件（默认 $IPSURVEY_DB，否则 ./ipsurvey.db）\n"
    "  --as NAME   记入审计日志的操作人（默认 cli:<登录名>）\n"
    "  --quiet     终端上不显示进度\n"
    "有文件被拒收时退出码为 1，参数错误为 2。\n";

// SQLite keeps a value of at most 1,000,000,000 bytes.
constexpr uint64_t kMaxUploadBytes = 512ull << 20;

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Progress on stderr, redrawn at most every 200 ms, only on a terminal:
// files read of all the files in the uploads (a zip counts its files).
class Progress : public ImportObserver {
 public:
  Progress(std::ostream& err, bool enabled, size_t uploads, size_t files)
      : err_(err), enabled_(enabled), uploads_(uploads), total_files_(files) {}
  void upload(size_t index) {
    upload_ = index;
    draw(true);
  }
  void record() override {
    ++records_;
    if ((records_ & 255) == 0) draw(false);
  }
  void problems(size_t n) override { problems_ += n; }
  void file() override {
    ++files_;
    draw(true);
  }
  // Clears the line (before other output, and at the end).
  void committed() override { clear(); }
  void clear() {
    if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  void draw(bool force) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    drawn_ = true;
    err_ << "\r\033[K导入中：上传 " << upload_ << "/" << uploads_ << "，文件 " << files_ << "/" << total_files_
         << "，记录 " << records_ << " 条，问题 " << problems_ << " 个" << std::flush;
  }
  std::ostream& err_;
  bool enabled_;
  size_t uploads_, total_files_, upload_ = 0, files_ = 0, records_ = 0, problems_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

struct Totals {
  size_t uploads = 0, stored = 0, duplicates = 0, rejected = 0, records = 0, new_versions = 0, errors = 0,
         warnings = 0;
};

}  // namespace

int run_import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--json", "--quiet", "--help", "-h"}, {"--city", "--round", "--db", "--as"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  if (!cl.ok() || cl.positional().empty()) {
    err << "ipsurvey import: " << (cl.ok() ? "至少需要一个 FILE" : cl.error()) << "\n" << kHelp;
    return kExitUsage;
  }
  importers::FormOptions options;
  if (cl.has("--city")) {
    const City* city = Cities::instance().by_name(cl.value("--city"));
    if (!city) {
      err << "ipsurvey import: 不认识的城市“" << cl.value("--city") << "”\n";
      return kExitUsage;
    }
    options.city = city->name;
  }
  std::unique_ptr<db::Database> database;
  try {
    database = db::Database::open(database_path(cl));
  } catch (const db::DbError& e) {
    err << "ipsurvey import: " << e.what() << "\n";
    return kExitRejected;
  }
  const bool as_json = cl.has("--json");
  FileReport report(out, as_json, 50, "已保存");
  const bool show_progress = !cl.has("--quiet") && isatty(STDERR_FILENO);
  size_t total_files = 0;
  for (const auto& path : cl.positional()) {
    std::string ignored;
    auto source = show_progress ? importers::FileSource::open(path, &ignored) : nullptr;
    total_files += source ? importers::submission_file_count(*source) : 1;
  }
  Progress progress(err, show_progress, cl.positional().size(), total_files);
  Totals totals;
  bool any_rejected = false;
  for (const auto& path : cl.positional()) {
    progress.upload(++totals.uploads);
    std::string error;
    auto source = importers::FileSource::open(path, &error);
    if (source && source->size() > kMaxUploadBytes) {
      source.reset();
      error = "文件超过 512 MiB，不予读取";
    }
    if (!source) {
      any_rejected = true;
      ++totals.rejected;
      report.file_done(path, "rejected", 0, {make_problem(Severity::Error, "file.unreadable", error)});
      continue;
    }
    db::UploadInfo info;
    info.name = base_name(path);
    info.account = acting_account(cl);
    info.city = options.city;
    info.round = cl.value("--round");
    const UploadResult result =
        import_upload(*database, *source, path, info, options, report, as_json, &progress);
    switch (result.kind) {
      case UploadResult::Kind::Duplicate:
        ++totals.duplicates;
        break;
      case UploadResult::Kind::Stored:
      case UploadResult::Kind::Rejected:
        totals.records += result.records;
        totals.new_versions += result.new_versions;
        totals.errors += result.errors;
        totals.warnings += result.warnings;
        if (result.kind == UploadResult::Kind::Rejected) ++totals.rejected;
        else ++totals.stored;
        any_rejected |= result.any_file_rejected;
        break;
      case UploadResult::Kind::Failed:
        any_rejected = true;
        ++totals.rejected;
        break;
    }
  }
  progress.clear();
  report.finish();
  if (!as_json) {
    out << "\n共 " << totals.uploads << " 个上传：保存 " << totals.stored << " 个，重复 " << totals.duplicates
        << " 个，拒收 " << totals.rejected << " 个；记录 " << totals.records << " 条（新版本 " << totals.new_versions
        << " 条）；错误 " << totals.errors << " 个，警告 " << totals.warnings << " 个。\n";
  }
  return any_rejected ? kExitRejected : kExitOk;
}

}  // namespace ipsurvey::collector
