#include "collector/survey_table_layout.h"

#include "db/record_columns.h"
#include "db/review_store.h"
#include "forms/form_definition.h"

namespace ipsurvey::collector {
namespace {

// One column of the bank list: which field it shows, and how.
struct BankColumn {
  std::string key;     // the record key
  std::string option;  // for a multi-choice option column: its code
  const FieldDef* def = nullptr;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

ColumnKind kind_of(FieldType t) {
  switch (t) {
    case FieldType::Amount:
    case FieldType::Number: return ColumnKind::Number;
    case FieldType::Count:
    case FieldType::Quarter: return ColumnKind::Integer;
    case FieldType::CreditCode:
    case FieldType::Phone:
    case FieldType::DocNumber: return ColumnKind::Code;
    case FieldType::Month:
    case FieldType::Date: return ColumnKind::Date;
    default: return ColumnKind::Text;
  }
}

struct BankLayout {
  std::vector<Column> columns;
  std::vector<BankColumn> fields;  // parallel to columns after the first (城市) and before the last three
};

const BankLayout& bank_layout() {
  static const BankLayout layout = [] {
    BankLayout l;
    const FormDefinition& survey = *form_definition("survey");
    l.columns.push_back({"城市", ColumnKind::Text, 10});
    for (const auto& f : survey.fields) {
      const std::string label = f.label();
      l.columns.push_back({label, kind_of(f.type), 0});
      l.fields.push_back({f.key, "", &f});
      if (f.type == FieldType::MultiChoice) {
        for (const auto& o : f.options) {
          l.columns.push_back({label + "：" + o.spellings.front(), ColumnKind::YesBlank, 0});
          l.fields.push_back({f.key, o.code, &f});
        }
      }
      if (!f.other_key.empty()) {
        l.columns.push_back({label + "（其他，请注明）", ColumnKind::Text, 0});
        l.fields.push_back({f.other_key, "", nullptr});
      }
      if (!f.note_key.empty()) {
        l.columns.push_back({label + "（说明）", ColumnKind::Text, 0});
        l.fields.push_back({f.note_key, "", nullptr});
      }
      if (!f.branches_key.empty()) {
        l.columns.push_back({label + "（分支机构）", ColumnKind::Text, 0});
        l.fields.push_back({f.branches_key, "", nullptr});
      }
    }
    l.columns.push_back({"风险提示", ColumnKind::Text, 0});
    l.columns.push_back({"审核状态", ColumnKind::Text, 8});
    l.columns.push_back({"调查轮次", ColumnKind::Text, 8});
    return l;
  }();
  return layout;
}

Cell cell_of(const BankColumn& c, const FieldValue* v) {
  if (!v) return Cell::empty();
  if (!c.option.empty()) {
    if (v->kind != FieldValue::Kind::List) return Cell::empty();
    for (const auto& code : v->list)
      if (code == c.option) return Cell::yes(true);
    return Cell::empty();
  }
  switch (v->kind) {
    case FieldValue::Kind::Text:
      if (c.def && c.def->type == FieldType::Choice) {
        const std::string label = c.def->option_label(v->text);
        return Cell::of_text(label.empty() ? v->text : label);
      }
      return Cell::of_text(v->text);
    case FieldValue::Kind::Number: return Cell::of_number(v->number);
    case FieldValue::Kind::Bool: return Cell::of_text(v->boolean ? "是" : "否");
    case FieldValue::Kind::List: {
      if (c.def && c.def->type == FieldType::MultiChoice) {
        std::vector<std::string> labels;
        for (const auto& code : v->list) {
          const std::string l = c.def->option_label(code);
          labels.push_back(l.empty() ? code : l);
        }
        return Cell::of_text(join(labels));
      }
      return Cell::of_text(join(v->list));
    }
    default: return Cell::empty();
  }
}

}  // namespace

std::string survey_option_label(const std::string& field, const std::string& code) {
  const FieldDef* f = form_definition("survey")->field(field);
  if (!f || code.empty()) return code;
  const std::string l = f->option_label(code);
  return l.empty() ? code : l;
}

std::string survey_field_text(const std::string& key, const FieldValue& value) {
  const BankColumn column{key, "", form_definition("survey")->field(key)};
  const Cell c = cell_of(column, &value);
  if (c.kind == Cell::Kind::Number) return format_number(c.number);
  return c.text;
}

std::string survey_field_label(const std::string& key) {
  const FormDefinition& survey = *form_definition("survey");
  if (const FieldDef* f = survey.field(key)) return f->label();
  for (const auto& f : survey.fields) {
    if (f.other_key == key) return f.label() + "（其他，请注明）";
    if (f.note_key == key) return f.label() + "（说明）";
    if (f.branches_key == key) return f.label() + "（分支机构）";
  }
  return key;
}

std::string any_field_label(const std::string& key) {
  if (key.empty()) return key;
  const std::string survey = survey_field_label(key);
  if (survey != key) return survey;
  for (const FormDefinition& def : form_definitions()) {
    if (const FieldDef* f = def.field(key)) return f->label();
    for (const TableDef& t : def.tables)
      for (const FieldDef& c : t.columns)
        if (c.key == key) return c.label();
  }
  return key;
}

TableHeader bank_list_header(const std::string& title) { return TableHeader{title, bank_layout().columns}; }

std::vector<Cell> bank_list_row(const db::SurveyEntry& e, const Record& fields) {
  const BankLayout& l = bank_layout();
  std::vector<Cell> row;
  row.reserve(l.columns.size());
  row.push_back(Cell::of_text(e.city));
  for (const auto& c : l.fields) row.push_back(cell_of(c, fields.get(c.key)));
  row.push_back(Cell::of_text(join(db::risk_flag_names(e.risk_flags))));
  row.push_back(Cell::of_text(db::review_state_label(e.review)));
  row.push_back(Cell::of_text(e.round));
  return row;
}

TableHeader roster_header(const std::string& title) {
  TableHeader h;
  h.title = title;
  {
    h.columns = {{"序号", ColumnKind::Integer, 6},          {"城市", ColumnKind::Text, 10},
                 {"企业名称", ColumnKind::Text, 28},        {"统一社会信用代码", ColumnKind::Code, 20},
                 {"所属行业", ColumnKind::Text, 12},        {"企业规模", ColumnKind::Text, 8},
                 {"拟融资额（万元）", ColumnKind::Number, 12}, {"期望贷款期限", ColumnKind::Text, 12},
                 {"最高融资成本", ColumnKind::Text, 10},     {"拟合作银行", ColumnKind::Text, 24},
                 {"融资目的", ColumnKind::Text, 24},        {"高新/专精特新", ColumnKind::Text, 8},
                 {"有效专利量", ColumnKind::Integer, 8},     {"商标软著布图合计", ColumnKind::Integer, 8},
                 {"风险提示", ColumnKind::Text, 16},        {"审核状态", ColumnKind::Text, 8},
                 {"需更正", ColumnKind::YesBlank, 6},       {"版本", ColumnKind::Integer, 6}};
  }
  return h;
}

std::vector<Cell> roster_row(size_t position, const db::SurveyEntry& e) {
  std::vector<std::string> purposes;
  for (const auto& code : db::purpose_codes(e.purposes)) purposes.push_back(survey_option_label("purposes", code));
  auto optional_number = [](auto v) { return v ? Cell::of_number(static_cast<double>(*v)) : Cell::empty(); };
  return {Cell::of_number(static_cast<double>(position)),
          Cell::of_text(e.city),
          Cell::of_text(e.enterprise_name),
          Cell::of_text(e.credit_code),
          Cell::of_text(survey_option_label("industry", e.industry)),
          Cell::of_text(survey_option_label("enterprise_size", e.enterprise_size)),
          optional_number(e.loan_amount_wan),
          Cell::of_text(survey_option_label("loan_term", e.loan_term)),
          Cell::of_text(survey_option_label("max_cost", e.max_cost)),
          Cell::of_text(e.banks),
          Cell::of_text(join(purposes)),
          Cell::of_text(!e.high_tech ? "" : *e.high_tech ? "是" : "否"),
          optional_number(e.valid_patents),
          optional_number(e.ip_total),
          Cell::of_text(join(db::risk_flag_names(e.risk_flags))),
          Cell::of_text(db::review_state_label(e.review)),
          Cell::yes(e.needs_correction),
          Cell::of_number(static_cast<double>(e.version))};
}

}  // namespace ipsurvey::collector
