#include "forms/field_normalizer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>

#include "forms/banks.h"
#include "forms/credit_code.h"
#include "forms/text_normalize.h"
#include "forms/ticks.h"
#include "forms/value_parsers.h"

namespace ipsurvey {
namespace {

std::string quoted(std::string_view s) {
  std::string t = trim_text(s);
  // Cut long text at a character boundary.
  if (t.size() > 60) {
    size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    t = t.substr(0, cut) + "…";
  }
  return "“" + t + "”";
}

// The text of an answer as people see it: a view of the answer's own text, or
// of `scratch` holding a number written out.
std::string_view answer_view(const FieldAnswer& a, std::string& scratch) {
  if (!a.region_text.empty()) return a.region_text;
  switch (a.answer.kind) {
    case Answer::Kind::Text:
    case Answer::Kind::Date: return a.answer.text;
    case Answer::Kind::Number: {
      scratch = std::to_string(a.answer.number);
      while (!scratch.empty() && scratch.back() == '0') scratch.pop_back();
      if (!scratch.empty() && scratch.back() == '.') scratch.pop_back();
      return scratch;
    }
    case Answer::Kind::Bool: return a.answer.number != 0 ? "是" : "否";
    case Answer::Kind::Empty: return {};
  }
  return {};
}

// The option a plain written value names (label, spelling or code); "" if none.
std::string option_for_text(const FieldDef& def, std::string_view text) {
  const std::string key = label_key(text);
  if (key.empty()) return {};
  for (const auto& o : def.options)
    if (o.code == text) return o.code;
  for (const auto& [spelling_key, code] : def.option_keys)
    if (spelling_key == key) return code;
  return {};
}

void add_in_option_order(const FieldDef& def, std::vector<std::string>& codes, const std::string& code) {
  if (code.empty() || std::find(codes.begin(), codes.end(), code) != codes.end()) return;
  codes.push_back(code);
  std::sort(codes.begin(), codes.end(), [&](const std::string& a, const std::string& b) {
    auto pos = [&](const std::string& c) {
      for (size_t i = 0; i < def.options.size(); ++i)
        if (def.options[i].code == c) return i;
      return def.options.size();
    };
    return pos(a) < pos(b);
  });
}

void normalize_choice(const FieldDef& def, const FieldAnswer& a, FieldValues& out, Findings& findings) {
  const bool multi = def.type == FieldType::MultiChoice;
  std::vector<std::string> codes;
  std::string other_text;
  bool marked = false;  // the answer was given by ticks, not by words

  for (const auto& box : a.boxes) {
    marked = true;
    if (!box.checked) continue;
    const std::string code = option_for_text(def, box.caption);
    if (code.empty()) {
      const TickResult t = read_ticks("☑" + box.caption, def.options, def.other_key.empty() ? "" : "other");
      for (const auto& c : t.ticked) add_in_option_order(def, codes, c);
      if (t.ticked.empty())
        findings.push_back(warning_finding("choice.unknown_option", "勾选的复选框" + quoted(box.caption) + "不是本项的选项"));
      if (!t.other_text.empty()) other_text = t.other_text;
    } else {
      add_in_option_order(def, codes, code);
    }
  }
  for (const auto& c : a.ticked_columns) {
    marked = true;
    add_in_option_order(def, codes, c);
  }
  if (a.option_columns) marked = true;

  std::string scratch;
  const std::string_view text = answer_view(a, scratch);
  // The common case in tables: the option written as a word.
  if (!marked && !text.empty()) {
    const std::string code = option_for_text(def, text);
    if (!code.empty()) {
      out.emplace_back(def.key, multi ? FieldValue::of_list({code}) : FieldValue::of_text(code));
      return;
    }
  }
  if (!text.empty()) {
    const TickResult t = read_ticks(text, def.options, def.other_key.empty() ? "" : "other");
    if (t.boxes_seen) {
      marked = true;
      for (const auto& c : t.ticked) add_in_option_order(def, codes, c);
      if (!t.other_text.empty()) other_text = t.other_text;
      for (const auto& u : t.unknown_ticked)
        findings.push_back(warning_finding("choice.unknown_option",
                                           "勾选了不在选项中的内容" + quoted(u.empty() ? "√" : u)));
    } else if (!marked) {
      // Written as words or codes: one (or, for a multi-choice, a list).
      std::vector<std::string> parts = multi ? split_list(text) : std::vector<std::string>{std::string(text)};
      for (const auto& p : parts) {
        std::string code = option_for_text(def, p);
        if (code.empty()) {
          // "其他：购置检测设备" names the other option with its text.
          const TickResult tt = read_ticks("☑" + p, def.options, def.other_key.empty() ? "" : "other");
          if (!tt.ticked.empty()) {
            for (const auto& c : tt.ticked) add_in_option_order(def, codes, c);
            if (!tt.other_text.empty()) other_text = tt.other_text;
            continue;
          }
          findings.push_back(error_finding("choice.unknown_option",
                                           quoted(p) + "不是可选项，应为：" + [&] {
                                             std::string all;
                                             for (const auto& o : def.options)
                                               all += (all.empty() ? "" : "、") + o.spellings.front();
                                             return all;
                                           }()));
          continue;
        }
        add_in_option_order(def, codes, code);
      }
    }
  }

  if (!multi && codes.size() > 1) {
    std::string names;
    for (const auto& c : codes) names += (names.empty() ? "" : "、") + quoted(def.option_label(c));
    findings.push_back(error_finding("choice.several_ticked", "只能选一项，却勾选了" + names));
    return;
  }
  if (codes.empty()) return;
  if (multi)
    out.emplace_back(def.key, FieldValue::of_list(codes));
  else
    out.emplace_back(def.key, FieldValue::of_text(codes.front()));
  if (!def.other_key.empty() && !other_text.empty()) {
    if (std::find(codes.begin(), codes.end(), "other") != codes.end())
      out.emplace_back(def.other_key, FieldValue::of_text(other_text));
    else
      findings.push_back(warning_finding("choice.other_text_unticked",
                                         "在“其他”后写了" + quoted(other_text) + "，但没有勾选“其他”"));
  }
}

void normalize_boolean(const FieldDef& def, const FieldAnswer& a, FieldValues& out, Findings& findings) {
  for (const auto& box : a.boxes) {
    // Check boxes captioned 是 / 否.
    const std::string k = label_key(box.caption);
    if (box.checked && (k == "是" || k == "否")) {
      out.emplace_back(def.key, FieldValue::of_bool(k == "是"));
      return;
    }
  }
  // The written text when there is one, else the cell's value.
  const Answer written = a.region_text.empty() ? Answer{} : Answer::of_text(a.region_text);
  const Answer& answer = a.region_text.empty() ? a.answer : written;
  if (answer.empty()) return;
  if (answer.kind == Answer::Kind::Text) {
    // "□是 □否" left blank is unanswered, not ambiguous.
    static const std::vector<OptionSpelling> kYesNo = {{"yes", {"是"}}, {"no", {"否"}}};
    const TickResult t = read_ticks(answer.text, kYesNo);
    if (t.boxes_seen && t.ticked.empty() && t.unknown_ticked.empty()) return;
  }
  Findings local;
  const auto yes = parse_yes_no(answer, local);
  if (yes) {
    out.emplace_back(def.key, FieldValue::of_bool(*yes));
    findings.insert(findings.end(), local.begin(), local.end());
    return;
  }
  // "国家高新技术企业": naming a recognition counts as yes, and is kept.
  const bool invalid_only = std::all_of(local.begin(), local.end(), [](const Finding& f) { return f.code == "yes_no.invalid"; });
  if (!def.note_key.empty() && answer.kind == Answer::Kind::Text && invalid_only) {
    out.emplace_back(def.key, FieldValue::of_bool(true));
    out.emplace_back(def.note_key, FieldValue::of_text(trim_text(answer.text)));
    return;
  }
  findings.insert(findings.end(), local.begin(), local.end());
}

}  // namespace

void normalize_field(const FieldDef& def, const FieldAnswer& a, FieldValues& out, Findings& findings) {
  const size_t before = out.size();
  std::string scratch;  // a number answer written out, for the fields that read text
  switch (def.type) {
    case FieldType::Choice:
    case FieldType::MultiChoice:
      normalize_choice(def, a, out, findings);
      break;
    case FieldType::Boolean:
      normalize_boolean(def, a, out, findings);
      break;
    case FieldType::Amount:
      if (auto v = parse_amount_wan(a.answer, findings)) out.emplace_back(def.key, FieldValue::of_number(*v));
      break;
    case FieldType::Count:
      if (auto v = parse_count(a.answer, findings))
        out.emplace_back(def.key, FieldValue::of_number(static_cast<double>(*v)));
      break;
    case FieldType::Number:
      if (auto v = parse_number(a.answer, findings)) out.emplace_back(def.key, FieldValue::of_number(*v));
      break;
    case FieldType::Month:
      if (auto v = parse_month(a.answer, findings)) out.emplace_back(def.key, FieldValue::of_text(*v));
      break;
    case FieldType::Date:
      if (auto v = parse_date(a.answer, findings)) out.emplace_back(def.key, FieldValue::of_text(*v));
      break;
    case FieldType::Phone:
      if (auto v = parse_phone(a.answer, findings)) out.emplace_back(def.key, FieldValue::of_text(*v));
      break;
    case FieldType::CreditCode: {
      const std::string_view text = answer_view(a, scratch);
      if (is_blank(text)) break;
      CreditCodeResult r = check_credit_code(text);
      findings.insert(findings.end(), std::make_move_iterator(r.findings.begin()),
                      std::make_move_iterator(r.findings.end()));
      out.emplace_back(def.key, FieldValue::of_text(r.code.empty() ? trim_text(text) : std::move(r.code)));
      break;
    }
    case FieldType::Banks: {
      const std::string_view text = answer_view(a, scratch);
      if (is_blank(text)) break;
      std::vector<std::string> banks, branches;
      for (const auto& b : Banks::instance().parse_list(text, findings)) {
        if (std::find(banks.begin(), banks.end(), b.bank) == banks.end()) banks.push_back(b.bank);
        if (!b.branch.empty()) branches.push_back(b.branch);
      }
      if (!banks.empty()) out.emplace_back(def.key, FieldValue::of_list(banks));
      if (!branches.empty() && !def.branches_key.empty())
        out.emplace_back(def.branches_key, FieldValue::of_list(branches));
      break;
    }
    case FieldType::List: {
      auto items = split_list(answer_view(a, scratch));
      if (!items.empty()) out.emplace_back(def.key, FieldValue::of_list(std::move(items)));
      break;
    }
    case FieldType::Quarter: {
      const std::string_view text = answer_view(a, scratch);
      int year = 0;
      if (auto q = parse_quarter(text, &year)) {
        out.emplace_back(def.key, FieldValue::of_number(*q));
        if (year > 0) out.emplace_back("year", FieldValue::of_number(year));
      } else if (!is_blank(text)) {
        findings.push_back(error_finding("quarter.invalid", "应为季度（如“第一季度”），收到" + quoted(text)));
      }
      break;
    }
    case FieldType::DocNumber: {
      const std::string text = trim_text(answer_view(a, scratch));
      if (text.empty()) break;
      out.emplace_back(def.key, FieldValue::of_text(text));
      DocNumber d;
      if (parse_doc_number(text, d)) {
        if (!d.issuer.empty()) out.emplace_back("doc_issuer", FieldValue::of_text(d.issuer));
        if (d.year > 0) out.emplace_back("doc_year", FieldValue::of_number(d.year));
        if (d.serial > 0) out.emplace_back("doc_serial", FieldValue::of_number(d.serial));
      } else {
        findings.push_back(warning_finding("doc_number.unparsed", "文号" + quoted(text) + "无法拆分为发文机关、年份和序号，已按原文保留"));
      }
      break;
    }
    case FieldType::Text: {
      const std::string_view text = trim_view(answer_view(a, scratch));
      if (!text.empty()) out.emplace_back(def.key, FieldValue::of_text(std::string(text)));
      break;
    }
  }
  const bool answered = out.size() > before;
  if (def.required && !answered && !std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.severity == Severity::Error;
      }))
    findings.push_back(error_finding("required.missing", "为必填项，未填写"));
}

namespace {

// The fields whose answers come from a small vocabulary, so that a table repeats them.
bool answers_repeat(FieldType t) {
  switch (t) {
    case FieldType::Choice:
    case FieldType::MultiChoice:
    case FieldType::Boolean:
    case FieldType::Banks:
    case FieldType::Month:
    case FieldType::Date:
      return true;
    default:
      return false;
  }
}

// An answer that is only a value: what normalize_field gives depends on nothing else.
bool is_plain(const FieldAnswer& a) {
  return a.boxes.empty() && a.ticked_columns.empty() && !a.option_columns;
}

uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

size_t hash_of(const FieldAnswer& a) {
  const std::hash<std::string_view> hash_text;
  size_t h = hash_text(a.answer.text);
  h = h * 31 + hash_text(a.region_text);
  h = h * 31 + std::hash<uint64_t>()(bits_of(a.answer.number));
  return h * 31 + static_cast<size_t>(a.answer.kind);
}

bool same_answer(const Answer& answer, const std::string& region_text, const FieldAnswer& a) {
  return answer.kind == a.answer.kind && bits_of(answer.number) == bits_of(a.answer.number) &&
         answer.text == a.answer.text && region_text == a.region_text;
}

}  // namespace

const NormalizeMemo::Entry* NormalizeMemo::FieldMemo::find(size_t hash, const FieldAnswer& a) const {
  if (slots.empty()) return nullptr;
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask; slots[i] != 0; i = (i + 1) & mask) {
    const Entry& e = entries[slots[i] - 1];
    if (e.hash == hash && same_answer(e.answer, e.region_text, a)) return &e;
  }
  return nullptr;
}

void NormalizeMemo::FieldMemo::add(Entry entry) {
  entries.push_back(std::move(entry));
  if (entries.size() * 2 <= slots.size()) {
    place(entries.size() - 1);
    return;
  }
  slots.assign(std::max<size_t>(16, slots.size() * 2), 0);  // grown: every entry placed again
  for (size_t n = 0; n < entries.size(); ++n) place(n);
}

void NormalizeMemo::FieldMemo::place(size_t entry) {
  const size_t mask = slots.size() - 1;
  size_t i = entries[entry].hash & mask;
  while (slots[i] != 0) i = (i + 1) & mask;
  slots[i] = static_cast<uint32_t>(entry + 1);
}

NormalizeMemo::FieldMemo& NormalizeMemo::memo_of(const FieldDef& def) {
  for (auto& m : fields_)
    if (m.def == &def) return m;
  fields_.emplace_back();
  fields_.back().def = &def;
  return fields_.back();
}

void NormalizeMemo::normalize(const FieldDef& def, const FieldAnswer& a, FieldValues& out, Findings& findings) {
  // normalize_field also looks at the findings already given (required.missing):
  // only a fresh list is remembered.
  if (!answers_repeat(def.type) || !is_plain(a) || !findings.empty()) {
    normalize_field(def, a, out, findings);
    return;
  }
  FieldMemo& memo = memo_of(def);
  const size_t hash = hash_of(a);
  if (const Entry* e = memo.find(hash, a)) {
    out.insert(out.end(), e->values.begin(), e->values.end());
    findings = e->findings;
    return;
  }
  const size_t before = out.size();
  normalize_field(def, a, out, findings);
  if (memo.entries.size() >= kMaxAnswers) return;
  FieldValues values(out.begin() + static_cast<std::ptrdiff_t>(before), out.end());
  memo.add({hash, a.answer, a.region_text, std::move(values), findings});
}

}  // namespace ipsurvey
