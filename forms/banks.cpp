#include "forms/banks.h"

#include <stdexcept>

#include "forms/data_table.h"
#include "forms/embedded_data.h"
#include "forms/utf8_scan.h"

namespace ipsurvey {
namespace {

char32_t cp_at(std::string_view s, size_t i, size_t* len) {
  if (i >= s.size()) {
    *len = 0;
    return 0;
  }
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) n = 1;
  char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0xA0 || cp == 0x200B || cp == 0xFEFF;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Spaces removed, full-width ASCII folded ("（" -> "("), other brackets unified to "()".
std::string fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    char32_t cp = cp_at(s, i, &len);
    i += len;
    if (is_space_cp(cp)) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;
    if (cp == U'【' || cp == U'〔' || cp == U'［' || cp == U'[') cp = '(';
    if (cp == U'】' || cp == U'〕' || cp == U'］' || cp == U']') cp = ')';
    utf8::append(out, cp);
  }
  return out;
}

// Punctuation that may trail a name or lead it, and list markers ("1.", "(2)", "③").
bool is_edge_punct(char32_t cp) {
  switch (cp) {
    case '.': case ',': case ';': case ':': case '!': case '?': case '"': case '\'':
    case U'。': case U'、': case U'“': case U'”': case U'‘': case U'’': case U'·':
    case U'…': case '-': case U'—': case U'–': case '*':
      return true;
    default:
      return false;
  }
}

std::string strip_edges(std::string s) {
  // Leading list marker: digits followed by . ) 、 or a circled number; "(1)".
  for (bool changed = true; changed;) {
    changed = false;
    size_t len;
    char32_t cp = cp_at(s, 0, &len);
    if (cp >= 0x2460 && cp <= 0x2473) {  // ①…⑳
      s.erase(0, len);
      changed = true;
      continue;
    }
    size_t d = 0;
    bool paren = !s.empty() && s[0] == '(';
    size_t k = paren ? 1 : 0;
    while (k + d < s.size() && s[k + d] >= '0' && s[k + d] <= '9') ++d;
    if (d > 0 && k + d < s.size()) {
      char after = s[k + d];
      if ((paren && after == ')') || (!paren && (after == '.' || after == ')'))) {
        s.erase(0, k + d + 1);
        changed = true;
        continue;
      }
    }
    if (!s.empty() && is_edge_punct(cp)) {
      s.erase(0, len);
      changed = true;
    }
  }
  // Trailing punctuation.
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t len;
    char32_t cp = cp_at(s, start, &len);
    if (!is_edge_punct(cp)) break;
    s.erase(start);
  }
  // "…等", "…等银行", "…等金融机构": the list goes on; not part of the name.
  static const std::string_view kEtc[] = {"等多家金融机构", "等多家银行", "等金融机构", "等银行",
                                          "等机构", "等"};
  for (auto e : kEtc)
    if (s.size() > e.size() && ends_with(s, e)) {
      s.erase(s.size() - e.size());
      break;
    }
  return s;
}

// What follows a bank's name: a company form first ("股份有限公司许昌分行"); "等…"
// ("工行等四大行") ends the name and names no branch.
std::string_view strip_company_form(std::string_view rest) {
  if (starts_with(rest, "等")) return {};
  for (std::string_view f : {"股份有限公司", "有限责任公司", "有限公司"})
    if (starts_with(rest, f)) return rest.substr(f.size());
  return rest;
}

// "1", "(2)": list numbering left over from a split.
bool only_list_marks(std::string_view s) {
  for (char c : s)
    if (!(c >= '0' && c <= '9') && c != '(' && c != ')') return false;
  return true;
}

bool is_none_word(std::string_view s) {
  for (std::string_view w : {"无", "暂无", "没有", "待定", "未定", "不限", "均可", "都可以", "无要求", "不确定"})
    if (s == w) return true;
  return false;
}

}  // namespace

const Banks& Banks::instance() {
  static const Banks banks;
  return banks;
}

Banks::Banks() {
  std::string_view data = embedded_file("banks.tsv");
  if (data.empty()) throw std::runtime_error("forms/data/banks.tsv is missing");
  for (const auto& cols : data_table::rows(data)) {
    Entry e;
    bool family = false;
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string_view c = data_table::trim(cols[i]);
      if (i == 0 && starts_with(c, "*")) {
        family = true;
        c.remove_prefix(1);
      }
      if (c.empty()) continue;
      if (e.name.empty() && i == 0)
        e.name = std::string(c);
      else
        e.aliases.emplace_back(c);
    }
    if (e.name.empty()) throw std::runtime_error("banks.tsv: a row without a name: " + std::string(cols.front()));
    if (family) {
      families_.push_back(std::move(e));
    } else {
      names_.push_back(e.name);
      entries_.push_back(std::move(e));
    }
  }
}

namespace {

// A name followed by `rest` (company form already stripped): the branch, if any.
// Written with the full name, the branch is kept as written; written with an alias or
// in brackets ("中国银行（许昌分行）"), it is the full name followed by the rest.
std::string branch_of(const std::string& bank, std::string_view rest, bool via_alias,
                      const std::string& written) {
  if (rest.empty()) return {};
  if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
    std::string_view inner = rest.substr(1, rest.size() - 2);
    if (inner.empty() || bank.find(inner) != std::string::npos) return {};
    return bank + std::string(inner);
  }
  return via_alias ? bank + std::string(rest) : written;
}

}  // namespace

BankName Banks::normalize(std::string_view raw) const {
  std::string written = strip_edges(fold(raw));
  if (written.empty()) return {};

  // The longest full name or alias that starts the text.
  const Entry* best = nullptr;
  size_t best_len = 0;
  bool best_alias = false;
  for (const auto& e : entries_) {
    if (e.name.size() > best_len && starts_with(written, e.name)) {
      best = &e;
      best_len = e.name.size();
      best_alias = false;
    }
    for (const auto& a : e.aliases)
      if (a.size() > best_len && starts_with(written, a)) {
        best = &e;
        best_len = a.size();
        best_alias = true;
      }
  }
  // A family member: "<place>农商行…" -> "<place>农村商业银行".
  size_t fam_pos = std::string::npos, fam_len = 0;
  const Entry* fam = nullptr;
  bool fam_alias = false;
  for (const auto& f : families_) {
    auto consider = [&](const std::string& word, bool alias) {
      size_t pos = written.find(word);
      if (pos == std::string::npos) return;
      if (pos < fam_pos || (pos == fam_pos && word.size() > fam_len)) {
        fam_pos = pos;
        fam_len = word.size();
        fam = &f;
        fam_alias = alias;
      }
    };
    consider(f.name, false);
    for (const auto& a : f.aliases) consider(a, true);
  }
  // "兴业县农商行" is a rural bank, not 兴业银行: a family word after the name wins.
  if (best && fam && fam_pos >= best_len) best = nullptr;

  if (best) {
    std::string_view rest = strip_company_form(std::string_view(written).substr(best_len));
    if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
      // "建设银行(建行)": the bracket only repeats the bank.
      std::string_view inner = rest.substr(1, rest.size() - 2);
      BankName again = normalize(inner);
      if (again.known && again.bank == best->name && again.branch.empty()) rest = {};
    }
    return {best->name, branch_of(best->name, rest, best_alias, written), true};
  }

  if (fam) {
    std::string bank = written.substr(0, fam_pos) + fam->name;
    std::string_view rest = strip_company_form(std::string_view(written).substr(fam_pos + fam_len));
    return {bank, branch_of(bank, rest, fam_alias, written), true};
  }

  return {written, "", false};
}

std::vector<BankName> Banks::parse_list(std::string_view text, Findings& findings) const {
  // Pieces between the separators; each piece may still hold names apart by spaces.
  // List numbering ("1.", "2）", "（3）", "④") separates names as well.
  auto digit_at = [&](size_t i, size_t* len) {
    char32_t cp = cp_at(text, i, len);
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
  };
  auto list_mark_end = [&](size_t i) -> size_t {  // end of a list mark at i, or 0
    size_t len;
    char32_t cp = cp_at(text, i, &len);
    if (cp >= 0x2460 && cp <= 0x2473) return i + len;
    bool paren = cp == '(' || cp == U'（';
    size_t j = paren ? i + len : i, digits = 0;
    while (digit_at(j, &len)) {
      j += len;
      ++digits;
    }
    if (digits == 0) return 0;
    char32_t after = cp_at(text, j, &len);
    if (after == ')' || after == U'）') return j + len;
    if (!paren && (after == '.' || after == U'．')) return j + len;
    return 0;
  };
  std::vector<std::string> pieces;
  std::string cur;
  for (size_t i = 0; i < text.size();) {
    if (size_t end = list_mark_end(i)) {
      pieces.push_back(std::move(cur));
      cur.clear();
      i = end;
      continue;
    }
    size_t len;
    char32_t cp = cp_at(text, i, &len);
    bool sep = false;
    switch (cp) {
      case U'、': case U'，': case ',': case U'；': case ';': case '/': case U'／':
      case '|': case U'｜': case '\n': case '\r': case U'。': case '\\':
        sep = true;
        break;
      default:
        break;
    }
    if (sep) {
      pieces.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.append(text.substr(i, len));
    }
    i += len;
  }
  pieces.push_back(std::move(cur));

  std::vector<std::string> names;
  for (const auto& piece : pieces) {
    // Split on runs of spaces; keep the piece whole if only the whole names a bank
    // ("中国 银行", "中国银行 许昌分行").
    std::vector<std::string> tokens;
    std::string tok;
    for (size_t i = 0; i < piece.size();) {
      size_t len;
      char32_t cp = cp_at(piece, i, &len);
      if (is_space_cp(cp)) {
        if (!tok.empty()) tokens.push_back(std::move(tok));
        tok.clear();
      } else {
        tok.append(piece, i, len);
      }
      i += len;
    }
    if (!tok.empty()) tokens.push_back(std::move(tok));
    if (tokens.size() <= 1) {
      if (!tokens.empty()) names.push_back(tokens[0]);
      continue;
    }
    bool all_known = true;
    for (const auto& t : tokens) {
      std::string s = strip_edges(fold(t));
      if (!s.empty() && !is_none_word(s) && !only_list_marks(s) && !normalize(t).known)
        all_known = false;
    }
    if (!all_known) {
      std::string whole;  // the piece without list numbers between its tokens
      for (const auto& t : tokens)
        if (!only_list_marks(strip_edges(fold(t)))) whole += t;
      if (normalize(whole).known) {
        names.push_back(whole);
        continue;
      }
    }
    names.insert(names.end(), tokens.begin(), tokens.end());
  }

  std::vector<BankName> out;
  for (const auto& name : names) {
    std::string cleaned = strip_edges(fold(name));
    if (cleaned.empty() || is_none_word(cleaned) || only_list_marks(cleaned)) continue;

    BankName b = normalize(name);
    bool seen = false;
    for (auto& prev : out) {
      if (prev.bank != b.bank || prev.known != b.known) continue;
      if (b.branch.empty() || prev.branch == b.branch) {
        seen = true;
        break;
      }
      if (prev.branch.empty()) {  // "中行、中国银行许昌分行": the bank once, with its branch
        prev.branch = b.branch;
        seen = true;
        break;
      }
    }
    if (seen) continue;
    if (!b.known)
      findings.push_back(warning_finding("bank.unknown",
                                         "未识别的银行名称“" + b.bank + "”，已按原文保留"));
    out.push_back(std::move(b));
  }
  return out;
}

bool Banks::same_bank(std::string_view written, std::string_view bank) const {
  BankName a = normalize(written);
  BankName b = normalize(bank);
  if (a.bank.empty() || b.bank.empty()) return false;
  return a.known == b.known && a.bank == b.bank;
}

}  // namespace ipsurvey
