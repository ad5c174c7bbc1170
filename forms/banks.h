// Banks and their common names, from forms/data/banks.tsv: policy banks, the
// large state-owned banks, joint-stock banks and the regional banks the seeds
// name, with abbreviations (中行, 工行, 建行, 农行, 交行, 邮储, 招行, 农商行 …).
// Immutable after first use; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "forms/finding.h"

namespace ipsurvey {

struct BankName {
  std::string bank;    // the full name ("中国银行"), or the text as written when unknown
  std::string branch;  // the branch as written ("中国银行许昌分行"), empty when none named
  bool known = false;
};

class Banks {
 public:
  static const Banks& instance();

  // One bank name as written: "中行" -> 中国银行; "中国银行许昌分行" -> 中国银行 +
  // branch "中国银行许昌分行"; "工行石家庄分行" -> 中国工商银行 + branch as written.
  BankName normalize(std::string_view written) const;
  // A cell listing banks: split on 、，,；; / and line breaks (and spaces between
  // names), each normalised; a bank named twice is kept once, in first order.
  // Unknown names are kept as written with a warning bank.unknown.
  std::vector<BankName> parse_list(std::string_view text, Findings& findings) const;
  // Whether `written` names `bank` (any abbreviation or branch of it).
  bool same_bank(std::string_view written, std::string_view bank) const;
  const std::vector<std::string>& full_names() const { return names_; }

 private:
  Banks();
  struct Entry {
    std::string name;
    std::vector<std::string> aliases;
  };
  std::vector<Entry> entries_;
  std::vector<Entry> families_;  // "*农村商业银行": <place> + name or alias
  std::vector<std::string> names_;
};

}  // namespace ipsurvey
