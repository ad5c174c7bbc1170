#include "collector/web_page.h"

#include <ctime>

namespace ipsurvey::collector {
namespace {

constexpr const char* kStyle = R"CSS(
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
  font-size:15px;color:#1f2933;background:#f4f6f8;line-height:1.5}
header{background:#1d4e89;color:#fff;padding:0 24px;display:flex;align-items:center;gap:24px;flex-wrap:wrap}
header .brand{font-weight:700;font-size:17px;padding:12px 0}
header nav{display:flex;gap:4px;flex-wrap:wrap;flex:1}
header nav a{color:#dfe9f5;text-decoration:none;padding:14px 10px}
header nav a:hover{color:#fff;background:#245ea3}
header .who{font-size:13px;display:flex;align-items:center;gap:8px}
header .who button{background:transparent;color:#fff;border:1px solid #8fb0d6;border-radius:3px;padding:3px 10px;cursor:pointer}
main{max-width:1480px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:8px 0 16px}
h2{font-size:18px;margin:24px 0 10px}
.card{background:#fff;border:1px solid #d9e0e7;border-radius:6px;padding:16px 18px;margin-bottom:16px}
.card>:first-child{margin-top:0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #d9e0e7;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;margin-bottom:16px}
table.wide td{white-space:nowrap}
table.wide td.wrap{white-space:normal;min-width:12em}
a{color:#1d5fa8}
.muted{color:#66768a;font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;white-space:nowrap;background:#e3e8ee}
.s-approved,.s-on_time,.s-ok{background:#d9f2df;color:#1b6b34}
.s-pending,.s-not_due{background:#e3e8ee;color:#3d4b5c}
.s-returned,.s-late,.s-partial,.s-warning,.s-duplicate{background:#fff1c2;color:#7a5500}
.s-rejected,.s-missing,.s-error{background:#fde0e0;color:#9b1c1c}
.flash{padding:10px 14px;border-radius:6px;margin-bottom:14px;background:#e7f1fb;border:1px solid #b5d3f0}
.flash.bad{background:#fde0e0;border-color:#f0b5b5}
form.inline{display:inline}
label{display:inline-block;margin:4px 12px 4px 0}
input[type=text],input[type=password],input[type=number],select,textarea{font:inherit;padding:5px 8px;border:1px solid #b8c4d0;border-radius:4px;background:#fff}
textarea{width:100%;min-height:60px}
button,.button{font:inherit;background:#1d5fa8;color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#e3e8ee;color:#1f2933}
button.danger{background:#b42318}
.filters{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:flex-end}
input.short{width:7em}
label.block{display:block}
.filters label{display:flex;flex-direction:column;font-size:13px;color:#3d4b5c;margin:0}
.pager{margin:12px 0;display:flex;gap:12px;align-items:center}
.drop{border:2px dashed #8fb0d6;border-radius:8px;padding:28px;text-align:center;background:#f8fbff}
.drop.over{background:#e7f1fb;border-color:#1d5fa8}
progress{width:100%;height:14px}
.kv th{width:260px;white-space:normal}
tr.problem td{background:#fff8f8}
.login{max-width:380px;margin:60px auto}
.login label{display:block}
.login input{width:100%}
)CSS";

constexpr const char* kScript = R"JS(
(function () {
  var form = document.getElementById('upload-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = form.querySelector('input[type=file]');
  var drop = document.getElementById('drop');
  var list = document.getElementById('chosen');
  var bar = document.getElementById('progress');
  var status = document.getElementById('upload-status');
  var files = [];
  function show() {
    list.textContent = '';
    files.forEach(function (f) {
      var li = document.createElement('li');
      li.textContent = f.name + '（' + Math.ceil(f.size / 1024) + ' KB）';
      list.appendChild(li);
    });
  }
  input.addEventListener('change', function () { files = Array.prototype.slice.call(input.files); show(); });
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) {
    files = files.concat(Array.prototype.slice.call(e.dataTransfer.files));
    show();
  });
  form.addEventListener('submit', function (e) {
    if (!files.length) return;  // nothing chosen: let the browser (and the server) say so
    e.preventDefault();
    var data = new FormData();
    form.querySelectorAll('input[type=hidden],select,input[type=text]').forEach(function (el) {
      if (el.name) data.append(el.name, el.value);
    });
    files.forEach(function (f) { data.append('file', f, f.name); });
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) { bar.max = ev.total; bar.value = ev.loaded;
        status.textContent = '已上传 ' + Math.round(100 * ev.loaded / ev.total) + '%'; }
    };
    xhr.onload = function () {
      if (xhr.status < 400 && xhr.responseURL) { window.location = xhr.responseURL; return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { status.textContent = '上传失败：网络错误，请重试'; };
    status.textContent = '正在上传…';
    xhr.send(data);
  });
})();
)JS";

void nav_link(Html& h, const char* href, const char* label) {
  h.raw("<a").attr("href", href).raw(">").raw(label).raw("</a>");
}

}  // namespace

const char* role_label(const std::string& role) {
  if (role == "province") return "省局";
  if (role == "city") return "城市";
  if (role == "bank") return "银行";
  return "";
}

std::string china_time(const std::string& iso) {
  std::tm tm{};
  if (iso.size() < 19 || !strptime(iso.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return iso;
  time_t t = timegm(&tm) + 8 * 3600;
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &out);
  return buf;
}

void csrf_field(Html& h, const WebUser& user) {
  h.raw("<input type=\"hidden\" name=\"csrf\"").attr("value", user.session.csrf).raw(">");
}

void send_page(Exchange& x, const WebUser& user, std::string_view title, const Html& body, int status) {
  Html h;
  h.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
      .text(title)
      .raw(" · 知识产权质押融资信息采集</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body>"
           "<header><div class=\"brand\">知识产权质押融资信息采集</div><nav>");
  if (user.signed_in()) {
    if (user.is("province")) {
      nav_link(h, "/dashboard", "各市概况");
      nav_link(h, "/records", "需求名单");
      nav_link(h, "/uploads", "上传记录");
      nav_link(h, "/exports", "导出银行名单");
      nav_link(h, "/audit", "操作日志");
      nav_link(h, "/accounts", "账户管理");
    } else if (user.is("city")) {
      nav_link(h, "/uploads", "上传采集表");
      nav_link(h, "/records", "本市企业");
    } else if (user.is("bank")) {
      nav_link(h, "/bank", "本行名单");
    }
  }
  h.raw("</nav>");
  if (user.signed_in()) {
    h.raw("<div class=\"who\"><span>").text(user.account.name).raw("（").raw(role_label(user.account.role));
    if (user.is("city")) h.raw("·").text(user.account.city);
    if (user.is("bank")) h.raw("·").text(user.account.bank);
    h.raw("）</span><form class=\"inline\" method=\"post\" action=\"/logout\">");
    csrf_field(h, user);
    h.raw("<button type=\"submit\">退出</button></form></div>");
  }
  h.raw("</header><main><h1>").text(title).raw("</h1>").add(body).raw(
      "</main><script src=\"/static/app.js\"></script></body></html>\n");
  send(x, status, "text/html; charset=utf-8", h.str());
}

void send_error_page(Exchange& x, const WebUser& user, int status, const std::string& code,
                     const std::string& message) {
  Html body;
  body.raw("<div class=\"flash bad\">").text(message).raw(" <span class=\"muted\">（").text(code).raw(
      "）</span></div><p><a href=\"/\">返回首页</a></p>");
  const char* title = status == 404   ? "没有找到"
                      : status == 403 ? "无权访问"
                      : status >= 500 ? "服务器出错"
                                      : "请求未被接受";
  send_page(x, user, title, body, status);
}

bool serve_static(Exchange& x, const std::string& path) {
  if (path == "/static/app.css") {
    send(x, 200, "text/css; charset=utf-8", kStyle);
    return true;
  }
  if (path == "/static/app.js") {
    send(x, 200, "text/javascript; charset=utf-8", kScript);
    return true;
  }
  return false;
}

}  // namespace ipsurvey::collector
