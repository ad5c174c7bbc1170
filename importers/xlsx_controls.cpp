#include "importers/xlsx_controls.h"

#include <charconv>

#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

constexpr std::string_view kVmlNs = "urn:schemas-microsoft-com:vml";
constexpr std::string_view kExcelNs = "urn:schemas-microsoft-com:office:excel";

struct VmlShape {
  uint32_t id = 0;
  std::string object_type;
  std::string caption;
  std::string checked;
  std::string fmla_link;
  bool has_anchor = false;
  uint32_t row = 0, col = 0;
};

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// "_x0000_s1025" -> 1025
uint32_t shape_number(std::string_view id) {
  const size_t s = id.rfind("_s");
  if (s == std::string_view::npos) return 0;
  uint32_t v = 0;
  std::from_chars(id.data() + s + 2, id.data() + id.size(), v);
  return v;
}

struct VmlHandler : XmlHandler {
  std::vector<VmlShape> shapes;
  int shape_depth = 0, textbox_depth = 0, depth = 0;
  std::string* field = nullptr;
  std::string anchor_text;

  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    ++depth;
    if (ns == kVmlNs && local == "shape") {
      shapes.emplace_back();
      shape_depth = depth;
      for (size_t i = 0; i < n; ++i)
        if (a[i].local == "id" || a[i].local == "spid") {
          const uint32_t v = shape_number(a[i].value);
          if (v) shapes.back().id = v;
        }
      return;
    }
    if (!shape_depth) return;
    if (ns == kVmlNs && local == "textbox") {
      textbox_depth = depth;
    } else if (ns == kExcelNs && local == "ClientData") {
      for (size_t i = 0; i < n; ++i)
        if (a[i].local == "ObjectType") shapes.back().object_type = std::string(a[i].value);
    } else if (ns == kExcelNs && local == "Checked") {
      field = &shapes.back().checked;
    } else if (ns == kExcelNs && local == "FmlaLink") {
      field = &shapes.back().fmla_link;
    } else if (ns == kExcelNs && local == "Anchor") {
      anchor_text.clear();
      field = &anchor_text;
    }
  }

  void end_element(std::string_view local, std::string_view ns) override {
    if (ns == kExcelNs && local == "Anchor" && shape_depth) {
      // LeftColumn, LeftOffset, TopRow, TopOffset, ...
      uint32_t v[4] = {0, 0, 0, 0};
      size_t k = 0, pos = 0;
      while (k < 4 && pos <= anchor_text.size()) {
        size_t end = anchor_text.find(',', pos);
        if (end == std::string::npos) end = anchor_text.size();
        std::string_view part(anchor_text.data() + pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        std::from_chars(part.data(), part.data() + part.size(), v[k++]);
        pos = end + 1;
      }
      if (k == 4) {
        shapes.back().col = v[0];
        shapes.back().row = v[2];
        shapes.back().has_anchor = true;
      }
    }
    if (ns == kExcelNs) field = nullptr;
    if (textbox_depth == depth) textbox_depth = 0;
    if (shape_depth == depth) shape_depth = 0;
    --depth;
  }

  void text(std::string_view chunk) override {
    if (!shape_depth) return;
    if (field) {
      if (field->size() < 4096) field->append(chunk);
    } else if (textbox_depth && shapes.back().caption.size() < 4096) {
      shapes.back().caption.append(chunk);
    }
  }
};

struct CtrlPropHandler : XmlHandler {
  std::string object_type, checked, fmla_link;
  void start_element(std::string_view local, std::string_view, const XmlAttribute* a,
                     size_t n) override {
    if (local != "formControlPr") return;
    for (size_t i = 0; i < n; ++i) {
      if (a[i].local == "objectType") object_type = std::string(a[i].value);
      else if (a[i].local == "checked") checked = std::string(a[i].value);
      else if (a[i].local == "fmlaLink") fmla_link = std::string(a[i].value);
    }
  }
  void end_element(std::string_view, std::string_view) override {}
};

std::string clean_link(std::string_view link) {
  std::string out;
  for (char c : link)
    if (c != '$' && c != ' ') out.push_back(c);
  return out;
}

// Parses a small related part; hostile content is kept as an error, other
// failures become a warning.
bool parse_part(const ZipArchive& archive, const std::string& part, XmlHandler& h, bool recover,
                const std::string& sheet_name, Problems& problems) {
  const ZipEntry* entry = archive.find(part);
  if (!entry) return false;
  std::string xml;
  Problems local;
  XmlLimits limits;
  limits.recover = recover;
  bool ok = archive.read_all(*entry, xml, 16ull << 20, local) && parse_xml(xml, h, limits, part, local);
  for (auto& p : local) {
    const bool hostile = p.code == "xml.doctype" || p.code == "xml.external_entity" ||
                         p.code.rfind("zip.", 0) == 0;
    if (!hostile) {
      p.severity = Severity::Warning;
      p.code = "xlsx.bad_controls";
      p.message = "复选框信息无法读取（" + p.message + "）";
    }
    p.sheet = sheet_name;
    problems.push_back(std::move(p));
  }
  return ok;
}

}  // namespace

void resolve_check_boxes(const ZipArchive& archive, const std::string& sheet_name,
                         const std::map<std::string, Relationship>& sheet_rels,
                         const std::vector<ControlRef>& controls,
                         const std::string& legacy_drawing_rel, std::vector<CheckBox>& out,
                         Problems& problems) {
  VmlHandler vml;
  auto vml_rel = sheet_rels.find(legacy_drawing_rel);
  if (!legacy_drawing_rel.empty() && vml_rel != sheet_rels.end() && !vml_rel->second.target.empty())
    parse_part(archive, vml_rel->second.target, vml, /*recover=*/true, sheet_name, problems);
  std::map<uint32_t, const VmlShape*> by_id;
  for (const auto& s : vml.shapes) by_id[s.id] = &s;

  auto from_vml_checked = [](const std::string& v, CheckBox& box) {
    const std::string c = collapse(v);
    box.checked = c == "1";
    box.mixed = c == "2";
  };

  if (controls.empty()) {
    for (const auto& s : vml.shapes) {
      if (s.object_type != "Checkbox" || !s.has_anchor) continue;
      CheckBox box;
      box.row = s.row;
      box.col = s.col;
      from_vml_checked(s.checked, box);
      box.caption = collapse(s.caption);
      box.linked_cell = clean_link(collapse(s.fmla_link));
      out.push_back(std::move(box));
    }
    return;
  }
  for (const auto& c : controls) {
    CtrlPropHandler props;
    auto rel = sheet_rels.find(c.rel_id);
    const bool have_props = rel != sheet_rels.end() && !rel->second.target.empty() &&
                            parse_part(archive, rel->second.target, props, false, sheet_name, problems);
    auto shape_it = by_id.find(c.shape_id);
    const VmlShape* shape = shape_it == by_id.end() ? nullptr : shape_it->second;
    const bool is_check_box = have_props ? props.object_type == "CheckBox"
                                         : (shape && shape->object_type == "Checkbox");
    if (!is_check_box) continue;
    CheckBox box;
    if (c.has_anchor) {
      box.row = c.row;
      box.col = c.col;
    } else if (shape && shape->has_anchor) {
      box.row = shape->row;
      box.col = shape->col;
    } else {
      continue;  // nowhere to place it
    }
    if (have_props) {
      box.checked = props.checked == "Checked";
      box.mixed = props.checked == "Mixed";
      box.linked_cell = clean_link(props.fmla_link);
    } else {
      from_vml_checked(shape->checked, box);
      box.linked_cell = clean_link(collapse(shape->fmla_link));
    }
    if (shape) box.caption = collapse(shape->caption);
    out.push_back(std::move(box));
  }
}

}  // namespace ipsurvey::importers
