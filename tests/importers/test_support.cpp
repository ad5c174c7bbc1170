#include "test_support.h"

#include <zlib.h>

#include <stdexcept>

#include "importers/cell_ref.h"

namespace ipsurvey::test {
namespace {

void put16(std::string& s, uint32_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

std::string deflate_raw(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, in.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

std::string make_zip(const std::vector<ZipPart>& parts) {
  std::string out, central;
  for (const auto& p : parts) {
    const uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(p.data.data()), static_cast<uInt>(p.data.size())));
    const std::string body = p.method == 8 ? deflate_raw(p.data) : p.data;
    const uint32_t offset = static_cast<uint32_t>(out.size());
    put32(out, 0x04034b50);
    put16(out, 20);
    put16(out, 0);
    put16(out, p.method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, crc);
    put32(out, static_cast<uint32_t>(body.size()));
    put32(out, static_cast<uint32_t>(p.data.size()));
    put16(out, static_cast<uint32_t>(p.name.size()));
    put16(out, 0);
    out += p.name;
    out += body;

    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, p.method);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, static_cast<uint32_t>(body.size()));
    put32(central, static_cast<uint32_t>(p.data.size()));
    put16(central, static_cast<uint32_t>(p.name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += p.name;
  }
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint32_t>(parts.size()));
  put16(out, static_cast<uint32_t>(parts.size()));
  put32(out, static_cast<uint32_t>(central.size()));
  put32(out, cd_offset);
  put16(out, 0);
  return out;
}

std::string make_xlsx(const std::vector<std::string>& sheet_xmls,
                      const std::vector<ZipPart>& extra_parts, const std::string& workbook_pr) {
  std::vector<ZipPart> parts;
  std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
  parts.push_back({"[Content_Types].xml", types});
  parts.push_back({"_rels/.rels",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                   "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
  std::string wb =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
      workbook_pr + "<sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheet_xmls.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    wb += "<sheet name=\"Sheet" + n + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
            "Target=\"worksheets/sheet" + n + ".xml\"/>";
    parts.push_back({"xl/worksheets/sheet" + n + ".xml", sheet_xmls[i]});
  }
  wb += "</sheets></workbook>";
  rels += "</Relationships>";
  parts.push_back({"xl/workbook.xml", wb});
  parts.push_back({"xl/_rels/workbook.xml.rels", rels});
  for (const auto& p : extra_parts) parts.push_back(p);
  return make_zip(parts);
}

bool CollectingSink::begin_sheet(const importers::SheetInfo& sheet) {
  sheets.emplace_back();
  sheets.back().info = sheet;
  return true;
}

void CollectingSink::cell(const importers::Cell& c) {
  if (sheets.empty()) sheets.emplace_back();
  auto& s = sheets.back();
  std::string v;
  if (c.type == importers::CellType::Number) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", c.number);
    v = buf;
  } else if (c.type == importers::CellType::Bool) {
    v = c.number != 0 ? "true" : "false";
  } else {
    v = std::string(c.text);
  }
  s.cells[{c.row, c.col}] = {c.type, v};
  s.numbers[{c.row, c.col}] = c.number;
}

void CollectingSink::merged(const importers::CellRange& range) {
  if (!sheets.empty()) sheets.back().merged.push_back(range);
}

void CollectingSink::check_box(const importers::CheckBox& box) {
  if (!sheets.empty()) sheets.back().boxes.push_back(box);
}

std::string CollectedSheet::at(const std::string& ref) const {
  uint32_t r, c;
  if (!importers::parse_cell_ref(ref, r, c)) return "<bad ref>";
  auto it = cells.find({r, c});
  return it == cells.end() ? "" : it->second.second;
}

importers::CellType CollectedSheet::type_at(const std::string& ref) const {
  uint32_t r = 0, c = 0;
  importers::parse_cell_ref(ref, r, c);
  auto it = cells.find({r, c});
  return it == cells.end() ? importers::CellType::Error : it->second.first;
}

bool has_code(const Problems& problems, const std::string& code) {
  for (const auto& p : problems)
    if (p.code == code) return true;
  return false;
}

std::string codes(const Problems& problems) {
  std::string s;
  for (const auto& p : problems) {
    if (!s.empty()) s += ",";
    s += p.code;
  }
  return s;
}

}  // namespace ipsurvey::test
