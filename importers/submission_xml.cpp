#include "importers/submission_xml.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "forms/form_definition.h"
#include "forms/text_normalize.h"
#include "forms/xml_schema.h"
#include "importers/form_context.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

constexpr uint64_t kMaxXmlBytes = 32ull << 20;

struct RootPeek : XmlHandler {
  std::string root;
  XmlStream* stream = nullptr;
  void start_element(std::string_view local, std::string_view, const XmlAttribute*, size_t) override {
    root = std::string(local);
    stream->stop(Problem{});
  }
  void end_element(std::string_view, std::string_view) override {}
};

// One field element as written: its text, its <item>s, or its <row>s of columns.
struct XmlField {
  std::string text;
  std::vector<std::string> items;
  std::vector<std::map<std::string, XmlField>> rows;
  int line = 0;
};

struct XmlForm {
  std::string form;
  int line = 0;
  std::map<std::string, XmlField> fields;
};

// Collects forms: root(s) > form > field > (item | row > column > item).
class FormCollector final : public XmlHandler {
 public:
  XmlStream* stream = nullptr;
  std::vector<XmlForm> forms;

  void start_element(std::string_view local, std::string_view, const XmlAttribute*, size_t) override {
    path_.emplace_back(local);
    text_.clear();
    const size_t d = path_.size();
    const bool plural_root = d == 1 && (local == "surveys" || local == "ledgers");
    if (d == 1 && !plural_root) root_is_form_ = true;
    const size_t form_depth = root_is_form_ ? 1 : 2;
    if (d == form_depth) {
      forms.emplace_back();
      forms.back().form = std::string(local);
      forms.back().line = stream->line();
    } else if (d == form_depth + 1 && !forms.empty()) {
      field_ = &forms.back().fields[std::string(local)];
      field_->line = stream->line();
    } else if (d == form_depth + 2 && field_ && local == "row") {
      field_->rows.emplace_back();
    } else if (d == form_depth + 3 && field_ && !field_->rows.empty()) {
      column_ = &field_->rows.back()[std::string(local)];
      column_->line = stream->line();
    }
  }

  void end_element(std::string_view local, std::string_view) override {
    const size_t d = path_.size();
    const size_t form_depth = root_is_form_ ? 1 : 2;
    const std::string text = trim_text(text_);
    if (d == form_depth + 1 && field_) {
      if (!text.empty()) field_->text = text;
      field_ = nullptr;
    } else if (d == form_depth + 2 && field_ && local == "item") {
      if (!text.empty()) field_->items.push_back(text);
    } else if (d == form_depth + 3 && column_) {
      if (!text.empty()) column_->text = text;
      column_ = nullptr;
    } else if (d == form_depth + 4 && column_ && local == "item") {
      if (!text.empty()) column_->items.push_back(text);
    }
    text_.clear();
    path_.pop_back();
  }

  void text(std::string_view chunk) override { text_.append(chunk); }

 private:
  std::vector<std::string> path_;
  std::string text_;
  bool root_is_form_ = false;
  XmlField* field_ = nullptr;
  XmlField* column_ = nullptr;
};

FieldAnswer answer_of(const XmlField& f) {
  FieldAnswer a;
  std::string text = f.text;
  for (const auto& item : f.items) text += (text.empty() ? "" : "、") + item;
  a.answer = Answer::of_text(text);
  a.region_text = text;
  return a;
}

// Applies a field and moves its problems from cells to the XML line.
void apply_xml_field(const FieldDef& def, const XmlField& f, const std::string& name, const std::string& row_label,
                     Record& record, FieldValues& values, Problems& problems) {
  const size_t before = problems.size();
  const size_t values_before = values.size();
  apply_field(def, answer_of(f), name, "", row_label, record, values, problems);
  for (size_t i = before; i < problems.size(); ++i) problems[i].line = f.line;
  for (size_t i = values_before; i < values.size(); ++i) record.set_source(values[i].first, SourceRef{"", f.line});
}

// Our XSD per form, parsed once and shared (libxml2 schemas are read-only once parsed).
struct SchemaCache {
  std::mutex mutex;
  std::map<std::string, xmlSchemaPtr> schemas;
  ~SchemaCache() {
    for (auto& [key, schema] : schemas)
      if (schema) xmlSchemaFree(schema);
  }
};

xmlSchemaPtr schema_for(const std::string& form_key) {
  static SchemaCache cache;
  std::lock_guard<std::mutex> lock(cache.mutex);
  auto& schemas = cache.schemas;
  auto it = schemas.find(form_key);
  if (it != schemas.end()) return it->second;
  const FormDefinition* def = form_definition(form_key);
  xmlSchemaPtr schema = nullptr;
  if (def) {
    const std::string xsd = form_xsd(*def);
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
    if (pctxt) {
      schema = xmlSchemaParse(pctxt);
      xmlSchemaFreeParserCtxt(pctxt);
    }
  }
  schemas[form_key] = schema;
  return schema;
}

void on_schema_error(void* ctx, xmlErrorPtr error) {
  auto* sink = static_cast<std::pair<Problems*, std::string>*>(ctx);
  if (!error || error->level < XML_ERR_ERROR) return;
  std::string detail = error->message ? error->message : "";
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  sink->first->push_back(make_problem(Severity::Error, "xml.schema", "不符合提交格式（" + detail + "）",
                                      sink->second, {}, error->line));
}

}  // namespace

std::string xml_root_name(const ByteSource& source) {
  RootPeek peek;
  XmlStream stream(peek, {}, "peek");
  peek.stream = &stream;
  const std::string head = source.head(64 << 10);
  stream.feed(head.data(), head.size());
  return peek.root;
}

bool is_submission_root(std::string_view root) {
  return root == "survey" || root == "surveys" || root == "ledger" || root == "ledgers";
}

bool validate_submission_xml(std::string_view bytes, const std::string& form_key, const std::string& name,
                             Problems& problems) {
  xmlSchemaPtr schema = schema_for(form_key);
  if (!schema) {
    problems.push_back(make_problem(Severity::Error, "xml.schema", "提交格式的 XSD 无法建立（程序缺陷）", name));
    return false;
  }
  // The document was already read by XmlStream, which refuses any DOCTYPE, so
  // this parse sees no entity declarations; NONET and no NOENT/DTDLOAD/HUGE still.
  xmlDocPtr doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    problems.push_back(make_problem(Severity::Error, "xml.malformed", "XML 无法读取", name));
    return false;
  }
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
  std::pair<Problems*, std::string> sink{&problems, name};
  xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, &sink);
  const int rc = xmlSchemaValidateDoc(vctxt, doc);
  xmlSchemaFreeValidCtxt(vctxt);
  xmlFreeDoc(doc);
  if (rc != 0 && !has_error(problems))
    problems.push_back(make_problem(Severity::Error, "xml.schema", "不符合提交格式", name));
  return rc == 0;
}

FileResult read_submission_xml(const ByteSource& source, const std::string& name, const FormOptions& options) {
  FileResult result;
  result.file = name;
  if (source.size() > kMaxXmlBytes) {
    result.problems.push_back(make_problem(Severity::Error, "xml.too_large",
                                           "XML 文件超过 32 MiB，请拆分后上传", name));
    return result;
  }
  std::string bytes(static_cast<size_t>(source.size()), '\0');
  if (!source.read_at(0, bytes.data(), bytes.size())) {
    result.problems.push_back(make_problem(Severity::Error, "file.unreadable", "文件无法读取", name));
    return result;
  }
  FormCollector collector;
  XmlStream stream(collector, {}, name);
  collector.stream = &stream;
  const bool parsed = stream.feed(bytes.data(), bytes.size()) && stream.finish();
  for (auto& p : stream.problems()) result.problems.push_back(std::move(p));
  if (!parsed) return result;
  const std::string root = xml_root_name(source);
  const std::string form_key = (root == "surveys" || root == "survey") ? "survey" : "ledger";
  if (!validate_submission_xml(bytes, form_key, name, result.problems)) return result;

  const FormDefinition& def = *form_definition(form_key);
  for (const XmlForm& form : collector.forms) {
    const size_t first_problem = result.problems.size();
    Record record;
    record.form = def.key;
    record.sheet = name;
    FieldValues values;
    for (const auto& f : def.fields) {
      auto it = form.fields.find(f.key);
      if (it == form.fields.end()) {
        if (f.required) {
          Problem p = make_problem(Severity::Error, "required.missing", "“" + f.label() + "”为必填项，未填写",
                                   name, {}, form.line);
          p.field = f.key;
          result.problems.push_back(std::move(p));
        }
        continue;
      }
      apply_xml_field(f, it->second, name, "", record, values, result.problems);
    }
    // Extra keys given as their own elements (<purposes_other>, <recognition_note>).
    for (const auto& f : def.fields)
      for (const std::string* extra : {&f.other_key, &f.note_key}) {
        if (extra->empty()) continue;
        auto it = form.fields.find(*extra);
        if (it == form.fields.end() || it->second.text.empty()) continue;
        values.erase(std::remove_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == *extra; }),
                     values.end());
        values.emplace_back(*extra, FieldValue::of_text(it->second.text));
        record.set_source(*extra, SourceRef{"", it->second.line});
      }
    for (const auto& t : def.tables) {
      FieldValue rows;
      rows.kind = FieldValue::Kind::Array;
      auto it = form.fields.find(t.key);
      if (it != form.fields.end()) {
        for (const auto& row : it->second.rows) {
          FieldValue obj;
          obj.kind = FieldValue::Kind::Object;
          FieldValues row_values;
          Record scratch;
          for (const auto& c : t.columns) {
            auto col = row.find(c.key);
            if (col != row.end()) apply_xml_field(c, col->second, name, "", scratch, row_values, result.problems);
          }
          if (row_values.empty()) continue;
          for (auto& [k, v] : row_values) {
            obj.keys.push_back(k);
            obj.items.push_back(std::move(v));
          }
          rows.items.push_back(std::move(obj));
        }
      }
      values.emplace_back(t.key, std::move(rows));
    }
    for (auto& [k, v] : values) record.set(k, std::move(v));
    record.order_by(def.record_keys());
    finish_record(record, options, result.problems, first_problem);
    result.records.push_back(std::move(record));
  }
  result.ok = true;
  if (result.records.empty())
    result.problems.push_back(make_problem(Severity::Warning, "form.empty", "XML 中没有任何表单", name));
  return result;
}

}  // namespace ipsurvey::importers
