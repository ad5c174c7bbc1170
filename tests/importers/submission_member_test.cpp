// read_submission_member(): one file of a stored upload, by the name
// read_submission() gave it.
#include "importers/submission_member.h"

#include <boost/test/unit_test.hpp>

#include <set>

#include "importers/submission_reader.h"
#include "test_support.h"

using ipsurvey::Problems;
using ipsurvey::importers::FormOptions;
using ipsurvey::importers::MemorySource;
using ipsurvey::importers::read_submission;
using ipsurvey::importers::read_submission_member;
using ipsurvey::test::codes;
using ipsurvey::test::has_code;
using ipsurvey::test::make_xlsx;
using ipsurvey::test::make_zip;

namespace {

const char* const kSheet =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";

}  // namespace

BOOST_AUTO_TEST_SUITE(submission_member)

BOOST_AUTO_TEST_CASE(every_file_read_submission_names_comes_back_with_its_bytes) {
  const std::string a = make_xlsx({kSheet});
  const std::string b = "<survey><enterprise_name>甲</enterprise_name></survey>";
  const std::string zip = make_zip({{"a.xlsx", a, 8}, {"sub\\b.xml", b, 0}, {"__MACOSX/._a.xlsx", "junk", 0}});
  MemorySource upload(zip);
  std::set<std::string> names;
  for (const auto& r : read_submission(upload, "城市.zip", FormOptions{})) names.insert(r.file);
  BOOST_TEST_REQUIRE(names.size() == 2u);
  for (const auto& name : names) {
    std::string out;
    Problems problems;
    BOOST_TEST_REQUIRE(read_submission_member(upload, "城市.zip", name, out, problems), codes(problems));
    BOOST_TEST((out == (name == "城市.zip/a.xlsx" ? a : b)), name);
  }
}

BOOST_AUTO_TEST_CASE(the_upload_itself_is_given_whole) {
  const std::string a = make_xlsx({kSheet});  // a zip, but one workbook
  MemorySource upload(a);
  std::string out;
  Problems problems;
  BOOST_TEST(read_submission_member(upload, "a.xlsx", "a.xlsx", out, problems));
  BOOST_TEST((out == a));
  BOOST_TEST(!read_submission_member(upload, "a.xlsx", "a.xlsx/xl/workbook.xml", out, problems));
  BOOST_TEST(has_code(problems, "file.not_in_upload"));
  const std::string xml = "<survey/>";
  MemorySource not_zip(xml);
  BOOST_TEST(read_submission_member(not_zip, "s.xml", "s.xml", out, problems));
  BOOST_TEST(out == xml);
}

BOOST_AUTO_TEST_CASE(a_name_not_in_the_batch_or_too_large_is_refused_with_a_code) {
  const std::string zip = make_zip({{"a.xlsx", make_xlsx({kSheet}), 8}, {"big.xlsx", std::string(2 << 20, 'x'), 8}});
  MemorySource upload(zip);
  std::string out;
  Problems problems;
  BOOST_TEST(!read_submission_member(upload, "batch.zip", "batch.zip/missing.xlsx", out, problems));
  BOOST_TEST(has_code(problems, "file.not_in_upload"));
  BOOST_TEST(!read_submission_member(upload, "batch.zip", "other.zip/a.xlsx", out, problems));
  ipsurvey::importers::SubmissionLimits small;
  small.max_workbook_bytes = 1 << 20;
  problems.clear();
  BOOST_TEST(!read_submission_member(upload, "batch.zip", "batch.zip/big.xlsx", out, problems, small));
  BOOST_TEST(has_code(problems, "zip.too_large"), codes(problems));
  BOOST_TEST(out.empty());
  problems.clear();
  BOOST_TEST(!read_submission_member(MemorySource(zip.substr(0, zip.size() / 2)), "batch.zip",
                                     "batch.zip/a.xlsx", out, problems));
  BOOST_TEST(!problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
