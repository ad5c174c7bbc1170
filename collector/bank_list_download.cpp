#include "collector/bank_list_download.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "collector/command_line.h"
#include "collector/export_command.h"
#include "collector/html.h"
#include "collector/serve_context.h"
#include "forms/banks.h"

namespace ipsurvey::collector {
namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/ipsurvey-serve-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::remove((path + "/list.xlsx").c_str());
    std::remove((path + "/list.csv").c_str());
    ::rmdir(path.c_str());
  }
  std::string path;
};

}  // namespace

void send_bank_list(Exchange& x, const db::Account& account, const std::map<std::string, std::string>& q) {
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  if (account.role != "province" && account.role != "bank")
    throw HttpError(403, "access.denied", "只有省局和银行账户可以下载名单");
  std::string bank = get("bank");
  if (!bank.empty()) {
    const BankName b = Banks::instance().normalize(bank);
    if (!b.known) throw HttpError(400, "request.unknown_bank", "不认识的银行“" + bank + "”");
    bank = b.bank;
  }
  if (account.role == "bank") {
    if (bank.empty()) bank = account.bank;
    if (bank != account.bank) throw HttpError(403, "access.denied", "银行账户只能下载本行的名单");
  }
  if (bank.empty()) throw HttpError(400, "request.bank_required", "需要 bank 参数");
  std::string city = get("city");
  if (!city.empty()) city = known_city(city);
  std::string format = get("format").empty() ? "xlsx" : get("format");
  if (format != "xlsx" && format != "csv") throw HttpError(400, "request.bad_format", "format 只能是 xlsx 或 csv");
  Slot heavy(x, x.ctx.heavy);
  TempDir dir;
  const std::string path = dir.path + "/list." + format;
  std::string name = "银行名单-" + bank + (city.empty() ? "" : "-" + city) + (get("round").empty() ? "" : "-" + get("round")) + "." + format;
  std::vector<std::string> args = {"--bank", bank, "--format", format, "-o", path, "--db", x.ctx.db_path, "--as",
                                   account.name, "--audit-name", name};
  if (!city.empty()) args.insert(args.end(), {"--city", city});
  if (!get("round").empty()) args.insert(args.end(), {"--round", get("round")});
  std::ostringstream out, err;
  const int code = run_export_command(args, out, err);
  if (code == kExitUsage) throw HttpError(400, "request.bad_parameter", err.str().substr(0, err.str().find('\n')));
  if (code != kExitOk) throw std::runtime_error("export: " + err.str());
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) throw std::runtime_error("export: cannot read " + path);
  x.resp.set("Content-Disposition", "attachment; filename=\"list." + format + "\"; filename*=UTF-8''" + url_encode(name));
  send(x, 200,
       format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : "text/csv; charset=utf-8",
       bytes);
}

}  // namespace ipsurvey::collector
