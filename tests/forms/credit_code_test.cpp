#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include "forms/credit_code.h"

using ipsurvey::check_credit_code;
using ipsurvey::credit_code_check_digit;
using ipsurvey::CreditCodeResult;
using ipsurvey::Findings;
using ipsurvey::Severity;

namespace {

bool has_code(const Findings& fs, const std::string& code) {
  return std::any_of(fs.begin(), fs.end(), [&](const auto& f) { return f.code == code; });
}

std::string codes_of(const Findings& fs) {
  std::string out;
  for (const auto& f : fs) out += f.code + " ";
  return out;
}

// Replaces the 18th character by the one the first 17 call for.
std::string with_check_digit(std::string code) {
  code[17] = credit_code_check_digit(std::string_view(code).substr(0, 17));
  return code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(credit_codes)

// Published codes of well-known enterprises, including an organisation code with
// letters (雄安新区, registered 2019) and check characters X and letters.
BOOST_AUTO_TEST_CASE(real_codes_are_valid) {
  for (const char* code : {
           "914403001922038216",  // 华为技术有限公司
           "9144030071526726XG",  // 腾讯科技（深圳）有限公司
           "91100000100003962T",  // 中国工商银行股份有限公司
           "911000001000013428",  // 中国银行股份有限公司
           "911100001000044477",  // 中国建设银行股份有限公司
           "911100001000054748",  // 中国农业银行股份有限公司
           "91133100MA0D8N1J7G",  // an enterprise registered in 雄安新区
       }) {
    BOOST_TEST_CONTEXT(code) {
      CreditCodeResult r = check_credit_code(code);
      BOOST_TEST(r.valid);
      BOOST_TEST(r.code == code);
      BOOST_TEST(r.findings.empty(), codes_of(r.findings));
      BOOST_TEST(credit_code_check_digit(std::string_view(code).substr(0, 17)) == code[17]);
    }
  }
  BOOST_TEST(check_credit_code("91133100MA0D8N1J7G").division == "133100");
  BOOST_TEST(check_credit_code("914403001922038216").division == "440300");
}

// The spec's example "91130100MA0D5X1G3K" has a wrong last character: 8 is right.
BOOST_AUTO_TEST_CASE(spec_example_has_wrong_check_digit) {
  BOOST_TEST(credit_code_check_digit("91130100MA0D5X1G3") == '8');
  CreditCodeResult bad = check_credit_code("91130100MA0D5X1G3K");
  BOOST_TEST(!bad.valid);
  BOOST_TEST(bad.code == "91130100MA0D5X1G3K");  // still reported as written
  BOOST_TEST(bad.division == "130100");
  BOOST_TEST(has_code(bad.findings, "credit_code.check_digit"));
  BOOST_TEST(!has_code(bad.findings, "credit_code.org_check_digit"));
  BOOST_TEST((bad.findings.front().severity == Severity::Error));

  CreditCodeResult good = check_credit_code("91130100MA0D5X1G38");
  BOOST_TEST(good.valid);
  BOOST_TEST(good.findings.empty());
}

BOOST_AUTO_TEST_CASE(check_digit_edge_cases) {
  BOOST_TEST(credit_code_check_digit("") == '\0');
  BOOST_TEST(credit_code_check_digit("91130100MA0D5X1G") == '\0');    // 16
  BOOST_TEST(credit_code_check_digit("91130100MA0D5X1G38") == '\0');  // 18
  BOOST_TEST(credit_code_check_digit("91130100MA0D5X1I3") == '\0');   // I is not in the alphabet
  BOOST_TEST(credit_code_check_digit("91130100ma0d5x1g3") == '\0');   // lower case is not either
  // Every result is a character of the alphabet; 0 when the sum is a multiple of 31.
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (char c : alphabet) {
    std::string first17 = "9113010" + std::string(1, c) + "MA0D5X1G3";
    char d = credit_code_check_digit(first17);
    BOOST_TEST(alphabet.find(d) != std::string::npos);
  }
  BOOST_TEST(credit_code_check_digit("00000000000000000") == '0');
}

BOOST_AUTO_TEST_CASE(trimming_is_silent) {
  CreditCodeResult r = check_credit_code("  914403001922038216\t\n");
  BOOST_TEST(r.valid);
  BOOST_TEST(r.code == "914403001922038216");
  BOOST_TEST(r.findings.empty());
  r = check_credit_code("\xE3\x80\x80" "914403001922038216" "\xE3\x80\x80");  // ideographic spaces
  BOOST_TEST(r.valid);
  BOOST_TEST(r.findings.empty());
}

BOOST_AUTO_TEST_CASE(lower_case_is_corrected) {
  CreditCodeResult r = check_credit_code("91133100ma0d8n1j7g");
  BOOST_TEST(r.valid);
  BOOST_TEST(r.code == "91133100MA0D8N1J7G");
  BOOST_TEST(r.findings.size() == 1u);
  BOOST_TEST(r.findings[0].code == "credit_code.corrected");
  BOOST_TEST((r.findings[0].severity == Severity::Warning));
}

BOOST_AUTO_TEST_CASE(full_width_is_corrected) {
  // ９１１３３１００ＭＡ０Ｄ８Ｎ１Ｊ７Ｇ
  CreditCodeResult r = check_credit_code(
      "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC\x90"
      "\xEF\xBC\x90\xEF\xBC\xAD\xEF\xBC\xA1\xEF\xBC\x90\xEF\xBC\xA4\xEF\xBC\x98\xEF\xBC\xAE"
      "\xEF\xBC\x91\xEF\xBC\xAA\xEF\xBC\x97\xEF\xBC\xA7");
  BOOST_TEST(r.valid);
  BOOST_TEST(r.code == "91133100MA0D8N1J7G");
  BOOST_TEST(r.division == "133100");
  BOOST_TEST(codes_of(r.findings) == "credit_code.corrected ");
  // Full-width lower case, mixed with half-width.
  r = check_credit_code("91130100\xEF\xBD\x8D\xEF\xBD\x81" "0D5X1G38");  // ｍａ
  BOOST_TEST(r.valid);
  BOOST_TEST(r.code == "91130100MA0D5X1G38");
  BOOST_TEST(codes_of(r.findings) == "credit_code.corrected ");
}

BOOST_AUTO_TEST_CASE(inner_spaces_and_hyphens_are_removed) {
  for (const char* raw : {"9113 0100 MA0D 5X1G 38", "91130100-MA0D5X1G3-8", "91130100－MA0D5X1G38",
                          "91130100\xE3\x80\x80MA0D5X1G38"}) {
    BOOST_TEST_CONTEXT(raw) {
      CreditCodeResult r = check_credit_code(raw);
      BOOST_TEST(r.valid);
      BOOST_TEST(r.code == "91130100MA0D5X1G38");
      BOOST_TEST(codes_of(r.findings) == "credit_code.corrected ");
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_length) {
  for (const char* raw : {"91130100MA0D5X1G3", "91130100MA0D5X1G389", "", "   ", "1234"}) {
    BOOST_TEST_CONTEXT("[" << raw << "]") {
      CreditCodeResult r = check_credit_code(raw);
      BOOST_TEST(!r.valid);
      BOOST_TEST(r.code.empty());
      BOOST_TEST(r.division.empty());
      BOOST_TEST(codes_of(r.findings) == "credit_code.length ");
      BOOST_TEST((r.findings[0].severity == Severity::Error));
    }
  }
}

// I, O, Z, S and V are not used, nor is anything but digits and capital letters.
BOOST_AUTO_TEST_CASE(invalid_characters) {
  for (char c : {'I', 'O', 'Z', 'S', 'V', '*', '.'}) {
    std::string code = "91130100MA0D5X1G38";
    code[10] = c;
    BOOST_TEST_CONTEXT(code) {
      CreditCodeResult r = check_credit_code(code);
      BOOST_TEST(!r.valid);
      BOOST_TEST(r.code.empty());
      BOOST_TEST(codes_of(r.findings) == "credit_code.invalid_char ");
    }
  }
  // A Chinese character counts as one character.
  CreditCodeResult r = check_credit_code("91130100MA0D5X1G3码");
  BOOST_TEST(codes_of(r.findings) == "credit_code.invalid_char ");
  // Lower-case o is folded to O, which is still not allowed.
  r = check_credit_code("91130100MA0D5X1o38");
  BOOST_TEST(has_code(r.findings, "credit_code.invalid_char"));
}

BOOST_AUTO_TEST_CASE(organisation_code_check_digit) {
  // Characters 9-17 ("MA0D5X1G3") end in their own GB 11714 check digit; make it
  // wrong while keeping the 18th character consistent with the first 17.
  std::string code = with_check_digit("91130100MA0D5X1G40");
  CreditCodeResult r = check_credit_code(code);
  BOOST_TEST(!r.valid);
  BOOST_TEST(r.code == code);
  BOOST_TEST(codes_of(r.findings) == "credit_code.org_check_digit ");

  // Both wrong: both reported.
  r = check_credit_code("91130100MA0D5X1G4K");
  BOOST_TEST(has_code(r.findings, "credit_code.org_check_digit"));
  BOOST_TEST(has_code(r.findings, "credit_code.check_digit"));

  // Organisation codes whose check digit is X (10) or 0 (11).
  BOOST_TEST(check_credit_code("9144030071526726XG").valid);  // 71526726-X
  std::string zero = with_check_digit("91110000000000000" "0");  // 00000000-0: sum 0 -> 11 -> 0
  BOOST_TEST(check_credit_code(zero).valid);
}

BOOST_AUTO_TEST_CASE(corrected_and_invalid_reports_both) {
  CreditCodeResult r = check_credit_code("91130100ma0d5x1g3k");
  BOOST_TEST(!r.valid);
  BOOST_TEST(r.code == "91130100MA0D5X1G3K");
  BOOST_TEST(has_code(r.findings, "credit_code.corrected"));
  BOOST_TEST(has_code(r.findings, "credit_code.check_digit"));
}

BOOST_AUTO_TEST_CASE(organisation_check_digit_of_characters_9_to_16) {
  // Real codes: character 17 is the GB 11714 check of characters 9-16.
  for (const char* code : {"91130100MA0D5X1G38", "91130109MA07Q3K276", "91130102MA0D0U6H8W"})
    BOOST_TEST(ipsurvey::credit_code_org_check_digit(std::string_view(code).substr(8, 8)) == code[16]);
  BOOST_TEST(ipsurvey::credit_code_org_check_digit("MA0D5X1") == '\0');   // too short
  BOOST_TEST(ipsurvey::credit_code_org_check_digit("MA0D5x1G") == '\0');  // not a capital letter
}

BOOST_AUTO_TEST_SUITE_END()
