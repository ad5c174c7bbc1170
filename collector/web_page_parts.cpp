// Page pieces shared by the HTML pages (declared in web_handlers.h).
#include <algorithm>
#include <set>

#include "collector/command_support.h"
#include "collector/web_handlers.h"
#include "db/account_store.h"
#include "db/upload_query.h"

namespace ipsurvey::collector {

void badge(Html& h, const std::string& css_state, const std::string& label) {
  h.raw("<span").attr("class", "badge s-" + css_state).raw(">").text(label).raw("</span>");
}

int64_t page_number(const WebRequest& r) {
  const std::string p = r.param("page");
  if (p.empty() || p.size() > 9 || p.find_first_not_of("0123456789") != std::string::npos) return 1;
  return std::max<int64_t>(1, std::stoll(p));
}

void pager(Html& h, const std::string& base, int64_t page, int64_t per_page, int64_t total) {
  const int64_t pages = std::max<int64_t>(1, (total + per_page - 1) / per_page);
  const std::string sep = base.find('?') == std::string::npos ? "?" : "&";
  h.raw("<div class=\"pager\">");
  if (page > 1) h.link(base + sep + "page=" + std::to_string(page - 1), "上一页");
  h.raw("<span>第 ").num(std::min(page, pages)).raw(" / ").num(pages).raw(" 页，共 ").num(total).raw(" 条</span>");
  if (page < pages) h.link(base + sep + "page=" + std::to_string(page + 1), "下一页");
  h.raw("</div>");
}

std::vector<std::string> known_cities(db::Database& db) {
  std::vector<std::string> present = db::upload_cities(db);
  for (const auto& a : db::list_accounts(db))
    if (!a.city.empty()) present.push_back(a.city);
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  return province_cities(present);
}

void select_box(Html& h, const char* name, const std::vector<std::pair<std::string, std::string>>& options,
                const std::string& chosen, const char* any) {
  h.raw("<select").attr("name", name).raw(">");
  if (any) h.raw("<option value=\"\">").raw(any).raw("</option>");
  for (const auto& [value, label] : options) {
    h.raw("<option").attr("value", value);
    if (value == chosen) h.raw(" selected");
    h.raw(">").text(label).raw("</option>");
  }
  h.raw("</select>");
}

}  // namespace ipsurvey::collector
