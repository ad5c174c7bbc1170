// collector-internal: what the route table (web_routes.cpp) hands each HTML
// page handler, and the handlers themselves, grouped by the file that holds
// them. A handler runs only after the route's role check and, for a POST,
// the CSRF check; it checks the city or bank it touches itself.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "collector/http_exchange.h"
#include "collector/web_page.h"

namespace ipsurvey::collector {

struct WebRequest {
  WebRequest(Exchange& x, WebUser& user) : x(x), user(user) {}
  Exchange& x;
  WebUser& user;
  int64_t id = 0;                                         // the {id} of the path, if any
  std::map<std::string, std::string> query;               // GET parameters
  std::vector<std::pair<std::string, std::string>> form;  // POST fields (urlencoded), in order
  std::string field(const std::string& name) const;       // the first POST field of that name, or ""
  std::string param(const std::string& name) const;       // the GET parameter, or ""
};

// web_upload_pages.cpp (city and province)
void page_uploads(WebRequest& r);
void post_uploads(WebRequest& r);  // reads its own multipart body and checks the CSRF token
void page_upload_results(WebRequest& r);
void page_upload(WebRequest& r);
void download_marked_workbook(WebRequest& r);
void download_template(WebRequest& r);

// web_record_pages.cpp (city: its own; province: every city)
void page_records(WebRequest& r);
void page_record(WebRequest& r);
void post_review(WebRequest& r);
void post_bulk_review(WebRequest& r);

// web_province_pages.cpp
void page_dashboard(WebRequest& r);
void page_exports(WebRequest& r);
void page_audit(WebRequest& r);

// web_account_pages.cpp
void page_accounts(WebRequest& r);
void post_account_add(WebRequest& r);
void post_account_password(WebRequest& r);
void post_account_disable(WebRequest& r);
void post_account_enable(WebRequest& r);

// web_bank_pages.cpp (bank: its own; province: any)
void page_bank(WebRequest& r);
void download_bank_list(WebRequest& r);

// Shared page pieces (web_page_parts.cpp).
// A review state, filing status, upload status or severity as a coloured badge.
void badge(Html& h, const std::string& css_state, const std::string& label);
// "上一页 / 第 n 页，共 m 条 / 下一页" for `base` (a path with its query, without page=).
void pager(Html& h, const std::string& base, int64_t page, int64_t per_page, int64_t total);
int64_t page_number(const WebRequest& r);
// The cities a select offers: every city of the provinces that have records or accounts.
std::vector<std::string> known_cities(db::Database& db);
// A <select name=…> of `options` (value = label), `chosen` selected, "" first when `any` is given.
void select_box(Html& h, const char* name, const std::vector<std::pair<std::string, std::string>>& options,
                const std::string& chosen, const char* any = nullptr);

}  // namespace ipsurvey::collector
