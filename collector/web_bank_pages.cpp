// A bank's page: the approved enterprises that named it (its list), as a
// table and as XLSX/CSV downloads. A bank account sees only its own bank;
// the province may look at any (?bank=).
#include "collector/bank_list_download.h"
#include "collector/survey_filter_options.h"
#include "collector/survey_table_layout.h"
#include "collector/table_output.h"
#include "collector/web_handlers.h"
#include "db/review_store.h"
#include "db/survey_query.h"
#include "forms/banks.h"

namespace ipsurvey::collector {
namespace {
constexpr int64_t kRowsPerPage = 50;
}

void page_bank(WebRequest& r) {
  db::Database& db = r.x.db();
  std::string bank = bank_full_name(r.param("bank"));
  if (!r.param("bank").empty() && bank.empty()) throw HttpError(400, "request.unknown_bank", "不认识的银行");
  if (r.user.is("bank")) {
    if (!bank.empty() && bank != r.user.account.bank) throw HttpError(403, "access.denied", "银行账户只能查看本行的名单");
    bank = r.user.account.bank;
  }
  if (bank.empty()) {
    // The province without a bank named: which bank's list to look at.
    Html h;
    h.raw("<form method=\"get\" action=\"/bank\" class=\"filters card\"><label>银行");
    std::vector<std::pair<std::string, std::string>> banks;
    for (const auto& b : Banks::instance().full_names()) banks.emplace_back(b, b);
    select_box(h, "bank", banks, "");
    h.raw("</label><button type=\"submit\">查看</button></form>");
    return send_page(r.x, r.user, "银行名单", h);
  }
  db::SurveyFilter f;
  f.bank = bank;
  f.review = {"approved"};
  f.round = r.param("round");
  if (!r.param("city").empty()) f.city = known_city(r.param("city"));
  const std::string round = f.round.empty() ? db::latest_round(db) : f.round;
  const int64_t page = page_number(r);
  const int64_t total = db::count_survey_entries(db, f);
  f.limit = kRowsPerPage;
  f.offset = (page - 1) * kRowsPerPage;
  std::string base = "round=" + url_encode(round);
  if (!f.city.empty()) base += "&city=" + url_encode(f.city);
  const std::string query = r.user.is("province") ? base + "&bank=" + url_encode(bank) : base;
  const std::string download = "/exports/download?" + base + "&bank=" + url_encode(bank);
  Html h;
  h.raw("<div class=\"card\"><p>").text(bank).raw(" · 调查轮次 ").text(round.empty() ? std::string("—") : round);
  if (!f.city.empty()) h.raw(" · ").text(f.city);
  h.raw(" · 共 <b id=\"bank-total\">").num(total).raw("</b> 家经省局审核通过、拟与本行合作的企业。</p><p>")
      .link(download + "&format=xlsx", "下载 Excel（xlsx）")
      .raw(" · ")
      .link(download + "&format=csv", "下载 CSV")
      .raw("</p></div>");
  const TableHeader header = roster_header("");
  h.raw("<div class=\"scroll\"><table id=\"bank-list\" class=\"wide\"><tr>");
  for (const auto& c : header.columns)
    if (c.header != "审核状态" && c.header != "需更正" && c.header != "版本") h.raw("<th>").text(c.header).raw("</th>");
  h.raw("</tr>");
  int64_t position = f.offset;
  db::for_each_survey_entry(db, f, [&](const db::SurveyEntry& e) {
    const auto cells = roster_row(static_cast<size_t>(++position), e);
    h.raw("<tr").attr("data-code", e.credit_code).raw(">");
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& name = header.columns[i].header;
      if (name == "审核状态" || name == "需更正" || name == "版本") continue;
      if (cells[i].kind == Cell::Kind::Number) h.raw("<td class=\"num\">").text(format_number(cells[i].number)).raw("</td>");
      else if (name == "拟合作银行" || name == "融资目的") h.raw("<td class=\"wrap\">").text(cells[i].text).raw("</td>");
      else h.raw("<td>").text(cells[i].text).raw("</td>");
    }
    h.raw("</tr>");
  });
  h.raw("</table></div>");
  if (total == 0) h.raw("<p class=\"muted\">暂无名单。省局审核通过后，这里会列出拟与本行合作的企业。</p>");
  pager(h, "/bank?" + query, page, kRowsPerPage, total);
  send_page(r.x, r.user, "本行名单", h);
}

void download_bank_list(WebRequest& r) { send_bank_list(r.x, r.user.account, r.query); }

}  // namespace ipsurvey::collector
