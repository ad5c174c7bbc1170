#include "db/import_session.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/test/unit_test.hpp>

#include "db/database.h"
#include "db/db_error.h"
#include "db/review_store.h"
#include "db/survey_query.h"
#include "db/upload_query.h"
#include "db_fixture.h"
#include "forms/sha256.h"

using namespace ipsurvey;
using namespace ipsurvey::db;
using ipsurvey::db::testing::survey;
using ipsurvey::db::testing::TempDatabase;

namespace {

int64_t count(const std::string& path, const std::string& sql) {
  SQLite::Database d(path, SQLite::OPEN_READONLY);
  return d.execAndGet(sql).getInt64();
}

UploadInfo info(const std::string& name, const std::string& round = "2022") {
  UploadInfo i;
  i.name = name;
  i.account = "test";
  i.city = "石家庄市";
  i.round = round;
  return i;
}

UploadOutcome import_records(Database& db, const std::string& bytes, const std::vector<Record>& records,
                             const std::string& round = "2022", const std::string& city = "石家庄市") {
  UploadInfo i = info("a.xlsx", round);
  i.city = city;
  ImportSession s(db, i, bytes);
  if (s.duplicate()) return s.commit();
  for (const auto& r : records) s.add_record("a.xlsx", r);
  s.finish_file("a.xlsx", true, {});
  return s.commit();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(import_session)

BOOST_AUTO_TEST_CASE(schema_is_migrated_once_and_a_newer_one_refused) {
  TempDatabase t;
  BOOST_TEST(t.db->schema_version() == latest_schema_version());
  t.db.reset();
  t.db = Database::open(t.path());  // reopening migrates nothing
  BOOST_TEST(t.db->schema_version() == latest_schema_version());
  BOOST_TEST(t.db->integrity_check() == "ok");
  t.db.reset();
  {
    SQLite::Database d(t.path(), SQLite::OPEN_READWRITE);
    d.exec("PRAGMA user_version = 999");
  }
  BOOST_CHECK_THROW(Database::open(t.path()), DbError);
}

BOOST_AUTO_TEST_CASE(an_upload_is_stored_with_its_bytes_and_the_same_bytes_again_change_nothing) {
  TempDatabase t;
  const std::string bytes = "PK fake workbook bytes";
  auto first = import_records(*t.db, bytes, {survey("91130100MA0D5X1G38", "甲公司", 500)});
  BOOST_TEST(first.status == "ok");
  BOOST_TEST(first.records == 1u);
  auto again = import_records(*t.db, bytes, {survey("91130100MA0D5X1G38", "甲公司", 500)});
  BOOST_TEST(again.status == "duplicate");
  BOOST_TEST(again.upload_id == first.upload_id);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM uploads") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM blobs WHERE size = 22") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM audit_log WHERE action = 'import'") == 1);
}

BOOST_AUTO_TEST_CASE(a_session_not_committed_leaves_nothing) {
  TempDatabase t;
  {
    ImportSession s(*t.db, info("a.xlsx"), "bytes");
    s.add_record("a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
    s.finish_file("a.xlsx", true, {});
  }  // destroyed without commit
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM uploads") == 0);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records") == 0);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM blobs") == 0);
}

BOOST_AUTO_TEST_CASE(a_refused_file_in_a_batch_keeps_its_problems_but_none_of_its_records) {
  TempDatabase t;
  ImportSession s(*t.db, info("batch.zip"), "zip bytes");
  s.add_record("batch.zip/a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3));
  s.finish_file("batch.zip/a.xlsx", true, {});
  s.add_record("batch.zip/b.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100, "石家庄市", 3));
  Problems refused = {make_problem(Severity::Error, "zip.truncated", "坏了", "b.xlsx")};
  s.finish_file("batch.zip/b.xlsx", false, refused);
  auto out = s.commit();
  BOOST_TEST(out.status == "partial");
  BOOST_TEST(out.files == 2u);
  BOOST_TEST(out.records == 1u);
  BOOST_TEST(out.errors == 1u);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE credit_code = '91130100MA0CR1WJ7X'") == 0);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM enterprises") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM upload_files WHERE status = 'rejected'") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems WHERE code = 'zip.truncated' AND record_id IS NULL") == 1);
}

BOOST_AUTO_TEST_CASE(a_wholly_refused_upload_is_kept_as_rejected_and_can_be_sent_again) {
  TempDatabase t;
  {
    ImportSession s(*t.db, info("bad.xlsx"), "bad bytes");
    s.finish_file("bad.xlsx", false, {make_problem(Severity::Error, "xml.doctype", "拒收")});
    BOOST_TEST(s.commit().status == "rejected");
  }
  ImportSession again(*t.db, info("bad.xlsx"), "bad bytes");
  BOOST_TEST(!again.duplicate());  // a refused upload does not block the same bytes
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM uploads WHERE status = 'rejected'") == 1);
}

BOOST_AUTO_TEST_CASE(problems_are_attached_to_the_record_of_their_row) {
  TempDatabase t;
  ImportSession s(*t.db, info("t.xlsx"), "table");
  s.add_record("t.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3));
  s.add_record("t.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100, "石家庄市", 4));
  Problem p = make_problem(Severity::Error, "amount.unreadable", "看不懂", "Sheet1", "F4");
  p.field = "loan_amount_wan";
  s.finish_file("t.xlsx", true, {p});
  s.commit();
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems p JOIN records r ON r.id = p.record_id "
                             "WHERE r.credit_code = '91130100MA0CR1WJ7X' AND p.cell = 'F4'") == 1);
}

BOOST_AUTO_TEST_CASE(a_second_survey_of_an_enterprise_is_its_next_version_and_goes_back_to_pending) {
  TempDatabase t;
  import_records(*t.db, "v1", {survey("91130100MA0D5X1G38", "甲公司", 500)});
  const int64_t v1 = *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38");
  BOOST_TEST((set_review(*t.db, v1, "approved", "", "province") == ReviewResult::Done));
  auto second = import_records(*t.db, "v2", {survey("91130100MA0D5X1G38", "甲公司", 800)});
  BOOST_TEST(second.new_versions == 1u);
  const int64_t v2 = *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38");
  BOOST_TEST(v2 != v1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM enterprises") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE latest = 1") == 1);
  BOOST_TEST(count(t.path(), "SELECT version FROM records WHERE id = " + std::to_string(v2)) == 2);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE review = 'pending' AND latest = 1") == 1);
  // The old version stays visible, with the upload that brought it, but cannot be reviewed.
  auto versions = record_versions(*t.db, *enterprise_of_record(*t.db, v2));
  BOOST_TEST_REQUIRE(versions.size() == 2u);
  BOOST_TEST(versions[0].review == "approved");
  BOOST_TEST(versions[0].upload_id != versions[1].upload_id);
  BOOST_TEST((set_review(*t.db, v1, "rejected", "", "province") == ReviewResult::NotLatest));
  // Another round is another enterprise.
  import_records(*t.db, "v3", {survey("91130100MA0D5X1G38", "甲公司", 800)}, "2023");
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM enterprises") == 2);
}

BOOST_AUTO_TEST_CASE(the_same_code_twice_in_one_upload_is_warned_about) {
  TempDatabase t;
  auto out = import_records(*t.db, "dup rows", {survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3),
                                                 survey("91130100MA0D5X1G38", "甲公司", 600, "石家庄市", 4)});
  BOOST_TEST(out.warnings == 1u);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems WHERE code = 'enterprise.repeated' AND cell = 'B4'") == 1);
}

BOOST_AUTO_TEST_CASE(records_without_a_credit_code_are_kept_but_are_no_enterprise) {
  TempDatabase t;
  Record r = survey("", "无代码公司", 300);
  r.needs_correction = true;
  import_records(*t.db, "no code", {r});
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE enterprise_id IS NULL AND needs_correction = 1") == 1);
  SurveyFilter f;
  f.round = "2022";
  BOOST_TEST(count_survey_entries(*t.db, f) == 0);  // not in the roster
  f.need_only = false;
  BOOST_TEST(count_survey_entries(*t.db, f) == 1);  // but in the city's list
}

BOOST_AUTO_TEST_CASE(another_citys_form_for_an_enterprise_does_not_replace_its_version) {
  TempDatabase t;
  import_records(*t.db, "sjz", {survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3)});
  const int64_t mine = *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38");
  auto out = import_records(*t.db, "bd", {survey("91130100MA0D5X1G38", "甲公司", 900, "保定市", 5)}, "2022", "保定市");
  BOOST_TEST(out.new_versions == 0u);
  BOOST_TEST(out.errors == 1u);
  BOOST_TEST(*latest_record_id(*t.db, "2022", "91130100MA0D5X1G38") == mine);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems WHERE code = 'enterprise.other_city' AND cell = 'B5' "
                             "AND record_id IS NOT NULL") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE city = '保定市' AND enterprise_id IS NULL "
                             "AND needs_correction = 1 AND has_need = 0") == 1);
  BOOST_TEST(count(t.path(), "SELECT latest FROM records WHERE id = " + std::to_string(mine)) == 1);
}

BOOST_AUTO_TEST_CASE(the_same_bytes_from_another_city_are_that_citys_upload) {
  TempDatabase t;
  import_records(*t.db, "same bytes", {survey("91130100MA0D5X1G38", "甲公司", 500)});
  auto again = import_records(*t.db, "same bytes", {survey("91130100MA0D5X1G38", "甲公司", 500)});
  BOOST_TEST(again.status == "duplicate");
  auto other = import_records(*t.db, "same bytes", {survey("91130100MA0D5X1G38", "甲公司", 500, "保定市", 3)}, "2022",
                              "保定市");
  BOOST_TEST(other.status == "ok");
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM uploads") == 2);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM blobs") == 1);  // the bytes are kept once
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_session_files)

BOOST_AUTO_TEST_CASE(a_file_in_a_zip_whose_bytes_were_stored_before_is_a_duplicate_and_changes_nothing) {
  TempDatabase t;
  const std::string workbook = "the bytes of a.xlsx";
  import_records(*t.db, workbook, {survey("91130100MA0D5X1G38", "甲公司", 500)});
  const int64_t v1 = *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38");
  set_review(*t.db, v1, "approved", "", "province");
  ImportSession s(*t.db, info("batch.zip"), "zip holding a.xlsx twice and b.xlsx");
  BOOST_TEST_REQUIRE(!s.duplicate());
  s.add_record("batch.zip/a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
  BOOST_TEST(s.finish_file("batch.zip/a.xlsx", true, {}, ipsurvey::sha256_hex(workbook)).status == "duplicate");
  s.add_record("batch.zip/b.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100));
  BOOST_TEST(s.finish_file("batch.zip/b.xlsx", true, {}, ipsurvey::sha256_hex("b")).status == "ok");
  s.add_record("batch.zip/copy-of-b.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100));
  BOOST_TEST(s.finish_file("batch.zip/copy-of-b.xlsx", true, {}, ipsurvey::sha256_hex("b")).status == "duplicate");
  auto out = s.commit();
  BOOST_TEST(out.status == "ok");
  BOOST_TEST(out.records == 1u);
  BOOST_TEST(*latest_record_id(*t.db, "2022", "91130100MA0D5X1G38") == v1);  // still version 1, still approved
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE review = 'approved' AND latest = 1") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records WHERE credit_code = '91130100MA0CR1WJ7X'") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM upload_files WHERE status = 'duplicate'") == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_session_problems)

BOOST_AUTO_TEST_CASE(problems_handed_with_a_record_are_stored_with_it_and_read_back_in_order) {
  TempDatabase t;
  ImportSession s(*t.db, info("t.xlsx"), "table with problems");
  Problem first = make_problem(Severity::Error, "amount.not_a_number", "看不懂", "Sheet1", "F3");
  Problem second = make_problem(Severity::Warning, "phone.invalid", "电话不对", "Sheet1", "G4");
  s.add_record("t.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3), {first});
  s.add_record("t.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100, "石家庄市", 4), {second});
  auto file = s.finish_file("t.xlsx", true, {make_problem(Severity::Warning, "sheet.hidden", "隐藏", "Sheet2")});
  BOOST_TEST(file.status == "ok");
  BOOST_TEST(file.problems == 3u);
  auto out = s.commit();
  BOOST_TEST(out.errors == 1u);
  BOOST_TEST(out.warnings == 2u);
  std::vector<std::string> codes;
  for_each_file_problem(*t.db, file.file_id, [&](const Problem& p) { codes.push_back(p.code + "@" + p.cell); });
  const std::vector<std::string> expected = {"amount.not_a_number@F3", "phone.invalid@G4", "sheet.hidden@"};
  BOOST_TEST(codes == expected, boost::test_tools::per_element());
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems p JOIN records r ON r.id = p.record_id "
                             "WHERE r.credit_code = '91130100MA0CR1WJ7X' AND p.code = 'phone.invalid'") == 1);
}

BOOST_AUTO_TEST_CASE(a_refused_file_keeps_only_the_reasons_it_was_refused) {
  TempDatabase t;
  ImportSession s(*t.db, info("t.xlsx"), "broken table");
  s.add_record("t.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500, "石家庄市", 3),
               {make_problem(Severity::Error, "amount.not_a_number", "看不懂", "Sheet1", "F3")});
  auto file = s.finish_file("t.xlsx", false, {make_problem(Severity::Error, "file.truncated", "文件不完整")});
  BOOST_TEST(file.status == "rejected");
  BOOST_TEST(file.problems == 1u);
  auto out = s.commit();
  BOOST_TEST(out.status == "rejected");
  BOOST_TEST(out.errors == 1u);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records") == 0);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems WHERE code = 'file.truncated'") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM problems") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(import_session_whole_duplicates)

BOOST_AUTO_TEST_CASE(an_upload_whose_every_file_was_stored_before_changes_nothing) {
  TempDatabase t;
  {
    ImportSession s(*t.db, info("batch.zip"), "zip bytes");
    s.add_record("batch.zip/a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
    s.finish_file("batch.zip/a.xlsx", true, {}, ipsurvey::sha256_hex("a"));
    BOOST_TEST(s.commit().status == "ok");
  }
  const int64_t uploads = count(t.path(), "SELECT count(*) FROM uploads");
  // The same workbook sent alone: other bytes than the zip, but nothing new.
  ImportSession s(*t.db, info("a.xlsx"), "a");
  BOOST_TEST_REQUIRE(!s.duplicate());
  s.add_record("a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
  BOOST_TEST(s.finish_file("a.xlsx", true, {}).status == "duplicate");
  auto out = s.commit();
  BOOST_TEST(out.status == "duplicate");
  BOOST_TEST(out.upload_id == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM uploads") == uploads);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM blobs") == 1);
  BOOST_TEST(count(t.path(), "SELECT count(*) FROM records") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
