#include "db/upload_blob.h"

#include <boost/test/unit_test.hpp>

#include "db/import_session.h"
#include "db_fixture.h"
#include "forms/sha256.h"

using namespace ipsurvey;
using namespace ipsurvey::db;
using ipsurvey::db::testing::survey;
using ipsurvey::db::testing::TempDatabase;

namespace {

UploadInfo info(const std::string& name) {
  UploadInfo i;
  i.name = name;
  i.account = "test";
  i.city = "石家庄市";
  i.round = "2022";
  return i;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(upload_blob)

BOOST_AUTO_TEST_CASE(a_stored_file_gives_its_upload_and_the_upload_its_bytes_whole) {
  TempDatabase t;
  std::string zip(3 << 20, '\0');  // several blob pieces, with NULs and every byte value
  for (size_t i = 0; i < zip.size(); ++i) zip[i] = static_cast<char>(i * 7 + i / 4096);
  int64_t a_id = 0, b_id = 0, upload_id = 0;
  {
    ImportSession s(*t.db, info("batch.zip"), zip);
    s.add_record("batch.zip/a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
    a_id = s.finish_file("batch.zip/a.xlsx", true, {}, sha256_hex("a")).file_id;
    b_id = s.finish_file("batch.zip/b.xlsx", false, {make_problem(Severity::Error, "file.pdf", "PDF")},
                         sha256_hex("b"))
               .file_id;
    upload_id = s.commit().upload_id;
  }
  const auto a = find_stored_file(*t.db, a_id);
  BOOST_TEST_REQUIRE(a.has_value());
  BOOST_TEST(a->file_id == a_id);
  BOOST_TEST(a->upload_id == upload_id);
  BOOST_TEST(a->name == "batch.zip/a.xlsx");
  BOOST_TEST(a->status == "ok");
  BOOST_TEST(a->upload_name == "batch.zip");
  BOOST_TEST(a->city == "石家庄市");
  BOOST_TEST(a->upload_sha256 == sha256_hex(zip));
  BOOST_TEST(a->file_sha256 == sha256_hex("a"));
  BOOST_TEST(a->upload_size == zip.size());
  BOOST_TEST(find_stored_file(*t.db, b_id)->status == "rejected");
  BOOST_TEST(!find_stored_file(*t.db, b_id + 100).has_value());

  const auto bytes = upload_bytes(*t.db, upload_id);
  BOOST_TEST_REQUIRE(bytes.has_value());
  BOOST_TEST((*bytes == zip));
  BOOST_TEST(!upload_bytes(*t.db, upload_id + 100).has_value());
}

BOOST_AUTO_TEST_CASE(a_duplicate_file_finds_its_first_stored_copy) {
  TempDatabase t;
  int64_t first = 0, copy = 0;
  {
    ImportSession s(*t.db, info("a.xlsx"), "the bytes of a.xlsx");
    s.add_record("a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
    first = s.finish_file("a.xlsx", true, {}).file_id;
    s.commit();
  }
  {
    ImportSession s(*t.db, info("batch.zip"), "a zip holding a.xlsx and b.xlsx");
    s.add_record("batch.zip/a.xlsx", survey("91130100MA0D5X1G38", "甲公司", 500));
    copy = s.finish_file("batch.zip/a.xlsx", true, {}, sha256_hex("the bytes of a.xlsx")).file_id;
    s.add_record("batch.zip/b.xlsx", survey("91130100MA0CR1WJ7X", "乙公司", 100));
    s.finish_file("batch.zip/b.xlsx", true, {}, sha256_hex("b"));
    s.commit();
  }
  const auto dup = find_stored_file(*t.db, copy);
  BOOST_TEST_REQUIRE(dup.has_value());
  BOOST_TEST(dup->status == "duplicate");
  BOOST_TEST(first_stored_copy(*t.db, dup->file_sha256).value_or(0) == first);
  BOOST_TEST(!first_stored_copy(*t.db, sha256_hex("never stored")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
