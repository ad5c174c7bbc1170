#include "forms/credit_code.h"

#include <array>
#include <cstdint>
#include <initializer_list>

#include "forms/utf8_scan.h"

namespace ipsurvey {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // GB 32100, 31 characters
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};  // 3^i mod 31
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};  // GB 11714

// Each byte's value in the alphabet; -1 for a byte that is not in it.
constexpr std::array<int8_t, 256> kAlphabetValues = [] {
  std::array<int8_t, 256> values{};
  for (auto& v : values) v = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i)
    values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return values;
}();

int alphabet_value(char c) { return kAlphabetValues[static_cast<unsigned char>(c)]; }

// Decodes one UTF-8 sequence at text[i]; advances i. Invalid bytes give U+FFFD.
char32_t next_code_point(std::string_view text, size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
         cp == 0x3000 || cp == 0xA0 || cp == 0x2002 || cp == 0x2003 || cp == 0x2009 ||
         cp == 0x200B || cp == 0xFEFF;
}

bool is_hyphen(char32_t cp) {
  // After full-width folding: '-', and the dashes people type between groups.
  return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2015 || cp == 0x2212 || cp == 0x30FC || cp == 0xFF0D;
}

// The pieces, one after the other (built in one go: these messages are made for many rows).
std::string joined(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out.append(p);
  return out;
}

std::string quoted(std::string_view s) {
  std::string out = "“";
  out += s;
  out += "”";
  return out;
}

}  // namespace

char credit_code_check_digit(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = alphabet_value(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return kAlphabet[static_cast<size_t>(check)];
}

// GB 11714: the check character over the organisation code's first 8 characters
// (digits 0-9, letters A=10 … Z=35); '\0' when one is neither.
char credit_code_org_check_digit(std::string_view first8) {
  if (first8.size() < 8) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    char c = first8[i];
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'A' && c <= 'Z')
      v = 10 + (c - 'A');
    else
      return '\0';
    sum += v * kOrgWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

namespace {

// The code as written, cleaned: spaces at either end dropped; full-width ASCII
// and lower case folded, inner spaces and hyphens dropped, each of these noted
// as a correction.
struct CleanedCode {
  std::u32string code;
  bool corrected = false;
};

CleanedCode clean_code(std::string_view raw) {
  CleanedCode out;
  out.code.reserve(18);
  bool started = false, spaces_pending = false;
  for (size_t i = 0; i < raw.size();) {
    char32_t cp = next_code_point(raw, i);
    if (is_space(cp)) {
      spaces_pending = started;  // inner spaces count only once a character follows
      continue;
    }
    started = true;
    if (spaces_pending) out.corrected = true;
    spaces_pending = false;
    if (is_hyphen(cp)) {
      out.corrected = true;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp = cp - 0xFF01 + 0x21;
      out.corrected = true;
    }
    if (cp >= 'a' && cp <= 'z') {
      cp = cp - 'a' + 'A';
      out.corrected = true;
    }
    out.code.push_back(cp);
  }
  return out;
}

bool all_in_alphabet(const std::u32string& code) {
  for (char32_t cp : code)
    if (cp >= 0x80 || alphabet_value(static_cast<char>(cp)) < 0) return false;
  return true;
}

}  // namespace

std::string credit_code_division(std::string_view raw) {
  const CleanedCode cleaned = clean_code(raw);
  if (cleaned.code.size() != 18 || !all_in_alphabet(cleaned.code)) return {};
  std::string division;
  for (size_t i = 2; i < 8; ++i) division.push_back(static_cast<char>(cleaned.code[i]));
  return division;
}

CreditCodeResult check_credit_code(std::string_view raw) {
  CreditCodeResult result;
  const CleanedCode cleaned = clean_code(raw);
  const std::u32string& code = cleaned.code;
  const bool corrected = cleaned.corrected;

  std::string written;
  for (char32_t cp : code) utf8::append(written, cp);

  if (code.size() != 18) {
    result.findings.push_back(error_finding(
        "credit_code.length", "应为18位，收到" + std::to_string(code.size()) + "位" +
                                  (code.empty() ? std::string() : "：" + quoted(written))));
    return result;
  }

  std::string bad;
  for (char32_t cp : code) {
    if (cp < 0x80 && alphabet_value(static_cast<char>(cp)) >= 0) continue;
    std::string one;
    utf8::append(one, cp);
    if (bad.find(one) == std::string::npos) bad += one;
  }
  if (!bad.empty()) {
    result.findings.push_back(error_finding(
        "credit_code.invalid_char",
        "含有统一社会信用代码不使用的字符" + quoted(bad) + "（只用数字和除I、O、Z、S、V以外的大写字母）：" +
            quoted(written)));
    return result;
  }

  result.division = written.substr(2, 6);
  if (corrected)
    result.findings.push_back(warning_finding(
        "credit_code.corrected",
        "已更正为" + quoted(written) + "（全角字符、小写字母或其中的空格、连字符）"));

  bool ok = true;
  char org = credit_code_org_check_digit(std::string_view(written).substr(8, 8));
  if (org != written[16]) {
    ok = false;
    const std::string_view expected = org ? std::string_view(&org, 1) : std::string_view();
    result.findings.push_back(error_finding(
        "credit_code.org_check_digit",
        joined({"第9-17位组织机构代码的校验码有误：第17位应为", org ? "“" : "数字或X", expected, org ? "”" : "",
                "，收到“", std::string_view(&written[16], 1), "”：“", written, "”"})));
  }
  char check = credit_code_check_digit(std::string_view(written).substr(0, 17));
  if (check != written[17]) {
    ok = false;
    result.findings.push_back(error_finding(
        "credit_code.check_digit", joined({"校验码有误：第18位应为“", std::string_view(&check, 1), "”，收到“",
                                           std::string_view(&written[17], 1), "”：“", written, "”"})));
  }
  result.valid = ok;
  result.code = std::move(written);
  return result;
}

}  // namespace ipsurvey
