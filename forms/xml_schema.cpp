#include "forms/xml_schema.h"

#include <set>

namespace ipsurvey {
namespace {

std::string escape_attr(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// An enumeration of codes and every spelling (with and without surrounding text).
std::string enumeration(const std::string& name, const std::vector<std::string>& values) {
  std::string xsd = "  <xs:simpleType name=\"" + name + "\">\n    <xs:restriction base=\"xs:string\">\n";
  xsd += "      <xs:whiteSpace value=\"collapse\"/>\n";
  std::set<std::string> seen;
  for (const auto& v : values)
    if (seen.insert(v).second) xsd += "      <xs:enumeration value=\"" + escape_attr(v) + "\"/>\n";
  xsd += "    </xs:restriction>\n  </xs:simpleType>\n";
  return xsd;
}

std::vector<std::string> choice_values(const FieldDef& f) {
  std::vector<std::string> v;
  for (const auto& o : f.options) {
    v.push_back(o.code);
    for (const auto& s : o.spellings) v.push_back(s);
  }
  return v;
}

bool is_list(FieldType t) {
  return t == FieldType::MultiChoice || t == FieldType::Banks || t == FieldType::List;
}

// The element declaration for one field (inside an xs:all / xs:choice).
std::string field_element(const FieldDef& f, const std::string& form, const std::string& indent) {
  const std::string min = " minOccurs=\"0\"";
  const std::string doc = indent + "  <xs:annotation><xs:documentation xml:lang=\"zh\">" + escape_attr(f.label()) +
                          "</xs:documentation></xs:annotation>\n";
  if (f.type == FieldType::Choice)
    return indent + "<xs:element name=\"" + f.key + "\" type=\"" + form + "_" + f.key + "\"" + min + ">\n" + doc +
           indent + "</xs:element>\n";
  if (f.type == FieldType::Boolean)
    return indent + "<xs:element name=\"" + f.key + "\" type=\"yes_no\"" + min + ">\n" + doc + indent +
           "</xs:element>\n";
  if (is_list(f.type)) {
    const std::string item_type =
        f.type == FieldType::MultiChoice ? form + "_" + f.key : std::string("xs:string");
    // Items, or one text listing them: mixed content with optional <item>s.
    return indent + "<xs:element name=\"" + f.key + "\"" + min + ">\n" + doc + indent +
           "  <xs:complexType mixed=\"true\"><xs:sequence>\n" + indent +
           "    <xs:element name=\"item\" type=\"" + item_type + "\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n" +
           indent + "  </xs:sequence></xs:complexType>\n" + indent + "</xs:element>\n";
  }
  return indent + "<xs:element name=\"" + f.key + "\" type=\"xs:string\"" + min + ">\n" + doc + indent +
         "</xs:element>\n";
}

}  // namespace

std::string single_root(const FormDefinition& def) { return def.key; }
std::string plural_root(const FormDefinition& def) { return def.key + "s"; }

std::string form_xsd(const FormDefinition& def) {
  const std::string& form = def.key;
  std::string xsd =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- The ipsurvey submission format for the form \"" + form + "\" (" +
      (def.titles.empty() ? std::string() : def.titles.front()) +
      "), generated from forms/data/" + form + ".form by `ipsurvey schema " + form + "`. -->\n"
      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" elementFormDefault=\"qualified\">\n";
  xsd += enumeration("yes_no", {"true", "false", "1", "0", "是", "否", "有", "无", "yes", "no", "Y", "N", "√", "×"});
  std::vector<const FieldDef*> all;
  for (const auto& f : def.fields) all.push_back(&f);
  for (const auto& t : def.tables)
    for (const auto& c : t.columns) all.push_back(&c);
  std::set<std::string> declared;
  for (const FieldDef* f : all)
    if ((f->type == FieldType::Choice || f->type == FieldType::MultiChoice) &&
        declared.insert(f->key).second)
      xsd += enumeration(form + "_" + f->key, choice_values(*f));

  // The form: every field at most once, in any order.
  xsd += "  <xs:complexType name=\"" + form + "_form\">\n    <xs:all>\n";
  for (const auto& f : def.fields) {
    xsd += field_element(f, form, "      ");
    // The text written after 其他（请注明）, or a recognition named instead of 是.
    for (const std::string* extra : {&f.other_key, &f.note_key})
      if (!extra->empty())
        xsd += "      <xs:element name=\"" + *extra + "\" type=\"xs:string\" minOccurs=\"0\"/>\n";
  }
  for (const auto& t : def.tables) {
    xsd += "      <xs:element name=\"" + t.key + "\" minOccurs=\"0\">\n";
    xsd += "        <xs:annotation><xs:documentation xml:lang=\"zh\">" + escape_attr(t.labels.front()) +
           "</xs:documentation></xs:annotation>\n";
    xsd += "        <xs:complexType><xs:sequence>\n";
    xsd += "          <xs:element name=\"row\" minOccurs=\"0\" maxOccurs=\"unbounded\">\n";
    xsd += "            <xs:complexType><xs:all>\n";
    for (const auto& c : t.columns) xsd += field_element(c, form, "              ");
    xsd += "            </xs:all></xs:complexType>\n          </xs:element>\n";
    xsd += "        </xs:sequence></xs:complexType>\n      </xs:element>\n";
  }
  xsd += "    </xs:all>\n  </xs:complexType>\n";
  xsd += "  <xs:element name=\"" + single_root(def) + "\" type=\"" + form + "_form\"/>\n";
  xsd += "  <xs:element name=\"" + plural_root(def) + "\">\n    <xs:complexType><xs:sequence>\n";
  xsd += "      <xs:element name=\"" + single_root(def) + "\" type=\"" + form +
         "_form\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n";
  xsd += "    </xs:sequence></xs:complexType>\n  </xs:element>\n</xs:schema>\n";
  return xsd;
}

}  // namespace ipsurvey
