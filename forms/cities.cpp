#include "forms/cities.h"

#include <algorithm>
#include <stdexcept>

#include "forms/data_table.h"
#include "forms/embedded_data.h"

namespace ipsurvey {
namespace {

// The first two bytes of a name at text[pos] (a Chinese character's lead bytes).
uint16_t start_key(std::string_view text, size_t pos) {
  return static_cast<uint16_t>((static_cast<unsigned char>(text[pos]) << 8) |
                               static_cast<unsigned char>(text[pos + 1]));
}

// Length in code points of valid UTF-8.
size_t cp_length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// The code point starting at s[i] (0 at the end); its byte length in `len`.
char32_t cp_at(std::string_view s, size_t i, size_t* len = nullptr) {
  if (i >= s.size()) {
    if (len) *len = 0;
    return 0;
  }
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  if (len) *len = n;
  return cp;
}

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0xA0 || cp == 0x200B || cp == 0xFEFF;
}

// The text without any spacing (people write "石 家 庄 市").
std::string without_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t kept = 0;  // start of the characters not yet copied
  for (size_t i = 0; i < s.size();) {
    size_t len;
    const char32_t cp = cp_at(s, i, &len);
    if (is_space_cp(cp)) {
      out.append(s.substr(kept, i - kept));
      kept = i + len;
    }
    i += len;
  }
  out.append(s.substr(kept));
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Whether a weak name (a short name such as 中山, 西安) found at [pos, pos+len) is
// more likely part of another word: a street (中山路, 中山东路, 北京大街), a
// district of the same name elsewhere (西安区, 朝阳区) or the province (吉林省).
bool weak_match_rejected(std::string_view text, size_t end) {
  size_t len1;
  char32_t next = cp_at(text, end, &len1);
  switch (next) {
    case U'区':
    case U'省':
    case U'路':
    case U'街':
    case U'道':
    case U'巷':
    case U'胡':  // 胡同
      return true;
    default:
      break;
  }
  char32_t after = cp_at(text, end + len1);
  if (next == U'大' && (after == U'街' || after == U'道')) return true;
  if ((next == U'东' || next == U'西' || next == U'南' || next == U'北' || next == U'中') &&
      (after == U'路' || after == U'街' || after == U'大' || after == U'道'))
    return true;
  return false;
}

}  // namespace

const Cities& Cities::instance() {
  static const Cities cities;
  return cities;
}

Cities::Cities() {
  std::string_view data = embedded_file("cities.tsv");
  if (data.empty()) throw std::runtime_error("forms/data/cities.tsv is missing");

  std::vector<std::vector<std::string>> extra_divisions;
  std::vector<bool> no_short;
  for (const auto& cols : data_table::rows(data)) {
    if (cols.size() < 4) throw std::runtime_error("cities.tsv: too few columns in the row of " + std::string(cols.front()));
    City city;
    city.code = std::string(data_table::trim(cols[0]));
    city.name = std::string(data_table::trim(cols[1]));
    city.short_name = std::string(data_table::trim(cols[2]));
    city.province = std::string(data_table::trim(cols[3]));
    if (!all_digits(city.code) || (city.code.size() != 4 && city.code.size() != 6) || city.name.empty())
      throw std::runtime_error("cities.tsv: bad row: " + std::string(cols.front()));
    if (cols.size() > 4)
      for (auto a : data_table::split(cols[4], '|'))
        if (!data_table::trim(a).empty()) city.aliases.emplace_back(data_table::trim(a));
    std::vector<std::string> divisions;
    if (cols.size() > 5)
      for (auto d : data_table::split(cols[5], '|'))
        if (!data_table::trim(d).empty()) divisions.emplace_back(data_table::trim(d));
    bool noshort = cols.size() > 6 && data_table::trim(cols[6]).find("noshort") != std::string_view::npos;
    cities_.push_back(std::move(city));
    extra_divisions.push_back(std::move(divisions));
    no_short.push_back(noshort);
  }

  for (size_t i = 0; i < cities_.size(); ++i) {
    const City& c = cities_[i];
    // Names: the first line to claim a name keeps it.
    names_.emplace(c.name, i);
    if (!c.short_name.empty()) names_.emplace(c.short_name, i);
    for (const auto& a : c.aliases) names_.emplace(a, i);

    // Division codes: a 4-digit prefecture code claims its prefix; a 6-digit code claims
    // itself, and xxxx00 also its prefix, xx0000 (a municipality) its province prefix.
    if (c.code.size() == 4) {
      divisions_.emplace(c.code, i);
    } else {
      divisions_.emplace(c.code, i);
      if (c.code.compare(2, 4, "0000") == 0)
        divisions_.emplace(c.code.substr(0, 2), i);
      else if (c.code.compare(4, 2, "00") == 0)
        divisions_.emplace(c.code.substr(0, 4), i);
    }
    for (const auto& d : extra_divisions[i]) divisions_.emplace(d, i);

    text_names_.push_back({c.name, i, true});
    if (!c.short_name.empty() && !no_short[i] && c.short_name != c.name)
      text_names_.push_back({c.short_name, i, false});
    for (const auto& a : c.aliases) text_names_.push_back({a, i, cp_length(a) >= 3});
  }
  start_bucket_.assign(1 << 16, 0);
  for (size_t n = 0; n < text_names_.size(); ++n) {
    if (text_names_[n].text.size() < 2) continue;
    uint16_t& bucket = start_bucket_[start_key(text_names_[n].text, 0)];
    if (bucket == 0) {
      if (starts_.size() == UINT16_MAX) throw std::runtime_error("cities.tsv: too many names");
      starts_.emplace_back();
      bucket = static_cast<uint16_t>(starts_.size());
    }
    const std::string& text = text_names_[n].text;
    starts_[bucket - 1].push_back({text.size() > 2 ? static_cast<unsigned char>(text[2]) : -1, n});
    first_bytes_[static_cast<unsigned char>(text[0])] = true;
  }
  for (auto& bucket : starts_)  // stable: names written alike keep their order
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Start& a, const Start& b) { return a.third < b.third; });
}

const City* Cities::by_name(std::string_view name) const {
  std::string key = without_spaces(name);
  auto it = names_.find(key);
  return it == names_.end() ? nullptr : &cities_[it->second];
}

const City* Cities::by_division(std::string_view division) const {
  std::string code = without_spaces(division);
  if (code.size() != 6 || !all_digits(code)) return nullptr;
  for (size_t len : {6, 4, 2}) {
    auto it = divisions_.find(code.substr(0, len));
    if (it != divisions_.end()) return &cities_[it->second];
  }
  return nullptr;
}

// Every name is looked for. A strong match (full name, long alias) beats a weak one
// (short name), so "张家口 保定市" gives 保定市; among matches of the same kind the
// longest wins ("马鞍山" is not 鞍山; "郑州市航空港区" is the zone), then the first.
const City* Cities::find_in_text(std::string_view raw) const {
  std::string text = without_spaces(raw);
  // County-level names that contain another city's full name (五大连池市 is not 大连市,
  // 峨眉山市 not 眉山市): blanked out before the search.
  for (std::string_view blocker : {"五大连池", "峨眉山"})
    for (size_t pos = text.find(blocker); pos != std::string::npos; pos = text.find(blocker, pos))
      text.replace(pos, blocker.size(), "|");
  // Each name's first acceptable occurrence, found in one pass over the text.
  const TextName* best = nullptr;
  size_t best_pos = 0, best_len = 0;
  std::vector<size_t> seen;  // names already found (a few at most)
  auto consider = [&](size_t idx, size_t pos) {
    const TextName& n = text_names_[idx];
    if (std::string_view(text).substr(pos, n.text.size()) != n.text) return;
    if (std::find(seen.begin(), seen.end(), idx) != seen.end()) return;
    if (!n.strong && weak_match_rejected(text, pos + n.text.size())) return;
    seen.push_back(idx);
    const size_t len = cp_length(n.text);
    const bool better = !best || (n.strong && !best->strong) ||
                        (n.strong == best->strong && (len > best_len || (len == best_len && pos < best_pos)));
    if (better) {
      best = &n;
      best_pos = pos;
      best_len = len;
    }
  };
  const auto by_third = [](const Start& a, const Start& b) { return a.third < b.third; };
  for (size_t pos = 0; pos + 1 < text.size(); ++pos) {
    if (!first_bytes_[static_cast<unsigned char>(text[pos])]) continue;  // most bytes of a text start no name
    const uint16_t bucket = start_bucket_[start_key(text, pos)];
    if (bucket == 0) continue;
    const auto& names = starts_[bucket - 1];
    // The two-byte names, then those whose third byte is the text's (-2: the text has none).
    const int third = pos + 2 < text.size() ? static_cast<unsigned char>(text[pos + 2]) : -2;
    for (const int key : {-1, third}) {
      const auto [first, last] = std::equal_range(names.begin(), names.end(), Start{key, 0}, by_third);
      for (auto it = first; it != last; ++it) consider(it->name, pos);
    }
  }
  return best ? &cities_[best->city] : nullptr;
}

}  // namespace ipsurvey
