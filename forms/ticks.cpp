// read_ticks: which printed boxes of a choice are ticked.
//
// The text is cut into one token per character: a mark (a box, ticked or
// blank, or a tick), a space, or text. Option labels are looked for in a
// normalised copy of the text (marks become separators a label cannot span;
// spaces, brackets and colons vanish; dashes, 至 and 到 between figures become
// "-"), longest spelling first, never inside a label already found. A label's
// state is the run of marks just before it ("√□" and "□√" count as ticked);
// a label with no mark before it takes a tick (√ ✓ ✔) just after it; when every
// label has marks after it and none before the first ("是☑ 否□"), the form
// prints its boxes after the labels and the marks after them count.
#include "forms/ticks.h"

#include <algorithm>
#include <cstdint>

#include "forms/text_normalize.h"
#include "forms/utf8_scan.h"

namespace ipsurvey {

namespace {

Mark mark_of_cp(char32_t c) {
  switch (c) {
    case 0x25A0:  // ■
    case 0x2611:  // ☑
    case 0x2612:  // ☒
    case 0x25A3:  // ▣
    case 0x22A0:  // ⊠
    case 0x221A:  // √
    case 0x2713:  // ✓
    case 0x2714:  // ✔
    case 0x2705:  // ✅
    case 0x2717:  // ✗
    case 0x2718:  // ✘
    case 0x00D7:  // ×
    case 0x25CF:  // ● (a filled radio button)
    case 0x25C9:  // ◉
    case 'x': case 'X': case 0xFF58: case 0xFF38:
      return Mark::Ticked;
    case 0x25A1:  // □
    case 0x2610:  // ☐
    case 0x25CB:  // ○
    case 0x25EF:  // ◯
    case 0x25A2:  // ▢
    case 0x25FB:  // ◻
    case 0x2B1C:  // ⬜
      return Mark::Blank;
    default:
      return Mark::None;
  }
}

bool is_check_glyph(char32_t c) { return c == 0x221A || c == 0x2713 || c == 0x2714; }

bool is_ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Characters a label is compared without: brackets of every width and colons.
bool is_ignored_in_label(char32_t c) {
  switch (c) {
    case '(': case ')': case '[': case ']': case ':':
    case 0x3010: case 0x3011: case 0x3014: case 0x3015: case 0x3008: case 0x3009:
    case 0xFE5D: case 0xFE5E: case 0x3016: case 0x3017:
      return true;
    default:
      return false;
  }
}

constexpr char32_t kSeparator = 0x0001;  // where a mark stood: no label spans it

// Appends one text character (already half-width, not a space) to a normalised
// string; false when it is dropped.
bool push_normalised(std::u32string& norm, char32_t c) {
  if (is_ignored_in_label(c)) return false;
  if (utf8::is_dash(c)) {
    if (!norm.empty() && norm.back() == '-') return false;
    c = '-';
  } else if (c >= 'A' && c <= 'Z') {
    c = c - 'A' + 'a';
  }
  norm.push_back(c);
  return true;
}

// "3至6个月", "6个月到1年": 至 and 到 before a figure read as a dash.
void unify_ranges(std::u32string& norm) {
  for (size_t k = 1; k + 1 < norm.size(); ++k) {
    if ((norm[k] == U'至' || norm[k] == U'到') && utf8::is_ascii_digit(norm[k + 1]) &&
        norm[k - 1] != '-' && norm[k - 1] != kSeparator)
      norm[k] = '-';
  }
}

std::u32string normalise_spelling(std::string_view spelling) {
  std::u32string norm;
  for (size_t i = 0; i < spelling.size();) {
    const auto d = utf8::decode(spelling, i);
    i += d.len;
    const char32_t c = utf8::half_width(d.cp);
    if (!utf8::is_space(c)) push_normalised(norm, c);
  }
  unify_ranges(norm);
  return norm;
}

enum class Kind : uint8_t { Text, Space, Mark, MaybeX };

struct Token {
  Kind kind;
  Mark mark;
  char32_t cp;  // after half-width conversion
  size_t begin, end;
};

struct Occurrence {
  size_t option;
  size_t first_tok, last_tok;
  int before = -1, after = -1;  // runs of marks just before / after the label
  Mark state = Mark::None;
  bool took_after = false;  // its state came from the marks after it
};

struct Run {
  size_t first_tok, last_tok;
  Mark value = Mark::Blank;
  bool has_check = false;  // holds a √ ✓ ✔
  bool used = false;
};

bool is_front_junk(char32_t c) {
  return utf8::is_space(c) || c == '_' || c == 0xFF3F || c == ':' || c == 0xFF1A ||
         c == 0x2026 || c == ')' || c == 0xFF09 || c == ']' || c == 0xFF3D || c == 0x3011 ||
         c == 0x3015;
}

bool is_back_junk(char32_t c) {
  return utf8::is_space(c) || c == '_' || c == 0xFF3F || c == ':' || c == 0xFF1A ||
         c == 0x2026 || c == '(' || c == 0xFF08 || c == '[' || c == 0xFF3B || c == 0x3010 ||
         c == 0x3014;
}

bool is_close(char32_t c) { return c == ')' || c == 0xFF09 || c == ']' || c == 0xFF3D || c == 0x3011 || c == 0x3015; }
bool is_open(char32_t c) { return c == '(' || c == 0xFF08 || c == '[' || c == 0xFF3B || c == 0x3010 || c == 0x3014; }

// The free text after "其他（请注明）": without the blank's underscores, the
// brackets and colons around it, nor the words asking for it.
std::string clean_other_text(std::string_view s) {
  static constexpr std::string_view kAsks[] = {"请注明", "请说明", "请填写", "注明"};
  auto starts_with_ask = [&](std::string_view t) {
    for (std::string_view w : kAsks)
      if (t.substr(0, w.size()) == w) return w.size();
    return size_t{0};
  };
  for (bool again = true; again && !s.empty();) {
    again = false;
    const auto d = utf8::decode(s, 0);
    if (is_front_junk(d.cp) || (is_open(d.cp) && starts_with_ask(s.substr(d.len)) > 0)) {
      s.remove_prefix(d.len);
      again = true;
    } else if (const size_t n = starts_with_ask(s)) {
      s.remove_prefix(n);
      again = true;
    }
  }
  std::string out;
  int balance = 0;
  for (size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (d.cp != '_' && d.cp != 0xFF3F) out.append(s.substr(i, d.len));
    if (is_open(d.cp)) ++balance;
    if (is_close(d.cp)) --balance;
    i += d.len;
  }
  // Trailing junk, and a closing bracket that closes nothing written here.
  while (!out.empty()) {
    size_t start = out.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) --start;
    const char32_t c = utf8::decode(out, start).cp;
    if (is_back_junk(c) || (is_close(c) && balance < 0)) {
      if (is_close(c)) ++balance;
      if (is_open(c)) --balance;
      out.resize(start);
    } else {
      break;
    }
  }
  return trim_text(out);
}

// Whether any character of the text is a mark (a box, a tick, or an x that may be one).
bool has_mark(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (mark_of_cp(utf8::half_width(d.cp)) != Mark::None) return true;
    i += d.len;
  }
  return false;
}

}  // namespace

Mark mark_of(std::string_view glyph) {
  if (glyph.empty()) return Mark::None;
  const auto d = utf8::decode(glyph, 0);
  if (d.len != glyph.size()) return Mark::None;
  return mark_of_cp(d.cp);
}

TickResult read_ticks(std::string_view text, const std::vector<OptionSpelling>& options,
                      std::string_view other_code) {
  TickResult result;
  // Without a single mark nothing is ticked, blank or seen: the common written answer.
  if (!has_mark(text)) return result;

  // 1. Tokens. An x or X is only a candidate mark: it must stand apart
  //    ("x 民营企业", not "Excel"), and is confirmed below.
  std::vector<Token> toks;
  toks.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t c = utf8::half_width(d.cp);
    Token t{Kind::Text, Mark::None, c, i, i + d.len};
    i += d.len;
    if (utf8::is_space(c)) {
      t.kind = Kind::Space;
    } else if (const Mark m = mark_of_cp(c); m != Mark::None) {
      t.mark = m;
      t.kind = Kind::Mark;
      if (c == 'x' || c == 'X') {
        const bool apart_before = toks.empty() || toks.back().kind != Kind::Text;
        bool apart_after = true;
        if (i < text.size()) apart_after = !is_ascii_alnum(utf8::half_width(utf8::decode(text, i).cp));
        t.kind = apart_before && apart_after ? Kind::MaybeX : Kind::Text;
        if (t.kind == Kind::Text) t.mark = Mark::None;
      }
    }
    toks.push_back(t);
  }

  // 2. The normalised text, each character tied to its token.
  std::u32string norm;
  std::vector<size_t> norm_tok;
  norm.reserve(toks.size());
  norm_tok.reserve(toks.size());
  for (size_t k = 0; k < toks.size(); ++k) {
    const Token& t = toks[k];
    if (t.kind == Kind::Space) continue;
    if (t.kind == Kind::Mark || t.kind == Kind::MaybeX) {
      norm.push_back(kSeparator);
      norm_tok.push_back(k);
    } else if (push_normalised(norm, t.cp)) {
      norm_tok.push_back(k);
    }
  }
  unify_ranges(norm);

  // 3. Option labels, longest spelling first, never overlapping.
  struct Candidate {
    size_t option;
    std::u32string spelling;
  };
  std::vector<Candidate> candidates;
  for (size_t o = 0; o < options.size(); ++o)
    for (const auto& sp : options[o].spellings) {
      std::u32string n = normalise_spelling(sp);
      if (!n.empty()) candidates.push_back({o, std::move(n)});
    }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.spelling.size() > b.spelling.size();
  });
  std::vector<bool> claimed(norm.size(), false);
  std::vector<Occurrence> occs;
  for (const Candidate& cand : candidates) {
    const size_t len = cand.spelling.size();
    for (size_t from = 0; from + len <= norm.size();) {
      const size_t p = norm.find(cand.spelling, from);
      if (p == std::u32string::npos) break;
      if (std::any_of(claimed.begin() + p, claimed.begin() + p + len, [](bool b) { return b; })) {
        from = p + 1;
        continue;
      }
      std::fill(claimed.begin() + p, claimed.begin() + p + len, true);
      occs.push_back({cand.option, norm_tok[p], norm_tok[p + len - 1]});
      from = p + len;
    }
  }
  std::sort(occs.begin(), occs.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.first_tok < b.first_tok; });

  auto prev_solid = [&](size_t k) -> long {  // nearest non-space token before k, or -1
    long j = static_cast<long>(k) - 1;
    while (j >= 0 && toks[j].kind == Kind::Space) --j;
    return j;
  };
  auto next_solid = [&](size_t k) -> size_t {  // nearest non-space token after k, or size
    size_t j = k + 1;
    while (j < toks.size() && toks[j].kind == Kind::Space) ++j;
    return j;
  };

  // 4. Confirm the candidate x marks: next to another mark, just before a
  //    label, or alone in the cell.
  {
    std::vector<bool> label_start(toks.size(), false);
    for (const auto& o : occs) label_start[o.first_tok] = true;
    bool only_x = true;
    for (const auto& t : toks) only_x = only_x && (t.kind == Kind::Space || t.kind == Kind::MaybeX);
    for (size_t k = 0; k < toks.size(); ++k) {
      if (toks[k].kind != Kind::MaybeX) continue;
      const long p = prev_solid(k);
      const size_t n = next_solid(k);
      const bool confirmed = only_x || (p >= 0 && toks[p].kind == Kind::Mark) ||
                             (n < toks.size() && (toks[n].kind == Kind::Mark || label_start[n]));
      if (confirmed) {
        toks[k].kind = Kind::Mark;
      } else {
        toks[k].kind = Kind::Text;
        toks[k].mark = Mark::None;
      }
    }
  }

  // 5. Runs of marks (spaces between them allowed).
  std::vector<Run> runs;
  std::vector<int> run_of(toks.size(), -1);
  {
    bool in_run = false;
    for (size_t k = 0; k < toks.size(); ++k) {
      const Token& t = toks[k];
      if (t.kind == Kind::Mark) {
        result.boxes_seen = true;
        if (!in_run) runs.push_back({k, k});
        in_run = true;
        Run& r = runs.back();
        r.last_tok = k;
        if (t.mark == Mark::Ticked) r.value = Mark::Ticked;
        if (is_check_glyph(t.cp)) r.has_check = true;
        run_of[k] = static_cast<int>(runs.size() - 1);
      } else if (t.kind == Kind::Text) {
        in_run = false;
      }
    }
  }

  // 6. Each label's state.
  for (auto& o : occs) {
    const long p = prev_solid(o.first_tok);
    if (p >= 0 && toks[p].kind == Kind::Mark) o.before = run_of[p];
    const size_t n = next_solid(o.last_tok);
    if (n < toks.size() && toks[n].kind == Kind::Mark) o.after = run_of[n];
  }
  bool boxes_after = !occs.empty() && occs.front().before < 0;
  for (const auto& o : occs) boxes_after = boxes_after && o.after >= 0;
  std::vector<int> label_after_run(runs.size(), -1);  // the label a run stands before
  for (size_t i = 0; i < occs.size(); ++i)
    if (occs[i].before >= 0) label_after_run[occs[i].before] = static_cast<int>(i);
  if (boxes_after) {
    for (auto& o : occs) {
      o.state = runs[o.after].value;
      o.took_after = runs[o.after].used = true;
    }
  } else {
    std::vector<bool> trailing(occs.size(), false);
    for (size_t i = 0; i < occs.size(); ++i) {
      Occurrence& o = occs[i];
      if (o.after < 0 || !runs[o.after].has_check) continue;
      const Run& r = runs[o.after];
      const int next = label_after_run[o.after];
      if (next < 0) {
        // A tick after the label that leads to no other label: when nothing
        // marks the label before, or only a blank box does ("□民营企业 √").
        trailing[i] = o.before < 0 || runs[o.before].value == Mark::Blank;
      } else if (o.before < 0) {
        // "是√ 否" is 是, "是 √否" is 否; "是√否" and "是 √ 否" cannot tell: both.
        const bool touches_this = r.first_tok == o.last_tok + 1;
        const bool touches_next = occs[next].first_tok == r.last_tok + 1;
        if (touches_this && !touches_next) {
          trailing[i] = true;
          occs[next].before = -1;
        } else {
          trailing[i] = touches_this == touches_next;
        }
      }
    }
    for (size_t i = 0; i < occs.size(); ++i) {
      Occurrence& o = occs[i];
      if (o.before >= 0) {
        o.state = runs[o.before].value;
        runs[o.before].used = true;
      }
      if (trailing[i]) {
        o.state = Mark::Ticked;
        o.took_after = runs[o.after].used = true;
      }
    }
  }

  // 7. Codes, in the options' order.
  std::vector<Mark> option_state(options.size(), Mark::None);
  for (const auto& o : occs) {
    Mark& s = option_state[o.option];
    if (o.state == Mark::Ticked || (o.state == Mark::Blank && s == Mark::None)) s = o.state;
  }
  auto add_once = [](std::vector<std::string>& v, const std::string& code) {
    if (std::find(v.begin(), v.end(), code) == v.end()) v.push_back(code);
  };
  for (size_t i = 0; i < options.size(); ++i) {
    if (option_state[i] == Mark::Ticked) add_once(result.ticked, options[i].code);
  }
  for (size_t i = 0; i < options.size(); ++i) {
    if (option_state[i] == Mark::Blank &&
        std::find(result.ticked.begin(), result.ticked.end(), options[i].code) ==
            result.ticked.end())
      add_once(result.blank, options[i].code);
  }

  // 8. The text after a ticked "其他（请注明）", up to the next mark.
  if (!other_code.empty()) {
    for (const auto& o : occs) {
      if (o.state != Mark::Ticked || options[o.option].code != other_code) continue;
      size_t k = o.last_tok + 1;
      if (o.took_after)
        while (k < toks.size() && toks[k].kind != Kind::Text) ++k;  // its own mark
      size_t end = k;
      while (end < toks.size() && toks[end].kind != Kind::Mark) ++end;
      if (k < end) {
        const size_t b = toks[k].begin, e = toks[end - 1].end;
        result.other_text = clean_other_text(text.substr(b, e - b));
      }
      break;
    }
  }

  // 9. Ticked marks before no known label: what follows them, to the end of the line.
  for (const Run& r : runs) {
    if (r.used || r.value != Mark::Ticked) continue;
    size_t k = r.last_tok + 1, end = k;
    while (end < toks.size() && toks[end].kind != Kind::Mark && toks[end].cp != '\n' &&
           toks[end].cp != '\r')
      ++end;
    std::string after;
    if (k < end) after = trim_text(text.substr(toks[k].begin, toks[end - 1].end - toks[k].begin));
    result.unknown_ticked.push_back(std::move(after));
  }
  return result;
}

}  // namespace ipsurvey
