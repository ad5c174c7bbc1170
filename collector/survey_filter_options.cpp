#include "collector/survey_filter_options.h"

#include <cstdlib>

#include "db/review_store.h"
#include "forms/banks.h"
#include "forms/cities.h"
#include "forms/form_definition.h"
#include "forms/text_normalize.h"

namespace ipsurvey::collector {
namespace {

bool parse_amount(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end && *end == '\0' && out >= 0;
}

}  // namespace

const std::set<std::string>& survey_filter_options() {
  static const std::set<std::string> names = {"--city", "--round", "--industry", "--size", "--term", "--cost",
                                              "--bank", "--purpose", "--review", "--min-amount", "--max-amount",
                                              "--limit", "--offset"};
  return names;
}

const std::set<std::string>& survey_filter_flags() {
  static const std::set<std::string> names = {"--high-tech", "--all"};
  return names;
}

const char* survey_filter_help() {
  return "  --city C          城市（如 石家庄 或 石家庄市）\n"
         "  --round R         调查轮次（默认：库中最新的轮次）\n"
         "  --industry X      所属行业（代码或中文，如 steel 或 钢铁）\n"
         "  --size X          企业规模（large/medium/small/micro 或 大型/中型/小型/微型）\n"
         "  --term X          期望贷款期限（under_3m/3m_6m/6m_1y/1y_2y 或中文）\n"
         "  --cost X          能够接受的最高融资成本（benchmark/5_6/…/over_10 或中文）\n"
         "  --bank B          拟合作银行（全称、简称或分支机构均可，如 中行）\n"
         "  --purpose P       融资目的（代码或中文）\n"
         "  --review S[,S]    审核状态 pending/approved/returned/rejected，或 any\n"
         "  --min-amount N    拟融资额下限（万元）\n"
         "  --max-amount N    拟融资额上限（万元）\n"
         "  --high-tech       只列高新技术、专精特新等企业\n"
         "  --limit N         最多列出 N 家；--offset K 跳过前 K 家（分页）\n";
}

std::string survey_option_code(const std::string& field, const std::string& value) {
  const FieldDef* f = form_definition("survey")->field(field);
  if (!f) return "";
  const std::string key = label_key(value);
  for (const auto& o : f->options) {
    if (o.code == value) return o.code;
    for (const auto& s : o.spellings)
      if (label_key(s) == key) return o.code;
  }
  return "";
}

std::string bank_full_name(const std::string& written) {
  const BankName b = Banks::instance().normalize(written);
  return b.known ? b.bank : "";
}

bool survey_filter_from(const CommandLine& cl, db::SurveyFilter& f, std::string* error) {
  if (cl.has("--city")) {
    const City* city = Cities::instance().by_name(cl.value("--city"));
    if (!city) {
      *error = "不认识的城市“" + cl.value("--city") + "”";
      return false;
    }
    f.city = city->name;
  }
  f.round = cl.value("--round");
  const std::pair<const char*, const char*> choices[] = {
      {"--industry", "industry"}, {"--size", "enterprise_size"}, {"--term", "loan_term"},
      {"--cost", "max_cost"},     {"--purpose", "purposes"}};
  for (const auto& [option, field] : choices) {
    if (!cl.has(option)) continue;
    const std::string code = survey_option_code(field, cl.value(option));
    if (code.empty()) {
      *error = std::string("选项 ") + option + " 的值“" + cl.value(option) + "”不是表中的选项";
      return false;
    }
    if (std::string(option) == "--industry") f.industry = code;
    else if (std::string(option) == "--size") f.enterprise_size = code;
    else if (std::string(option) == "--term") f.loan_term = code;
    else if (std::string(option) == "--cost") f.max_cost = code;
    else f.purpose = code;
  }
  if (cl.has("--bank")) {
    f.bank = bank_full_name(cl.value("--bank"));
    if (f.bank.empty()) {
      *error = "不认识的银行“" + cl.value("--bank") + "”";
      return false;
    }
  }
  if (cl.has("--review")) {
    f.review.clear();
    std::string list = cl.value("--review");
    if (list != "any") {
      size_t start = 0;
      while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string state = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!db::valid_review_state(state)) {
          *error = "审核状态“" + state + "”应为 pending、approved、returned、rejected 或 any";
          return false;
        }
        f.review.push_back(state);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  for (const auto& [option, target] : {std::pair<const char*, std::optional<double>*>{"--min-amount", &f.min_amount_wan},
                                       {"--max-amount", &f.max_amount_wan}}) {
    if (!cl.has(option)) continue;
    double v = 0;
    const std::string text = cl.value(option);
    if (!parse_amount(text, v)) {
      *error = std::string("选项 ") + option + " 需要一个不小于 0 的数（万元）";
      return false;
    }
    *target = v;
  }
  for (const auto& [option, target] : {std::pair<const char*, int64_t*>{"--limit", &f.limit}, {"--offset", &f.offset}}) {
    if (!cl.has(option)) continue;
    const std::string text = cl.value(option);
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || v < 0) {
      *error = std::string("选项 ") + option + " 需要一个非负整数";
      return false;
    }
    *target = v;
  }
  f.high_tech_only = cl.has("--high-tech");
  f.need_only = !cl.has("--all");
  return true;
}

}  // namespace ipsurvey::collector
