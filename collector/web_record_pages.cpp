// The enterprises: the roster with filters, sorting and paging (a city sees
// its own enterprises, the province every city's), an enterprise's page with
// every field and where it was read, its versions and review history, and
// the province's review, one at a time or in bulk.
#include <algorithm>

#include "collector/command_line.h"
#include "collector/serve_context.h"
#include "collector/survey_filter_options.h"
#include "collector/survey_table_layout.h"
#include "collector/table_output.h"
#include "collector/web_handlers.h"
#include "db/record_columns.h"
#include "db/record_detail.h"
#include "db/record_sources.h"
#include "db/review_store.h"
#include "db/survey_query.h"
#include <Poco/URI.h>

#include "forms/banks.h"
#include "forms/form_definition.h"
#include "forms/json_reader.h"

namespace ipsurvey::collector {
namespace {

constexpr int64_t kRowsPerPage = 50;

// Query parameter -> the roster command's option (survey_filter_options.h).
const std::pair<const char*, const char*> kFilterParams[] = {
    {"city", "--city"},     {"round", "--round"},           {"industry", "--industry"},
    {"size", "--size"},     {"term", "--term"},             {"cost", "--cost"},
    {"bank", "--bank"},     {"purpose", "--purpose"},       {"review", "--review"},
    {"min", "--min-amount"}, {"max", "--max-amount"}};

const std::pair<const char*, const char*> kSorts[] = {
    {"", "推荐顺序（高新/专精特新、专利多者在前）"}, {"amount_desc", "拟融资额从高到低"},
    {"amount_asc", "拟融资额从低到高"},               {"name", "企业名称"},
    {"code", "信用代码"}};

std::vector<std::pair<std::string, std::string>> options_of(const char* field) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const FieldDef* f = form_definition("survey")->field(field))
    for (const auto& o : f->options) out.emplace_back(o.code, o.spellings.front());
  return out;
}

std::vector<std::pair<std::string, std::string>> review_options() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* s : {"pending", "approved", "returned", "rejected"}) out.emplace_back(s, db::review_state_label(s));
  return out;
}

std::vector<std::pair<std::string, std::string>> bank_options() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& b : Banks::instance().full_names()) out.emplace_back(b, b);
  return out;
}

// The filter the query asks for, within what the user may see.
db::SurveyFilter filter_from(const WebUser& user, const std::map<std::string, std::string>& params,
                             std::string* canonical_query) {
  auto get = [&](const std::string& k) {
    auto it = params.find(k);
    return it == params.end() ? std::string() : it->second;
  };
  std::vector<std::string> args;
  std::string query;
  for (const auto& [param, option] : kFilterParams) {
    std::string v = get(param);
    if (user.is("city") && std::string(param) == "city") v = user.account.city;
    if (v.empty()) continue;
    args.push_back(option);
    args.push_back(v);
    if (!(user.is("city") && std::string(param) == "city"))
      query += std::string(query.empty() ? "" : "&") + param + "=" + url_encode(v);
  }
  for (const char* flag : {"high-tech", "all"}) {
    if (get(flag).empty()) continue;
    args.push_back(std::string("--") + flag);
    query += std::string(query.empty() ? "" : "&") + flag + "=1";
  }
  if (!get("sort").empty()) query += std::string(query.empty() ? "" : "&") + "sort=" + url_encode(get("sort"));
  CommandLine cl(args, survey_filter_flags(), survey_filter_options());
  db::SurveyFilter f;
  std::string error;
  if (!cl.ok() || !survey_filter_from(cl, f, &error))
    throw HttpError(400, "request.bad_parameter", error.empty() ? cl.error() : error);
  if (user.is("city")) {
    f.city = user.account.city;
    f.need_only = false;  // a city sees every enterprise it surveyed
  }
  const std::string sort = get("sort");
  if (sort == "amount_desc") f.order = db::SurveyFilter::Order::AmountDesc;
  else if (sort == "amount_asc") f.order = db::SurveyFilter::Order::AmountAsc;
  else if (sort == "name") f.order = db::SurveyFilter::Order::Name;
  else if (sort == "code") f.order = db::SurveyFilter::Order::CreditCode;
  else if (!sort.empty()) throw HttpError(400, "request.bad_parameter", "排序方式无效");
  *canonical_query = query;
  return f;
}

db::SurveyFilter filter_of(WebRequest& r, std::string* canonical_query) {
  return filter_from(r.user, r.query, canonical_query);
}

void filter_form(Html& h, WebRequest& r) {
  h.raw("<form method=\"get\" action=\"/records\" class=\"filters card\">");
  if (r.user.is("province")) {
    h.raw("<label>城市");
    std::vector<std::pair<std::string, std::string>> cities;
    for (const auto& c : known_cities(r.x.db())) cities.emplace_back(c, c);
    select_box(h, "city", cities, r.param("city"), "全部");
    h.raw("</label>");
  }
  h.raw("<label>调查轮次<input type=\"text\" name=\"round\" size=\"6\" maxlength=\"16\"").attr("value", r.param("round"))
      .raw("></label><label>所属行业");
  select_box(h, "industry", options_of("industry"), r.param("industry"), "全部");
  h.raw("</label><label>企业规模");
  select_box(h, "size", options_of("enterprise_size"), r.param("size"), "全部");
  h.raw("</label><label>贷款期限");
  select_box(h, "term", options_of("loan_term"), r.param("term"), "全部");
  h.raw("</label><label>最高融资成本");
  select_box(h, "cost", options_of("max_cost"), r.param("cost"), "全部");
  h.raw("</label><label>拟合作银行");
  select_box(h, "bank", bank_options(), r.param("bank"), "全部");
  h.raw("</label><label>融资目的");
  select_box(h, "purpose", options_of("purposes"), r.param("purpose"), "全部");
  h.raw("</label><label>审核状态");
  select_box(h, "review", review_options(), r.param("review"), "全部");
  h.raw("</label><label>拟融资额下限（万元）<input type=\"number\" name=\"min\" min=\"0\" step=\"any\" class=\"short\"")
      .attr("value", r.param("min"))
      .raw("></label><label>上限<input type=\"number\" name=\"max\" min=\"0\" step=\"any\" class=\"short\"")
      .attr("value", r.param("max"))
      .raw("></label><label>排序");
  std::vector<std::pair<std::string, std::string>> sorts;
  for (const auto& [v, l] : kSorts) sorts.emplace_back(v, l);
  select_box(h, "sort", sorts, r.param("sort"));
  h.raw("</label><label><span><input type=\"checkbox\" name=\"high-tech\" value=\"1\"");
  if (!r.param("high-tech").empty()) h.raw(" checked");
  h.raw("> 只看高新/专精特新</span></label>");
  if (r.user.is("province")) {
    h.raw("<label><span><input type=\"checkbox\" name=\"all\" value=\"1\"");
    if (!r.param("all").empty()) h.raw(" checked");
    h.raw("> 含无融资需求的企业</span></label>");
  }
  h.raw("<button type=\"submit\">筛选</button> <a class=\"button secondary\" href=\"/records\">清除</a></form>");
}

void cell_html(Html& h, const Cell& c) {
  if (c.kind == Cell::Kind::Number) h.raw("<td class=\"num\">").text(format_number(c.number)).raw("</td>");
  else h.raw("<td>").text(c.text).raw("</td>");
}

// Columns of the roster file that the page leaves out (the enterprise's page has them).
bool page_skips(const std::string& header) {
  return header == "融资目的" || header == "商标软著布图合计" || header == "版本";
}

std::string safe_back(const std::string& back) {
  // Only a path of the roster page: never another site, never another page.
  if (back.compare(0, 8, "/records") != 0 || back.find("//") != std::string::npos || back.size() > 1000 ||
      back.find_first_of("\r\n\\") != std::string::npos)
    return "/records";
  return back;
}

db::RecordDetail visible_record(WebRequest& r, int64_t id) {
  auto d = db::find_record(r.x.db(), id);
  if (!d || (r.user.is("city") && d->city != r.user.account.city))
    throw HttpError(404, "record.not_found", "没有这条记录");
  return *d;
}

}  // namespace

void page_records(WebRequest& r) {
  db::Database& db = r.x.db();
  std::string query;
  db::SurveyFilter f = filter_of(r, &query);
  const int64_t page = page_number(r);
  const int64_t total = db::count_survey_entries(db, f);
  f.limit = kRowsPerPage;
  f.offset = (page - 1) * kRowsPerPage;
  const bool province = r.user.is("province");
  const std::string base = query.empty() ? "/records" : "/records?" + query;
  Html h;
  auto digits = [](const std::string& v) {
    return !v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string::npos;
  };
  if (digits(r.param("reviewed"))) {
    h.raw("<div class=\"flash\" id=\"review-done\">已审核 ").text(r.param("reviewed")).raw(" 条记录。");
    if (digits(r.param("skipped")))
      h.raw("跳过 <span id=\"review-skipped\">").text(r.param("skipped")).raw("</span> 条需要更正的记录。");
    h.raw("</div>");
  }
  filter_form(h, r);
  if (province) {
    h.raw("<form method=\"post\" action=\"/review\" id=\"bulk-review\">");
    csrf_field(h, r.user);
    h.raw("<input type=\"hidden\" name=\"back\"").attr("value", base).raw(">");
  }
  const TableHeader header = roster_header("");
  h.raw("<div class=\"scroll\"><table id=\"roster\" class=\"wide\"><tr>");
  if (province) h.raw("<th>选择</th>");
  for (const auto& c : header.columns)
    if (!page_skips(c.header)) h.raw("<th>").text(c.header).raw("</th>");
  h.raw("<th>省局意见</th></tr>");
  int64_t position = f.offset;
  db::for_each_survey_entry(db, f, [&](const db::SurveyEntry& e) {
    ++position;
    h.raw("<tr").attr("data-record", std::to_string(e.record_id)).attr("data-code", e.credit_code).raw(">");
    if (province) {
      h.raw("<td><input type=\"checkbox\" name=\"id\"").attr("value", std::to_string(e.record_id))
          .attr("aria-label", "选择 " + e.enterprise_name).raw("></td>");
    }
    const auto cells = roster_row(static_cast<size_t>(position), e);
    for (size_t i = 0; i < cells.size(); ++i) {
      if (page_skips(header.columns[i].header)) continue;
      if (header.columns[i].header == "拟合作银行") {
        h.raw("<td class=\"wrap\">").text(cells[i].text).raw("</td>");
      } else if (i == 2) {
        h.raw("<td>").link("/records/" + std::to_string(e.record_id),
                           e.enterprise_name.empty() ? std::string("（未填企业名称）") : e.enterprise_name)
            .raw("</td>");
      } else if (header.columns[i].header == "审核状态") {
        h.raw("<td>");
        badge(h, e.review, db::review_state_label(e.review));
        h.raw("</td>");
      } else {
        cell_html(h, cells[i]);
      }
    }
    h.raw("<td class=\"wrap\">").text(e.review_note).raw("</td></tr>");
  });
  h.raw("</table></div>");
  if (total == 0) h.raw("<p class=\"muted\">没有符合条件的企业。</p>");
  pager(h, base, page, kRowsPerPage, total);
  if (province) {
    h.raw("<div class=\"card\"><h2>批量审核选中的企业</h2><p><label>审核结果 ");
    select_box(h, "state", {{"approved", "通过"}, {"returned", "退回（需填意见）"}, {"rejected", "不通过"}},
               "approved");
    h.raw("</label></p><p><label class=\"block\">审核意见<textarea name=\"note\" maxlength=\"2000\"></textarea>"
          "</label></p><p><button type=\"submit\">对选中的企业执行</button> <button type=\"submit\" "
          "class=\"secondary\" name=\"scope\" value=\"pending\">对当前筛选条件下全部待审核企业执行（须先选城市）</button></p>"
          "<p class=\"muted\">需要更正的记录不参与批量审核，请逐条审核或等城市重新上传。</p></div></form>");
  }
  send_page(r.x, r.user, province ? "需求名单" : "本市企业", h);
}

void page_record(WebRequest& r) {
  db::Database& db = r.x.db();
  const db::RecordDetail d = visible_record(r, r.id);
  Record record;
  std::string error;
  if (!read_record_fields_json(d.fields_json, &record, &error)) throw std::runtime_error("record fields: " + error);
  std::vector<std::pair<std::string, SourceRef>> sources;
  db::decode_sources(d.sources_json, record.keys, d.row, &sources);
  auto source_of = [&](const std::string& key) -> const SourceRef* {
    for (const auto& [k, s] : sources)
      if (k == key) return &s;
    return nullptr;
  };
  const auto problems = db::record_problems(db, d.id);

  Html h;
  if (!r.param("reviewed").empty()) h.raw("<div class=\"flash\" id=\"review-done\">审核结果已保存。</div>");
  if (d.review == "returned" || d.review == "rejected") {
    h.raw("<div class=\"flash bad\" id=\"review-note\"><b>省局").raw(d.review == "returned" ? "退回" : "未通过")
        .raw("：</b>").text(d.review_note);
    if (r.user.is("city")) h.raw(" — 请更正后").link("/uploads", "重新上传采集表").raw("，更正后的版本会重新进入审核。");
    h.raw("</div>");
  }
  if (!d.latest) h.raw("<div class=\"flash\">这是旧版本；该企业已有更新的版本（见下方“版本”）。</div>");
  h.raw("<div class=\"card\"><table class=\"kv\"><tr><th>城市</th><td>").text(d.city).raw("</td></tr><tr><th>调查轮次</th><td>")
      .text(d.round).raw("</td></tr><tr><th>统一社会信用代码</th><td>").text(d.credit_code)
      .raw("</td></tr><tr><th>审核状态</th><td id=\"review-state\">");
  badge(h, d.review, db::review_state_label(d.review));
  if (d.needs_correction) h.raw(" ").raw("<span class=\"badge s-error\">需更正</span>");
  h.raw("</td></tr><tr><th>来源</th><td>").link("/uploads/" + std::to_string(d.upload_id), d.file_name)
      .raw("，工作表 ").text(d.sheet);
  if (d.row > 0) h.raw(" 第 ").num(d.row).raw(" 行");
  h.raw("（").text(china_time(d.received_at)).raw("，").text(d.upload_account).raw("）</td></tr><tr><th>版本</th><td>")
      .num(d.version).raw(d.latest ? "（最新）" : "").raw("</td></tr></table></div>");

  if (r.user.is("province") && d.latest) {
    h.raw("<div class=\"card\"><h2>审核</h2><form method=\"post\"")
        .attr("action", "/records/" + std::to_string(d.id) + "/review")
        .raw(" id=\"review-form\">");
    csrf_field(h, r.user);
    h.raw("<p><label><input type=\"radio\" name=\"state\" value=\"approved\" checked> 通过</label>"
          "<label><input type=\"radio\" name=\"state\" value=\"returned\"> 退回城市更正</label>"
          "<label><input type=\"radio\" name=\"state\" value=\"rejected\"> 不通过</label>"
          "<label><input type=\"radio\" name=\"state\" value=\"pending\"> 改回待审核</label></p>"
          "<p><label class=\"block\">审核意见（退回时必填；城市可以看到）"
          "<textarea name=\"note\" maxlength=\"2000\"></textarea></label></p><p><button type=\"submit\">保存审核结果</button></p>"
          "</form></div>");
  }

  if (!problems.empty()) {
    h.raw("<h2>问题</h2><div class=\"scroll\"><table id=\"record-problems\"><tr><th>严重性</th><th>单元格</th><th>字段</th>"
          "<th>问题</th><th>代码</th></tr>");
    for (const auto& p : problems) {
      const std::string sev = severity_name(p.severity);
      h.raw("<tr class=\"problem\"><td>");
      badge(h, sev, sev == "error" ? "错误" : sev == "warning" ? "警告" : "提示");
      h.raw("</td><td>").text(p.cell).raw("</td><td>").text(any_field_label(p.field)).raw("</td><td>").text(p.message)
          .raw("</td><td class=\"muted\">").text(p.code).raw("</td></tr>");
    }
    h.raw("</table></div>");
  }

  h.raw("<h2>填报内容</h2><div class=\"scroll\"><table class=\"kv\" id=\"fields\"><tr><th>字段</th><th>内容</th>"
        "<th>来源（文件 · 工作表 · 单元格）</th></tr>");
  for (size_t i = 0; i < record.keys.size(); ++i) {
    const std::string& key = record.keys[i];
    h.raw("<tr").attr("data-key", key).raw("><th>").text(survey_field_label(key)).raw("</th><td>")
        .text(survey_field_text(key, record.values[i])).raw("</td><td class=\"muted\">");
    if (const SourceRef* s = source_of(key)) {
      h.text(d.file_name).raw(" · ").text(d.sheet).raw(" · ");
      if (!s->cell.empty()) h.raw("<span class=\"cell\">").text(s->cell).raw("</span>");
      else if (s->line > 0) h.raw("第 ").num(s->line).raw(" 行");
    }
    h.raw("</td></tr>");
  }
  h.raw("</table></div>");

  if (d.enterprise_id) {
    h.raw("<h2>版本</h2><table id=\"versions\"><tr><th>版本</th><th>文件</th><th>收到时间</th><th>账户</th><th>审核状态</th></tr>");
    for (const auto& v : db::record_versions(db, *d.enterprise_id)) {
      h.raw("<tr><td>").link("/records/" + std::to_string(v.record_id), "第 " + std::to_string(v.version) + " 版")
          .raw(v.latest ? "（最新）" : "").raw("</td><td>").text(v.upload_name).raw("</td><td>")
          .text(china_time(v.received_at)).raw("</td><td>").text(v.account).raw("</td><td>");
      badge(h, v.review, db::review_state_label(v.review));
      h.raw("</td></tr>");
    }
    h.raw("</table>");
  }
  const auto history = d.enterprise_id ? db::review_history(db, *d.enterprise_id, true)
                                       : db::review_history(db, d.id, false);
  h.raw("<h2>审核记录</h2>");
  if (history.empty()) h.raw("<p class=\"muted\">尚未审核。</p>");
  else {
    h.raw("<table id=\"history\"><tr><th>时间</th><th>记录</th><th>结果</th><th>意见</th><th>审核人</th></tr>");
    for (const auto& e : history) {
      h.raw("<tr><td>").text(china_time(e.at)).raw("</td><td>").link("/records/" + std::to_string(e.record_id),
                                                                      "#" + std::to_string(e.record_id))
          .raw("</td><td>");
      badge(h, e.state, db::review_state_label(e.state));
      h.raw("</td><td>").text(e.note).raw("</td><td>").text(e.account).raw("</td></tr>");
    }
    h.raw("</table>");
  }
  send_page(r.x, r.user, d.enterprise_name.empty() ? std::string("（未填企业名称）") : d.enterprise_name, h);
}

void post_review(WebRequest& r) {
  const std::string note = r.field("note");
  if (note.size() > 8000) throw HttpError(400, "review.note_too_long", "审核意见过长");
  switch (db::set_review(r.x.db(), r.id, r.field("state"), note, r.user.account.name)) {
    case db::ReviewResult::Done: break;
    case db::ReviewResult::UnknownRecord: throw HttpError(404, "record.not_found", "没有这条记录");
    case db::ReviewResult::NotLatest:
      throw HttpError(409, "review.not_latest", "这条记录已有更新版本，请审核最新版本");
    case db::ReviewResult::BadState: throw HttpError(400, "review.bad_state", "审核状态无效");
    case db::ReviewResult::NoteRequired: throw HttpError(400, "review.note_required", "退回需要填写审核意见");
  }
  log_event("review account=" + r.user.account.name + " record=" + std::to_string(r.id) + " state=" + r.field("state"));
  redirect(r.x, "/records/" + std::to_string(r.id) + "?reviewed=1");
}

void post_bulk_review(WebRequest& r) {
  db::Database& db = r.x.db();
  const std::string state = r.field("state"), note = r.field("note");
  if (note.size() > 8000) throw HttpError(400, "review.note_too_long", "审核意见过长");
  if (!db::valid_review_state(state)) throw HttpError(400, "review.bad_state", "审核状态无效");
  std::vector<int64_t> ids;
  int64_t skipped = 0;
  const std::string back = safe_back(r.field("back"));
  if (r.field("scope") == "pending") {
    // Every pending record the roster page shows (all its pages): the same filter, one city.
    std::map<std::string, std::string> params;
    const auto q = back.find('?');
    if (q != std::string::npos) {
      try {
        for (const auto& [k, v] : Poco::URI(back).getQueryParameters()) params[k] = v;
      } catch (const Poco::Exception&) {
        throw HttpError(400, "request.bad_parameter", "back 无效");
      }
    }
    std::string ignored;
    db::SurveyFilter f = filter_from(r.user, params, &ignored);
    if (f.city.empty()) throw HttpError(400, "review.city_required", "批量审核全部待审核企业时，请先筛选一个城市");
    f.review = {"pending"};
    db::for_each_survey_entry(db, f, [&](const db::SurveyEntry& e) {
      if (e.needs_correction) ++skipped;
      else ids.push_back(e.record_id);
    });
  } else {
    for (const auto& [k, v] : r.form) {
      if (k != "id") continue;
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
        throw HttpError(400, "request.bad_parameter", "记录号无效");
      const int64_t id = std::stoll(v);
      // As in the bulk review of every pending record: one that needs correction is
      // reviewed on its own page, or sent again by the city.
      const auto record = db::find_record(db, id);
      if (record && record->needs_correction) {
        ++skipped;
        continue;
      }
      ids.push_back(id);
    }
    if (ids.empty() && skipped == 0) throw HttpError(400, "review.none_selected", "没有选中任何企业");
    if (ids.size() > 5000) throw HttpError(400, "review.too_many", "一次最多审核 5000 条");
  }
  int64_t done = 0;
  for (const auto result : db::set_reviews(db, ids, state, note, r.user.account.name)) {
    if (result == db::ReviewResult::NoteRequired) throw HttpError(400, "review.note_required", "退回需要填写审核意见");
    if (result == db::ReviewResult::Done) ++done;
  }
  log_event("review account=" + r.user.account.name + " records=" + std::to_string(done) + " state=" + state);
  redirect(r.x, back + (back.find('?') == std::string::npos ? "?" : "&") + "reviewed=" + std::to_string(done) +
                   (skipped ? "&skipped=" + std::to_string(skipped) : ""));
}

}  // namespace ipsurvey::collector
