// The upload pages: the form (drag and drop with progress, or a plain file
// input), the result of each file with its problems at their cells, the
// problem-marked workbook, the upload history and the blank templates.
// A city sees only its own uploads (another's id is 404); the province sees all.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "collector/form_template.h"
#include "collector/marked_workbook.h"
#include "collector/serve_context.h"
#include "collector/survey_table_layout.h"
#include "collector/upload_form.h"
#include "collector/web_handlers.h"
#include "db/record_detail.h"
#include "db/upload_blob.h"
#include "db/review_store.h"
#include "db/upload_query.h"
#include "forms/form_definition.h"

namespace ipsurvey::collector {
namespace {

constexpr int64_t kUploadsPerPage = 30;
constexpr size_t kFilesPerPage = 200;  // of one upload (a zip may hold thousands)

// The upload, when the user may see it (else 404: another city's ids are not told apart from unknown ones).
db::UploadSummary visible_upload(WebRequest& r, int64_t id) {
  auto upload = db::find_upload(r.x.db(), id);
  if (!upload || (r.user.is("city") && upload->city != r.user.account.city))
    throw HttpError(404, "upload.not_found", "没有这次上传");
  return *upload;
}

const char* upload_status_label(const std::string& s) {
  if (s == "ok") return "已保存";
  if (s == "partial") return "部分文件被拒收";
  if (s == "rejected") return "已拒收";
  if (s == "duplicate") return "重复（未改变）";
  return "";
}

void problem_table(Html& h, db::Database& db, int64_t file_id, size_t limit) {
  size_t n = 0, more = 0;
  Html rows;
  db::for_each_file_problem(db, file_id, [&](const Problem& p) {
    if (n >= limit) {
      ++more;
      return;
    }
    ++n;
    const std::string sev = severity_name(p.severity);
    rows.raw("<tr class=\"problem\"").attr("data-code", p.code).attr("data-cell", p.cell).raw("><td>");
    badge(rows, sev, sev == "error" ? "错误" : sev == "warning" ? "警告" : "提示");
    rows.raw("</td><td>").text(p.sheet).raw("</td><td>");
    if (!p.cell.empty()) rows.text(p.cell);
    else if (p.line > 0) rows.raw("第 ").num(p.line).raw(" 行");
    rows.raw("</td><td>").text(any_field_label(p.field)).raw("</td><td>").text(p.message).raw("</td><td class=\"muted\">").text(p.code)
        .raw("</td></tr>");
  });
  if (n == 0) {
    h.raw("<p class=\"muted\">没有发现问题。</p>");
    return;
  }
  h.raw("<div class=\"scroll\"><table class=\"problems\"><tr><th>严重性</th><th>工作表</th><th>单元格</th><th>字段</th>"
        "<th>问题</th><th>代码</th></tr>")
      .add(rows)
      .raw("</table></div>");
  if (more) h.raw("<p class=\"muted\">另有 ").num(static_cast<int64_t>(more)).raw(" 个问题未列出，请下载标注了问题的工作簿查看全部。</p>");
}

bool markable(const std::string& name) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  };
  return ends(".xlsx") || ends(".xlsm") || ends(".XLSX") || ends(".XLSM");
}

void upload_section(Html& h, WebRequest& r, const db::UploadSummary& u, bool duplicate, size_t problem_limit) {
  db::Database& db = r.x.db();
  h.raw("<div class=\"card upload\"").attr("data-upload", std::to_string(u.id)).raw("><h2>").text(u.name).raw(" ");
  if (duplicate) badge(h, "duplicate", upload_status_label("duplicate"));
  else badge(h, u.status, upload_status_label(u.status));
  h.raw("</h2><p class=\"muted\">第 ").num(u.id).raw(" 号上传 · ").text(china_time(u.received_at)).raw(" · ")
      .text(u.account).raw(" · ").text(u.city.empty() ? std::string("城市未知") : u.city);
  if (!u.round.empty()) h.raw(" · 调查轮次 ").text(u.round);
  h.raw("</p>");
  if (duplicate)
    h.raw("<div class=\"flash\">这份文件（或其中每个文件）此前已经上传过，内容相同，本次没有作任何改动。下面是当时的结果。</div>");
  const auto files = db::upload_files(db, u.id);
  size_t shown_files = 0;
  for (const auto& f : files) {
    if (++shown_files > kFilesPerPage) {
      h.raw("<p class=\"muted\">另有 ").num(static_cast<int64_t>(files.size() - kFilesPerPage))
          .raw(" 个文件未列出（每页最多列出 ").num(static_cast<int64_t>(kFilesPerPage)).raw(" 个）。</p>");
      break;
    }
    h.raw("<div class=\"file\"").attr("data-file", std::to_string(f.id)).attr("data-status", f.status).raw("><h3>")
        .text(files.size() == 1 && f.name == u.name ? std::string("读取结果") : f.name).raw(" ");
    badge(h, f.status, f.status == "ok" ? "已读取" : f.status == "rejected" ? "已拒收" : "重复（未改变）");
    h.raw("</h3><p>读到 <b class=\"records-read\">").num(f.record_count).raw("</b> 条记录；错误 ").num(f.error_count)
        .raw(" 个，警告 ").num(f.warning_count).raw(" 个。");
    if (f.status == "ok" && markable(f.name) && f.error_count + f.warning_count > 0)
      h.raw(" ").link("/files/" + std::to_string(f.id) + "/marked.xlsx", "下载标注了问题的工作簿");
    h.raw("</p>");
    problem_table(h, db, f.id, problem_limit);
    h.raw("</div>");
  }
  const auto records = db::upload_records(db, u.id, 200);
  if (!records.empty()) {
    h.raw("<h3>读到的企业</h3><div class=\"scroll\"><table><tr><th>企业名称</th><th>统一社会信用代码</th><th>工作表</th>"
          "<th>版本</th><th>审核状态</th><th>需更正</th></tr>");
    for (const auto& rec : records) {
      h.raw("<tr><td>").link("/records/" + std::to_string(rec.id),
                             rec.enterprise_name.empty() ? std::string("（未填企业名称）") : rec.enterprise_name)
          .raw("</td><td>").text(rec.credit_code).raw("</td><td>").text(rec.sheet);
      if (rec.row > 0) h.raw(" 第 ").num(rec.row).raw(" 行");
      h.raw("</td><td class=\"num\">").num(rec.version).raw("</td><td>");
      badge(h, rec.review, db::review_state_label(rec.review));
      h.raw("</td><td>").raw(rec.needs_correction ? "是" : "").raw("</td></tr>");
    }
    h.raw("</table></div>");
  }
  h.raw("</div>");
}

std::vector<std::pair<std::string, std::string>> city_options(db::Database& db) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : known_cities(db)) out.emplace_back(c, c);
  return out;
}

}  // namespace

void page_uploads(WebRequest& r) {
  db::Database& db = r.x.db();
  Html h;
  h.raw("<div class=\"card\"><form id=\"upload-form\" method=\"post\" action=\"/uploads\" "
        "enctype=\"multipart/form-data\">");
  csrf_field(h, r.user);
  h.raw("<div id=\"drop\" class=\"drop\"><p>把采集表或台账（xlsx、Excel 2003 XML、本系统的 XML，或它们的 zip 压缩包）"
        "拖到这里，或者</p><input type=\"file\" name=\"file\" multiple "
        "accept=\".xlsx,.xlsm,.xml,.zip\"><ul id=\"chosen\"></ul></div><p>");
  if (r.user.is("province")) {
    h.raw("<label>城市 ");
    select_box(h, "city", city_options(db), r.param("city"), "（请选择）");
    h.raw("</label>");
  }
  h.raw("<label>调查轮次（可不填，默认取填报时间的年份）<input type=\"text\" name=\"round\" maxlength=\"16\" size=\"8\">"
        "</label> <button type=\"submit\">上传</button></p><progress id=\"progress\" hidden value=\"0\"></progress>"
        "<p id=\"upload-status\" class=\"muted\"></p></form><p class=\"muted\">每次最多 50 个文件、合计 64 MiB。"
        "同一份文件再次上传不会重复保存。更正后的采集表直接再上传一次即可，它会成为该企业的新版本。 ")
      .link("/templates/survey.xlsx", "下载空白采集表")
      .raw(" · ")
      .link("/templates/ledger.xlsx", "下载空白台账")
      .raw("</p></div>");
  std::string city = r.user.is("city") ? r.user.account.city : r.param("city");
  if (!r.user.is("city") && !city.empty()) city = known_city(city);
  const int64_t page = page_number(r);
  const int64_t total = db::count_uploads(db, city);
  h.raw("<h2>上传记录</h2>");
  if (r.user.is("province")) {
    h.raw("<form method=\"get\" action=\"/uploads\" class=\"filters\"><label>城市");
    select_box(h, "city", city_options(db), city, "全部");
    h.raw("</label><button type=\"submit\" class=\"secondary\">筛选</button></form>");
  }
  h.raw("<div class=\"scroll\"><table id=\"uploads\"><tr><th>编号</th><th>文件</th><th>城市</th><th>上传时间</th><th>账户</th>"
        "<th>状态</th><th>文件数</th><th>记录</th><th>错误</th><th>警告</th></tr>");
  for (const auto& u : db::list_uploads(db, city, kUploadsPerPage, (page - 1) * kUploadsPerPage)) {
    h.raw("<tr><td class=\"num\">").num(u.id).raw("</td><td>").link("/uploads/" + std::to_string(u.id), u.name)
        .raw("</td><td>").text(u.city).raw("</td><td>").text(china_time(u.received_at)).raw("</td><td>").text(u.account)
        .raw("</td><td>");
    badge(h, u.status, upload_status_label(u.status));
    h.raw("</td><td class=\"num\">").num(u.file_count).raw("</td><td class=\"num\">").num(u.record_count)
        .raw("</td><td class=\"num\">").num(u.error_count).raw("</td><td class=\"num\">").num(u.warning_count)
        .raw("</td></tr>");
  }
  h.raw("</table></div>");
  pager(h, city.empty() || r.user.is("city") ? "/uploads" : "/uploads?city=" + url_encode(city), page,
        kUploadsPerPage, total);
  send_page(r.x, r.user, r.user.is("city") ? "上传采集表" : "上传记录", h);
}

namespace {

// Which uploads a results page shows: "12,13d" (d: the bytes were stored before, by that upload).
std::vector<std::pair<int64_t, bool>> parse_result_ids(const std::string& ids) {
  std::vector<std::pair<int64_t, bool>> shown;
  size_t i = 0;
  while (i < ids.size() && shown.size() < kMaxFilesPerRequest) {
    size_t n = 0;
    while (i + n < ids.size() && ids[i + n] >= '0' && ids[i + n] <= '9') ++n;
    if (n == 0 || n > 18) throw HttpError(400, "request.bad_parameter", "ids 无效");
    const int64_t id = std::stoll(ids.substr(i, n));
    i += n;
    const bool dup = i < ids.size() && ids[i] == 'd';
    if (dup) ++i;
    if (i < ids.size() && ids[i] == ',') ++i;
    shown.emplace_back(id, dup);
  }
  return shown;
}

void send_results(WebRequest& r, const std::vector<std::pair<int64_t, bool>>& shown, int status) {
  Html h;
  if (status >= 400)
    h.raw("<div class=\"flash bad\" id=\"upload-refused\">有文件被拒收，原因见下方；请更正后重新上传。</div>");
  for (const auto& [id, dup] : shown) upload_section(h, r, visible_upload(r, id), dup, 200);
  h.raw("<p>").link("/uploads", "继续上传").raw("</p>");
  send_page(r.x, r.user, "上传结果", h, status);
}

}  // namespace

// Each file is an upload of its own. When all were stored, the browser is
// sent on to the results page (303); when the reader refused any, the results
// are the answer itself, with 422 and the reader's reasons.
void post_uploads(WebRequest& r) {
  Slot in_flight(r.x, r.x.ctx.uploads);
  UploadForm form = read_upload_form(r.x);
  if (r.user.session.id.empty() || !same_token(form.field("csrf"), r.user.session.csrf))
    throw HttpError(403, "csrf.invalid", "表单已过期或来源不明，请刷新页面后重试");
  if (form.files.empty()) throw HttpError(400, "upload.no_file", "请选择要上传的文件");
  const std::string city = upload_city(r.user.account, form.field("city"));
  std::vector<std::pair<int64_t, bool>> shown;
  bool refused = false;
  for (auto& file : form.files) {
    std::ostringstream report;  // the pages read the result back from the database
    const UploadResult result = store_uploaded_file(r.x, r.user.account, city, form.field("round"), file, report, false);
    if (result.kind == UploadResult::Kind::Failed || result.upload_id == 0)
      throw std::runtime_error("upload of " + file.name + " was not stored: " + report.str());
    const bool this_refused = result.any_file_rejected || result.kind == UploadResult::Kind::Rejected;
    refused |= this_refused;
    shown.emplace_back(result.upload_id, result.kind == UploadResult::Kind::Duplicate);
    log_event("upload account=" + r.user.account.name + " city=" + city + " upload=" + std::to_string(result.upload_id) +
              " records=" + std::to_string(result.records) + (this_refused ? " refused=1" : ""));
  }
  if (refused) return send_results(r, shown, 422);
  std::string ids;
  for (const auto& [id, dup] : shown) ids += (ids.empty() ? "" : ",") + std::to_string(id) + (dup ? "d" : "");
  redirect(r.x, "/uploads/results?ids=" + ids);
}

void page_upload_results(WebRequest& r) { send_results(r, parse_result_ids(r.param("ids")), 200); }

void page_upload(WebRequest& r) {
  const auto u = visible_upload(r, r.id);
  Html h;
  upload_section(h, r, u, false, 500);
  send_page(r.x, r.user, "第 " + std::to_string(u.id) + " 号上传", h);
}

void download_marked_workbook(WebRequest& r) {
  const auto file = db::find_stored_file(r.x.db(), r.id);
  if (!file || (r.user.is("city") && file->city != r.user.account.city))
    throw HttpError(404, "file.not_found", "没有这个文件");
  std::string reason;
  Slot heavy(r.x, r.x.ctx.heavy);
  auto marked = marked_workbook(r.x.db(), r.id, &reason);
  if (!marked) throw HttpError(422, "file.not_markable", reason.empty() ? "这个文件无法标注" : reason);
  r.x.resp.set("Content-Disposition",
               "attachment; filename=\"marked.xlsx\"; filename*=UTF-8''" + url_encode(marked->file_name));
  send(r.x, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", marked->bytes);
}

void download_template(WebRequest& r) {
  const bool survey = r.x.path() == "/templates/survey.xlsx";
  const FormDefinition* def = form_definition(survey ? "survey" : "ledger");
  char tmpl[] = "/tmp/ipsurvey-template-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  const std::string path = tmpl;
  std::string error, bytes;
  const bool ok = write_form_template(*def, path, error);
  if (ok) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::remove(path.c_str());
  if (!ok || bytes.empty()) throw std::runtime_error("template: " + error);
  const std::string name = survey ? "企业知识产权质押融资信息采集表.xlsx" : "知识产权金融工作事项台账.xlsx";
  r.x.resp.set("Content-Disposition",
               std::string("attachment; filename=\"") + (survey ? "survey" : "ledger") +
                   ".xlsx\"; filename*=UTF-8''" + url_encode(name));
  send(r.x, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
}

}  // namespace ipsurvey::collector
