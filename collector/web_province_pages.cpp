// The province's pages: the dashboard per city (surveyed against the target,
// demand sought, review work, ledgers on time / late / missing per quarter),
// the export form for the bank lists, and the audit log.
#include <algorithm>
#include <map>

#include "collector/command_support.h"
#include "collector/table_output.h"
#include "collector/web_handlers.h"
#include "db/audit_log.h"
#include "db/database.h"
#include "db/ledger_query.h"
#include "db/province_summary.h"
#include "db/survey_query.h"
#include "forms/banks.h"
#include "forms/json_reader.h"

namespace ipsurvey::collector {
namespace {

constexpr int64_t kAuditPerPage = 100;

const char* kStatusCss[] = {"on_time", "late", "missing", "not_due"};

const char* action_label(const std::string& action) {
  if (action == "import") return "上传";
  if (action == "review") return "审核";
  if (action == "export") return "导出";
  if (action == "account") return "账户";
  return "";
}

// An audit entry's detail (a JSON object) as "label：value" pairs.
void audit_detail(Html& h, const std::string& json) {
  static const std::map<std::string, std::string> labels = {
      {"account", "账户"}, {"change", "变更"},   {"role", "角色"},     {"city", "城市"},
      {"bank", "银行"},    {"name", "文件"},     {"sha256", "SHA-256"}, {"status", "结果"},
      {"files", "文件数"}, {"state", "审核结果"}, {"note", "意见"},     {"credit_code", "信用代码"},
      {"round", "轮次"},   {"format", "格式"},   {"file", "文件"},     {"review", "审核状态"}};
  JsonFields fields;
  if (!read_fields_json(json, &fields, nullptr)) {
    h.text(json);
    return;
  }
  bool first = true;
  for (const auto& [key, value] : fields) {
    std::string text;
    if (value.kind == FieldValue::Kind::Text) text = value.text;
    else if (value.kind == FieldValue::Kind::Number) text = format_number(value.number);
    else if (value.kind == FieldValue::Kind::List)
      for (const auto& item : value.list) text += (text.empty() ? "" : "、") + item;
    if (text.empty()) continue;
    if (key == "sha256" && text.size() > 12) text = text.substr(0, 12) + "…";
    auto it = labels.find(key);
    h.raw(first ? "" : "；").text(it == labels.end() ? key : it->second).raw("：").text(text);
    first = false;
  }
}

}  // namespace

void page_dashboard(WebRequest& r) {
  db::Database& db = r.x.db();
  const std::string round = r.param("round").empty() ? db::latest_round(db) : r.param("round");
  const auto cities = known_cities(db);
  const auto summary = db::province_summary(db, round, cities);
  Html h;
  h.raw("<form method=\"get\" action=\"/dashboard\" class=\"filters\"><label>调查轮次<input type=\"text\" name=\"round\" "
        "size=\"6\" maxlength=\"16\"")
      .attr("value", round)
      .raw("></label><button type=\"submit\" class=\"secondary\">查看</button></form>");
  h.raw("<h2>企业调查（每市目标 ").num(db::kSurveyTargetPerCity).raw(" 家）</h2><div class=\"scroll\"><table id=\"summary\">"
        "<tr><th>城市</th><th>已调查</th><th>完成度</th><th>有融资需求</th><th>拟融资额合计（万元）</th><th>中位数（万元）</th>"
        "<th>待审核</th><th>已通过</th><th>已退回</th><th>未通过</th><th>需更正</th></tr>");
  int64_t total_surveyed = 0, total_need = 0, total_pending = 0;
  double total_amount = 0;
  for (const auto& s : summary) {
    total_surveyed += s.surveyed;
    total_need += s.with_need;
    total_pending += s.pending;
    total_amount += s.total_amount_wan;
    h.raw("<tr").attr("data-city", s.city).raw("><td>");
    if (s.city.empty()) h.raw("（城市未知）");
    else h.link("/records?city=" + url_encode(s.city) + "&round=" + url_encode(round), s.city);
    h.raw("</td><td class=\"num\">").num(s.surveyed).raw("</td><td>");
    const int64_t pct = std::min<int64_t>(100, s.surveyed * 100 / db::kSurveyTargetPerCity);
    badge(h, s.surveyed >= db::kSurveyTargetPerCity ? "approved" : s.surveyed > 0 ? "returned" : "missing",
          std::to_string(pct) + "%");
    h.raw("</td><td class=\"num\">").num(s.with_need).raw("</td><td class=\"num\">").text(format_number(s.total_amount_wan))
        .raw("</td><td class=\"num\">").text(format_number(s.median_amount_wan)).raw("</td><td class=\"num\">")
        .num(s.pending).raw("</td><td class=\"num\">").num(s.approved).raw("</td><td class=\"num\">").num(s.returned)
        .raw("</td><td class=\"num\">").num(s.rejected).raw("</td><td class=\"num\">").num(s.needs_correction)
        .raw("</td></tr>");
  }
  h.raw("<tr><th>合计</th><th class=\"num\">").num(total_surveyed).raw("</th><th></th><th class=\"num\">").num(total_need)
      .raw("</th><th class=\"num\">").text(format_number(total_amount)).raw("</th><th></th><th class=\"num\">")
      .num(total_pending).raw("</th><th colspan=\"4\"></th></tr></table></div>");

  const std::string today = db::today_in_china();
  int year = std::atoi(today.substr(0, 4).c_str());
  const std::string y = r.param("year");
  if (!y.empty() && y.size() == 4 && y.find_first_not_of("0123456789") == std::string::npos) year = std::stoi(y);
  else if (auto latest = db::latest_ledger_year(db)) year = *latest;
  const auto cells = db::ledger_matrix(db, year, std::nullopt, cities, today);
  h.raw("<h2>工作台账（").num(year).raw(" 年，每季度次月 10 日前报送）</h2><form method=\"get\" action=\"/dashboard\" "
        "class=\"filters\"><input type=\"hidden\" name=\"round\"")
      .attr("value", round)
      .raw("><label>年份<input type=\"text\" name=\"year\" size=\"5\" maxlength=\"4\"")
      .attr("value", std::to_string(year))
      .raw("></label><button type=\"submit\" class=\"secondary\">查看</button></form><div class=\"scroll\">"
           "<table id=\"ledger\"><tr><th>城市</th><th>第一季度</th><th>第二季度</th><th>第三季度</th><th>第四季度</th></tr>");
  std::string current;
  for (const auto& c : cells) {
    if (c.city != current) {
      if (!current.empty()) h.raw("</tr>");
      current = c.city;
      h.raw("<tr").attr("data-city", c.city).raw("><td>").text(c.city).raw("</td>");
    }
    h.raw("<td").attr("data-quarter", std::to_string(c.quarter)).attr("data-status", db::filing_status_name(c.status))
        .raw(">");
    badge(h, kStatusCss[static_cast<int>(c.status)], db::filing_status_label(c.status));
    if (!c.filed_date.empty()) h.raw(" <span class=\"muted\">").text(c.filed_date).raw("</span>");
    else h.raw(" <span class=\"muted\">截止 ").text(c.deadline).raw("</span>");
    h.raw("</td>");
  }
  if (!current.empty()) h.raw("</tr>");
  h.raw("</table></div>");
  send_page(r.x, r.user, "各市概况", h);
}

void page_exports(WebRequest& r) {
  db::Database& db = r.x.db();
  Html h;
  h.raw("<div class=\"card\"><p>银行名单只含审核<b>已通过</b>、且拟合作银行中有该行的企业，列固定（见接口说明），"
        "信用代码和电话为文本。每次导出都记入操作日志。</p><form method=\"get\" action=\"/exports/download\" "
        "class=\"filters\" id=\"export-form\"><label>银行");
  std::vector<std::pair<std::string, std::string>> banks, cities;
  for (const auto& b : Banks::instance().full_names()) banks.emplace_back(b, b);
  for (const auto& c : known_cities(db)) cities.emplace_back(c, c);
  select_box(h, "bank", banks, r.param("bank"));
  h.raw("</label><label>城市");
  select_box(h, "city", cities, r.param("city"), "全部城市");
  h.raw("</label><label>调查轮次<input type=\"text\" name=\"round\" size=\"6\" maxlength=\"16\"")
      .attr("value", r.param("round").empty() ? db::latest_round(db) : r.param("round"))
      .raw("></label><label>格式");
  select_box(h, "format", {{"xlsx", "Excel（xlsx）"}, {"csv", "CSV（UTF-8）"}}, "xlsx");
  h.raw("</label><button type=\"submit\">导出</button></form></div>");

  const std::string round = r.param("round").empty() ? db::latest_round(db) : r.param("round");
  const auto counts = db::bank_city_counts(db, round, "approved");
  h.raw("<h2>已通过审核的企业，按银行和城市（").text(round).raw(" 轮）</h2>");
  if (counts.empty()) h.raw("<p class=\"muted\">还没有审核通过的企业。</p>");
  else {
    h.raw("<table id=\"export-counts\"><tr><th>银行</th><th>城市</th><th>企业数</th><th>下载</th></tr>");
    for (const auto& c : counts) {
      const std::string q =
          "bank=" + url_encode(c.bank) + "&city=" + url_encode(c.city) + "&round=" + url_encode(round);
      h.raw("<tr><td>").text(c.bank).raw("</td><td>").text(c.city).raw("</td><td class=\"num\">").num(c.count)
          .raw("</td><td>")
          .link("/exports/download?" + q + "&format=xlsx", "xlsx")
          .raw(" · ")
          .link("/exports/download?" + q + "&format=csv", "csv")
          .raw("</td></tr>");
    }
    h.raw("</table>");
  }
  send_page(r.x, r.user, "导出银行名单", h);
}

void page_audit(WebRequest& r) {
  db::Database& db = r.x.db();
  const std::string action = r.param("action");
  if (!action.empty() && action != "import" && action != "review" && action != "export" && action != "account")
    throw HttpError(400, "request.bad_parameter", "操作类型无效");
  const int64_t page = page_number(r);
  const auto entries = db::audit_entries(db, action, kAuditPerPage + 1, (page - 1) * kAuditPerPage);
  Html h;
  h.raw("<form method=\"get\" action=\"/audit\" class=\"filters\"><label>操作");
  select_box(h, "action", {{"import", "上传"}, {"review", "审核"}, {"export", "导出"}, {"account", "账户"}}, action,
             "全部");
  h.raw("</label><button type=\"submit\" class=\"secondary\">筛选</button></form><div class=\"scroll\"><table id=\"audit\" class=\"wide\">"
        "<tr><th>时间</th><th>账户</th><th>操作</th><th>城市</th><th>银行</th><th>上传</th><th>记录</th><th>条数</th>"
        "<th>详情</th></tr>");
  for (size_t i = 0; i < entries.size() && i < static_cast<size_t>(kAuditPerPage); ++i) {
    const auto& e = entries[i];
    h.raw("<tr").attr("data-action", e.action).raw("><td>").text(china_time(e.at)).raw("</td><td>").text(e.account)
        .raw("</td><td>").text(*action_label(e.action) ? action_label(e.action) : e.action).raw("</td><td>").text(e.city).raw("</td><td>").text(e.bank).raw("</td><td>");
    if (e.upload_id) h.link("/uploads/" + std::to_string(e.upload_id), "#" + std::to_string(e.upload_id));
    h.raw("</td><td>");
    if (e.record_id) h.link("/records/" + std::to_string(e.record_id), "#" + std::to_string(e.record_id));
    h.raw("</td><td class=\"num\">").num(e.record_count).raw("</td><td class=\"muted wrap\">");
    audit_detail(h, e.detail);
    h.raw("</td></tr>");
  }
  h.raw("</table></div><div class=\"pager\">");
  const std::string base = "/audit?" + (action.empty() ? std::string() : "action=" + action + "&");
  if (page > 1) h.link(base + "page=" + std::to_string(page - 1), "较新");
  h.raw("<span>第 ").num(page).raw(" 页</span>");
  if (entries.size() > static_cast<size_t>(kAuditPerPage)) h.link(base + "page=" + std::to_string(page + 1), "较早");
  h.raw("</div>");
  send_page(r.x, r.user, "操作日志", h);
}

}  // namespace ipsurvey::collector
