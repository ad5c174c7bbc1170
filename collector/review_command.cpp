#include "collector/review_command.h"

#include <cstdlib>

#include "collector/command_support.h"
#include "db/db_error.h"
#include "db/review_store.h"
#include "db/survey_query.h"
#include "forms/cities.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey review RECORD_ID|信用代码... --state S [--note N] [--round R]\n"
    "      ipsurvey review --pending [--city C] [--round R] --state S [--note N]\n"
    "      ipsurvey review --history 信用代码 [--round R]\n\n"
    "省局审核：S 为 approved（通过）、returned（退回，须写 --note 说明）、rejected（不通过）或 pending。\n"
    "只能审核企业的最新版本；城市重新上报后，新版本回到待审核。每次审核记入审计日志。\n"
    "  --pending      审核某城市（或全省）所有待审核的企业\n"
    "  --as NAME      记入审计日志的操作人（默认 cli:<登录名>）\n";

const char* result_text(db::ReviewResult r) {
  switch (r) {
    case db::ReviewResult::Done: return "已审核";
    case db::ReviewResult::UnknownRecord: return "没有这条记录";
    case db::ReviewResult::NotLatest: return "不是该企业的最新版本（城市已重新上报）";
    case db::ReviewResult::BadState: return "审核状态不对";
    case db::ReviewResult::NoteRequired: return "退回须写明原因（--note）";
  }
  return "";
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 18 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

int run_review_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--help", "-h", "--pending"},
                 {"--state", "--note", "--round", "--city", "--history", "--as", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  const bool history = cl.has("--history");
  const bool bulk = cl.has("--pending");
  std::string bad;
  if (!cl.ok()) bad = cl.error();
  else if (history && (bulk || cl.has("--state") || !cl.positional().empty())) bad = "--history 不能与审核一起用";
  else if (!history && !cl.has("--state")) bad = "需要 --state";
  else if (!history && bulk == !cl.positional().empty()) bad = "给出记录号或信用代码，或用 --pending（二选一）";
  else if (cl.has("--state") && !db::valid_review_state(cl.value("--state"))) bad = "审核状态应为 approved、returned、rejected 或 pending";
  std::string city;
  if (bad.empty() && cl.has("--city")) {
    const City* c = Cities::instance().by_name(cl.value("--city"));
    if (!c) bad = "不认识的城市“" + cl.value("--city") + "”";
    else city = c->name;
  }
  if (!bad.empty()) {
    err << "ipsurvey review: " << bad << "\n" << kHelp;
    return kExitUsage;
  }
  auto database = open_database(cl, "review", err);
  if (!database) return kExitRejected;
  try {
    const std::string round = cl.has("--round") ? cl.value("--round") : db::latest_round(*database);
    if (history) {
      auto id = db::latest_record_id(*database, round, cl.value("--history"));
      if (!id) {
        err << "ipsurvey review: " << round << " 轮没有信用代码为 " << cl.value("--history") << " 的企业\n";
        return kExitRejected;
      }
      const int64_t enterprise = db::enterprise_of_record(*database, *id).value_or(0);
      out << "版本：\n";
      for (const auto& v : db::record_versions(*database, enterprise))
        out << "  第 " << v.version << " 版  记录 " << v.record_id << "  上传 " << v.upload_id << "（" << v.upload_name
            << "，" << v.received_at << "，" << v.account << "）  " << db::review_state_label(v.review)
            << (v.latest ? "  ← 最新" : "") << "\n";
      out << "审核记录：\n";
      for (const auto& e : db::review_history(*database, enterprise, true))
        out << "  " << e.at << "  记录 " << e.record_id << "  " << db::review_state_label(e.state) << "  " << e.account
            << (e.note.empty() ? "" : "  " + e.note) << "\n";
      return kExitOk;
    }
    std::vector<int64_t> ids;
    bool unknown = false;
    if (bulk) {
      ids = db::records_in_state(*database, round, city, "pending");
    } else {
      for (const auto& p : cl.positional()) {
        if (all_digits(p)) {
          ids.push_back(std::atoll(p.c_str()));
        } else if (auto id = db::latest_record_id(*database, round, p)) {
          ids.push_back(*id);
        } else {
          err << "ipsurvey review: " << round << " 轮没有信用代码为 " << p << " 的企业\n";
          unknown = true;
        }
      }
    }
    const auto results = db::set_reviews(*database, ids, cl.value("--state"), cl.value("--note"), acting_account(cl));
    size_t done = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (results[i] == db::ReviewResult::Done) ++done;
      else err << "ipsurvey review: 记录 " << ids[i] << "：" << result_text(results[i]) << "\n";
    }
    out << "已将 " << done << " 条记录设为“" << db::review_state_label(cl.value("--state")) << "”\n";
    return done == ids.size() && !unknown ? kExitOk : kExitRejected;
  } catch (const db::DbError& e) {
    err << "ipsurvey review: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
