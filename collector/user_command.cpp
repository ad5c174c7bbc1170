#include "collector/user_command.h"

#include "collector/command_support.h"
#include "collector/password_hash.h"
#include "collector/survey_filter_options.h"
#include "db/account_store.h"
#include "db/db_error.h"
#include "forms/cities.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey user add NAME --role province|city|bank [--city C] [--bank B] [--db PATH]\n"
    "      ipsurvey user passwd NAME | disable NAME | enable NAME | list\n\n"
    "网页应用的账户：省局（审核全部、管理账户）、城市（只管本市）、银行（只看给本行的名单）。\n"
    "密码从标准输入读一行（10 到 128 个字节），只保存 Argon2id 哈希。\n"
    "  --city C    城市账户所属城市（如 石家庄）\n"
    "  --bank B    银行账户所属银行（全称或简称，如 中行）\n";

bool read_password(std::istream& in, std::string& password) {
  if (!std::getline(in, password)) return false;
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return true;
}

const char* result_text(db::AccountResult r) {
  switch (r) {
    case db::AccountResult::Done: return "完成";
    case db::AccountResult::Exists: return "已有同名账户";
    case db::AccountResult::Unknown: return "没有这个账户";
    case db::AccountResult::Invalid: return "账户信息不对";
  }
  return "";
}

}  // namespace

int run_user_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--help", "-h"}, {"--role", "--city", "--bank", "--db", "--as"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  const auto& pos = cl.positional();
  const std::string verb = pos.empty() ? "" : pos[0];
  const bool needs_name = verb == "add" || verb == "passwd" || verb == "disable" || verb == "enable";
  std::string bad;
  if (!cl.ok()) bad = cl.error();
  else if (verb == "list" ? pos.size() != 1 : !needs_name || pos.size() != 2) bad = "用法不对";
  db::Account account;
  if (bad.empty() && verb == "add") {
    account.name = pos[1];
    account.role = cl.value("--role");
    if (!db::valid_account_role(account.role)) bad = "--role 应为 province、city 或 bank";
    if (cl.has("--city")) {
      const City* c = Cities::instance().by_name(cl.value("--city"));
      if (!c) bad = "不认识的城市“" + cl.value("--city") + "”";
      else account.city = c->name;
    }
    if (cl.has("--bank")) {
      account.bank = bank_full_name(cl.value("--bank"));
      if (account.bank.empty()) bad = "不认识的银行“" + cl.value("--bank") + "”";
    }
    if (bad.empty() && (account.role == "city") != !account.city.empty()) bad = "城市账户须有 --city，其他账户不能有";
    if (bad.empty() && (account.role == "bank") != !account.bank.empty()) bad = "银行账户须有 --bank，其他账户不能有";
    if (bad.empty() && !db::valid_account_name(account.name))
      bad = "账户名应为 1 到 64 个字节，不含空格、控制字符、“=”和“:”";
  }
  if (!bad.empty()) {
    err << "ipsurvey user: " << bad << "\n" << kHelp;
    return kExitUsage;
  }
  auto database = open_database(cl, "user", err);
  if (!database) return kExitRejected;
  const std::string actor = acting_account(cl);
  try {
    if (verb == "list") {
      for (const auto& a : db::list_accounts(*database))
        out << a.name << "\t" << a.role << "\t" << (a.role == "city" ? a.city : a.bank) << "\t"
            << (a.disabled ? "disabled" : "active") << "\t" << a.created_at << "\n";
      return kExitOk;
    }
    db::AccountResult result;
    if (verb == "add" || verb == "passwd") {
      std::string password;
      if (!read_password(in, password) || !acceptable_password(password)) {
        err << "ipsurvey user: 请从标准输入给出密码（一行，10 到 128 个字节）\n";
        return kExitUsage;
      }
      const std::string hash = hash_password(password);
      password.assign(password.size(), '\0');
      if (hash.empty()) {
        err << "ipsurvey user: 无法计算密码哈希\n";
        return kExitRejected;
      }
      if (verb == "add") {
        account.password_hash = hash;
        result = db::add_account(*database, account, actor);
      } else {
        result = db::set_account_password(*database, pos[1], hash, actor);
      }
    } else {
      result = db::set_account_disabled(*database, pos[1], verb == "disable", actor);
    }
    if (result != db::AccountResult::Done) {
      err << "ipsurvey user: " << result_text(result) << "：" << pos[1] << "\n";
      return kExitRejected;
    }
    out << "账户 " << pos[1] << "：" << result_text(result) << "\n";
    return kExitOk;
  } catch (const db::DbError& e) {
    err << "ipsurvey user: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
