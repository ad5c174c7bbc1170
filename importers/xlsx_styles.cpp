#include "importers/xlsx_styles.h"

#include <charconv>
#include <map>

#include "importers/number_format.h"
#include "importers/ooxml_names.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

int to_int(std::string_view s, int fallback = 0) {
  int v = fallback;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

struct StylesHandler : XmlHandler {
  std::map<int, bool> custom_date;  // numFmtId -> shows a date
  std::vector<SymbolFont> fonts;
  std::vector<std::pair<int, int>> xfs;  // numFmtId, fontId
  int in_fonts = 0, in_font = 0, in_cell_xfs = 0;

  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    if (!ooxml::is_main(ns)) return;
    if (local == "numFmt") {
      int id = -1;
      std::string_view code;
      for (size_t i = 0; i < n; ++i) {
        if (a[i].local == "numFmtId") id = to_int(a[i].value, -1);
        if (a[i].local == "formatCode") code = a[i].value;
      }
      if (id >= 0) custom_date[id] = is_date_format_code(code);
    } else if (local == "fonts") {
      ++in_fonts;
    } else if (local == "font" && in_fonts) {
      ++in_font;
      fonts.push_back(SymbolFont::None);
    } else if ((local == "name" || local == "rFont") && in_font && !fonts.empty()) {
      for (size_t i = 0; i < n; ++i)
        if (a[i].local == "val") fonts.back() = symbol_font_from_name(a[i].value);
    } else if (local == "cellXfs") {
      ++in_cell_xfs;
    } else if (local == "xf" && in_cell_xfs) {
      int fmt = 0, font = 0;
      for (size_t i = 0; i < n; ++i) {
        if (a[i].local == "numFmtId") fmt = to_int(a[i].value);
        if (a[i].local == "fontId") font = to_int(a[i].value);
      }
      xfs.emplace_back(fmt, font);
    }
  }
  void end_element(std::string_view local, std::string_view ns) override {
    if (!ooxml::is_main(ns)) return;
    if (local == "fonts") in_fonts = 0;
    else if (local == "font" && in_font) --in_font;
    else if (local == "cellXfs") in_cell_xfs = 0;
  }
};

}  // namespace

void StyleTable::read(const ZipArchive& archive, const std::string& part, Problems& problems) {
  const ZipEntry* entry = archive.find(part);
  if (!entry) return;
  std::string xml;
  Problems local;
  StylesHandler h;
  if (!archive.read_all(*entry, xml, 64ull << 20, local) || !parse_xml(xml, h, {}, part, local)) {
    for (auto& p : local) {
      // Hostile content stays an error; an unreadable style sheet only costs dates.
      if (p.code != "xml.doctype" && p.code.rfind("zip.", 0) != 0) {
        p.severity = Severity::Warning;
        p.code = "xlsx.bad_styles";
        p.message = "样式表无法读取，日期将按数字显示（" + p.message + "）";
      }
      problems.push_back(std::move(p));
    }
    return;
  }
  styles_.reserve(h.xfs.size());
  for (const auto& [fmt, font] : h.xfs) {
    CellStyle s;
    auto it = h.custom_date.find(fmt);
    s.is_date = it != h.custom_date.end() ? it->second : is_builtin_date_format(fmt);
    if (font >= 0 && static_cast<size_t>(font) < h.fonts.size()) s.font = h.fonts[font];
    any_font_ |= s.font != SymbolFont::None;
    styles_.push_back(s);
  }
}

}  // namespace ipsurvey::importers
