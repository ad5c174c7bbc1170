#include "forms/form_definition.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "forms/embedded_data.h"
#include "forms/text_normalize.h"

namespace ipsurvey {
namespace {

struct TypeName {
  FieldType type;
  const char* name;
};

constexpr TypeName kTypes[] = {
    {FieldType::Text, "text"},         {FieldType::Count, "count"},
    {FieldType::Number, "number"},     {FieldType::Amount, "amount"},
    {FieldType::Boolean, "boolean"},   {FieldType::Choice, "choice"},
    {FieldType::MultiChoice, "multichoice"}, {FieldType::Month, "month"},
    {FieldType::Date, "date"},         {FieldType::Phone, "phone"},
    {FieldType::CreditCode, "credit_code"}, {FieldType::Banks, "banks"},
    {FieldType::List, "list"},         {FieldType::Quarter, "quarter"},
    {FieldType::DocNumber, "doc_number"},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits "word rest…" into the first word and the rest.
std::string_view next_word(std::string_view& s) {
  s = trim(s);
  size_t end = s.find_first_of(" \t");
  std::string_view w = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view() : trim(s.substr(end));
  return w;
}

std::vector<std::string> split_variants(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t bar = s.find('|', start);
    if (bar == std::string_view::npos) bar = s.size();
    const std::string_view part = trim(s.substr(start, bar - start));
    if (!part.empty()) out.emplace_back(part);
    start = bar + 1;
  }
  return out;
}

std::vector<std::string> keys_of(const std::vector<std::string>& labels) {
  std::vector<std::string> keys;
  for (const auto& l : labels) keys.push_back(label_key(l));
  return keys;
}

}  // namespace

const char* field_type_name(FieldType t) {
  for (const auto& tn : kTypes)
    if (tn.type == t) return tn.name;
  return "text";
}

bool parse_field_type(std::string_view name, FieldType& out) {
  for (const auto& tn : kTypes)
    if (name == tn.name) {
      out = tn.type;
      return true;
    }
  return false;
}

std::string FieldDef::option_label(std::string_view code) const {
  for (const auto& o : options)
    if (o.code == code && !o.spellings.empty()) return o.spellings.front();
  return {};
}

const FieldDef* FormDefinition::field(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

std::vector<std::string> FormDefinition::record_keys() const {
  std::vector<std::string> keys;
  for (const auto& f : fields) {
    keys.push_back(f.key);
    for (const std::string* extra : {&f.other_key, &f.note_key, &f.branches_key})
      if (!extra->empty()) keys.push_back(*extra);
  }
  for (const auto& t : tables) keys.push_back(t.key);
  return keys;
}

bool parse_form_definition(std::string_view text, const std::string& name, FormDefinition& out,
                           Problems& problems) {
  const size_t before = problems.size();
  int line_no = 0;
  std::string section;
  FieldDef* current = nullptr;  // the field options and flags attach to
  TableDef* table = nullptr;
  auto fail = [&](const std::string& what) {
    problems.push_back(make_problem(Severity::Error, "definition.syntax",
                                    "表单定义 " + name + " 第 " + std::to_string(line_no) + " 行：" + what,
                                    name, {}, line_no));
  };
  auto new_field = [&](std::string_view rest, bool header) -> FieldDef* {
    FieldDef f;
    f.key = std::string(next_word(rest));
    const std::string_view type = next_word(rest);
    if (f.key.empty() || !parse_field_type(type, f.type)) {
      fail("字段需要键、类型和标签");
      return nullptr;
    }
    f.labels = split_variants(rest);
    if (f.labels.empty()) {
      fail("字段 " + f.key + " 没有标签");
      return nullptr;
    }
    f.label_keys = keys_of(f.labels);
    f.header = header;
    f.section = header ? std::string() : section;
    if (out.field(f.key)) {
      fail("字段 " + f.key + " 重复定义");
      return nullptr;
    }
    return &out.fields.emplace_back(std::move(f));
  };

  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    std::string_view rest = line;
    const std::string_view word = next_word(rest);
    if (word == "form") {
      out.key = std::string(next_word(rest));
    } else if (word == "title") {
      out.titles.emplace_back(rest);
      out.title_keys.push_back(label_key(rest));
    } else if (word == "section") {
      SectionDef s;
      s.key = std::string(next_word(rest));
      s.labels = split_variants(rest);
      s.label_keys = keys_of(s.labels);
      section = s.key;
      out.sections.push_back(std::move(s));
      current = nullptr;
      table = nullptr;
    } else if (word == "header" || word == "field") {
      table = nullptr;
      current = new_field(rest, word == "header");
    } else if (word == "table") {
      TableDef t;
      t.key = std::string(next_word(rest));
      t.labels = split_variants(rest);
      t.label_keys = keys_of(t.labels);
      out.tables.push_back(std::move(t));
      table = &out.tables.back();
      current = nullptr;
    } else if (word == "column") {
      if (!table) {
        fail("column 只能出现在 table 之后");
        continue;
      }
      FieldDef f;
      f.key = std::string(next_word(rest));
      if (!parse_field_type(next_word(rest), f.type)) {
        fail("未知的列类型");
        continue;
      }
      f.labels = split_variants(rest);
      f.label_keys = keys_of(f.labels);
      f.section = table->key;
      table->columns.push_back(std::move(f));
      current = &table->columns.back();
    } else if (!current) {
      fail("“" + std::string(word) + "”之前没有字段");
    } else if (word == "required") {
      current->required = true;
    } else if (word == "below") {
      current->below = true;
    } else if (word == "other") {
      current->other_key = std::string(next_word(rest));
    } else if (word == "note") {
      current->note_key = std::string(next_word(rest));
    } else if (word == "branches") {
      current->branches_key = std::string(next_word(rest));
    } else if (word == "option") {
      OptionSpelling o;
      o.code = std::string(next_word(rest));
      o.spellings = split_variants(rest);
      if (o.code.empty() || o.spellings.empty()) {
        fail("选项需要代码和标签");
        continue;
      }
      for (const auto& sp : o.spellings) current->option_keys.emplace_back(label_key(sp), o.code);
      current->options.push_back(std::move(o));
    } else {
      fail("未知的语句“" + std::string(word) + "”");
    }
  }
  if (out.key.empty()) {
    line_no = 0;
    fail("缺少 form 语句");
  }
  return problems.size() == before;
}

const std::vector<FormDefinition>& form_definitions() {
  static std::vector<FormDefinition> defs;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& file : embedded_files()) {
      if (file.name.size() < 5 || file.name.substr(file.name.size() - 5) != ".form") continue;
      FormDefinition def;
      Problems problems;
      if (!parse_form_definition(file.text(), std::string(file.name), def, problems)) {
        for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.message.c_str());
        std::abort();
      }
      defs.push_back(std::move(def));
    }
  });
  return defs;
}

const FormDefinition* form_definition(std::string_view key) {
  for (const auto& d : form_definitions())
    if (d.key == key) return &d;
  return nullptr;
}

}  // namespace ipsurvey
