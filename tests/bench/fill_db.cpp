// Fills a database with N synthetic enterprises through the real import path
// (db::ImportSession), for the query benchmark (bench_queries.py):
//   bench_fill_db DB N [SEED]
// Records look like a summary table's rows: 11 Hebei cities, every survey
// field of forms.md answered with plausible values (names, codes, amounts,
// choices, banks, purposes, IP counts, risk answers). Uploads of 100,000
// records each, one transaction per upload, as `ipsurvey import` would.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/import_session.h"
#include "forms/credit_code.h"
#include "forms/record.h"

using namespace ipsurvey;

namespace {

const char* kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

std::string credit_code(std::mt19937_64& rng, const std::string& division) {
  std::string body = "91" + division;
  while (body.size() < 16) body.push_back(kAlphabet[rng() % 31]);
  body.push_back(credit_code_org_check_digit(std::string_view(body).substr(8, 8)));  // both digits valid
  return body + credit_code_check_digit(body);
}

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[rng() % v.size()];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_fill_db DB N [SEED]\n");
    return 2;
  }
  const long long total = std::atoll(argv[2]);
  std::mt19937_64 rng(argc > 3 ? std::atoll(argv[3]) : 2022);
  const std::vector<std::pair<std::string, std::string>> cities = {
      {"石家庄市", "130100"}, {"唐山市", "130200"}, {"秦皇岛市", "130300"}, {"邯郸市", "130400"},
      {"邢台市", "130500"},   {"保定市", "130600"}, {"张家口市", "130700"}, {"承德市", "130800"},
      {"沧州市", "130900"},   {"廊坊市", "131000"}, {"衡水市", "131100"}};
  const std::vector<std::string> industries = {"steel", "equipment", "petrochemical", "food", "info_intelligence",
                                               "biomedicine", "new_energy_materials", "other"};
  const std::vector<std::string> sizes = {"large", "medium", "small", "micro"};
  const std::vector<std::string> terms = {"under_3m", "3m_6m", "6m_1y", "1y_2y"};
  const std::vector<std::string> costs = {"benchmark", "5_6", "6_7", "7_8", "8_9", "9_10", "over_10"};
  const std::vector<std::string> natures = {"sino_foreign", "state_owned", "private", "other"};
  const std::vector<std::string> banks = {"中国银行", "中国工商银行", "中国建设银行", "中国农业银行", "交通银行",
                                          "河北银行", "招商银行", "中国邮政储蓄银行"};
  const std::vector<std::string> purposes = {"expand", "working_capital", "repay_loans", "fixed_assets",
                                             "tech_upgrade", "new_project", "new_company", "other"};
  auto db = db::Database::open(argv[1]);
  const auto start = std::chrono::steady_clock::now();
  long long done = 0;
  int upload = 0;
  while (done < total) {
    const long long n = std::min<long long>(100000, total - done);
    db::UploadInfo info;
    info.name = "bench_" + std::to_string(upload) + ".xlsx";
    info.account = "bench";
    info.round = "2022";
    const std::string bytes = "synthetic upload " + std::to_string(upload++) + " seed " + std::to_string(rng());
    db::ImportSession s(*db, info, bytes);
    for (long long i = 0; i < n; ++i) {
      const auto& [city, division] = pick(rng, cities);
      Record r;
      r.form = "survey";
      r.sheet = "汇总表";
      r.row = static_cast<int>(i + 3);
      r.city = city;
      const std::string col_row = std::to_string(r.row);
      auto text = [&](const char* key, std::string v) { r.append(key, FieldValue::of_text(std::move(v))); };
      auto number = [&](const char* key, double v) { r.append(key, FieldValue::of_number(v)); };
      text("filled_month", "2022-0" + std::to_string(1 + rng() % 9));
      number("controller_years", double(rng() % 30));
      text("controller_education", pick(rng, std::vector<std::string>{"本科", "硕士", "大专", "博士"}));
      text("enterprise_name", city.substr(0, city.size() - 3) + "企业" + std::to_string(done + i) + "科技有限公司");
      text("enterprise_nature", pick(rng, natures));
      number("years_established", double(1 + rng() % 30));
      number("registered_capital_wan", double(100 + rng() % 10000));
      text("address", "河北省" + city + "某某区某某路" + std::to_string(rng() % 500) + "号");
      text("premises_ownership", rng() % 2 ? "自有" : "租赁");
      r.append("recognised_high_tech", FieldValue::of_bool(rng() % 4 == 0));
      r.append("management_changed_12m", FieldValue::of_bool(rng() % 10 == 0));
      text("credit_code", credit_code(rng, division));
      text("enterprise_size", pick(rng, sizes));
      text("contact_name", "联系人" + std::to_string(rng() % 1000));
      text("contact_title", "财务总监");
      text("contact_phone", "13" + std::to_string(100000000 + rng() % 899999999));
      text("industry", pick(rng, industries));
      number("assets_wan", double(rng() % 100000));
      number("liabilities_wan", double(rng() % 50000));
      number("revenue_last_year_wan", double(rng() % 80000));
      number("revenue_ytd_wan", double(rng() % 60000));
      r.append("audited", FieldValue::of_bool(rng() % 5 != 0));
      number("defendant_cases_12m", double(rng() % 10 == 0 ? 1 + rng() % 3 : 0));
      number("penalties_12m", double(rng() % 12 == 0 ? 1 : 0));
      text("main_products", "精密零部件、检测服务");
      number("patent_applications", double(rng() % 60));
      number("patent_grants", double(rng() % 40));
      number("valid_patents", double(rng() % 40));
      number("trademarks", double(rng() % 10));
      number("software_copyrights", double(rng() % 20));
      number("ic_layouts", double(rng() % 3));
      if (rng() % 10 != 0) number("loan_amount_wan", double(50 + rng() % 5000));
      text("loan_term", pick(rng, terms));
      std::vector<std::string> named = {pick(rng, banks)};
      if (rng() % 2) {
        const std::string second = pick(rng, banks);
        if (second != named[0]) named.push_back(second);
      }
      r.append("banks", FieldValue::of_list(named));
      text("max_cost", pick(rng, costs));
      r.append("purposes", FieldValue::of_list({pick(rng, purposes)}));
      text("repayment_plan", "以经营收入按期还款");
      for (size_t k = 0; k < r.keys.size(); ++k)
        r.sources.emplace_back(r.keys[k], SourceRef{std::string(1, char('A' + k % 26)) + col_row, 0});
      s.add_record(info.name, r);
    }
    s.finish_file(info.name, true, {});
    s.commit();
    done += n;
    std::fprintf(stderr, "\rfilled %lld / %lld", done, total);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "\nfilled %lld enterprises in %.1f s\n", total, seconds);
  return 0;
}
