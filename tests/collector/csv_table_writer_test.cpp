#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <unistd.h>

#include "collector/table_output.h"
#include "tests/collector/table_test_support.h"

using namespace ipsurvey::collector;

namespace {

std::string csv_of(const Table& t) {
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Csv, &out, "", &error), error);
  return out.str();
}

const std::string kBom = "\xEF\xBB\xBF";

}  // namespace

BOOST_AUTO_TEST_CASE(csv_has_bom_crlf_and_quotes_when_needed) {
  Table t;
  t.columns = {{"名称", ColumnKind::Text, 0}, {"金额", ColumnKind::Number, 0}, {"备注", ColumnKind::Text, 0}};
  t.rows = {{Cell::of_text("甲,乙"), Cell::of_number(500), Cell::of_text("说\"是\"")},
            {Cell::of_text("两\r\n行"), Cell::of_number(0.1), Cell::of_text("plain")},
            {Cell{}, Cell::of_number(-0.0), Cell::of_text("")},
            {Cell::of_text("only one")}};
  BOOST_TEST(csv_of(t) == kBom +
                              "名称,金额,备注\r\n"
                              "\"甲,乙\",500,\"说\"\"是\"\"\"\r\n"
                              "\"两\r\n行\",0.1,plain\r\n"
                              ",0,\r\n"
                              "only one,,\r\n");
}

BOOST_AUTO_TEST_CASE(csv_cannot_start_a_formula) {
  Table t;
  t.columns = {{"值", ColumnKind::Text, 0}, {"数", ColumnKind::Number, 0}, {"代码", ColumnKind::Code, 0}};
  t.rows = {{Cell::of_text("=1+1"), Cell::of_number(-5), Cell::of_text("+86 138")},
            {Cell::of_text("-5"), Cell::of_text("-5"), Cell::of_text("@SUM(A1)")},
            {Cell::of_text("\tx"), Cell::of_number(1e20), Cell::of_text("\r=1")},
            {Cell::of_text("=HYPERLINK(\"http://x\",\"y\")"), Cell::of_number(-1.5), Cell::of_text("a=1")}};
  BOOST_TEST(csv_of(t) == kBom +
                              "值,数,代码\r\n"
                              "'=1+1,-5,'+86 138\r\n"
                              "'-5,'-5,'@SUM(A1)\r\n"
                              "'\tx,1e+20,\"'\r=1\"\r\n"
                              "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-1.5,a=1\r\n");
  // A header is text too.
  Table h;
  h.columns = {{"=cmd", ColumnKind::Text, 0}};
  BOOST_TEST(csv_of(h) == kBom + "'=cmd\r\n");
}

BOOST_AUTO_TEST_CASE(csv_keeps_codes_as_written) {
  Table t;
  t.columns = {{"信用代码", ColumnKind::Code, 0}, {"电话", ColumnKind::Code, 0}, {"人数", ColumnKind::Integer, 0}};
  t.rows = {{Cell::of_text("911301001234567890"), Cell::of_text("03118888888"), Cell::of_number(12)},
            // A number given for a code column is written as its text; NaN is empty.
            {Cell::of_number(13800138000.0), Cell::of_number(std::nan("")),
             Cell::of_number(std::numeric_limits<double>::infinity())}};
  BOOST_TEST(csv_of(t) == kBom +
                              "信用代码,电话,人数\r\n"
                              "911301001234567890,03118888888,12\r\n"
                              "13800138000,,\r\n");
}

BOOST_AUTO_TEST_CASE(csv_repairs_invalid_utf8) {
  Table t;
  t.columns = {{"x\xff", ColumnKind::Text, 0}};
  t.rows = {{Cell::of_text("a\xc3(b")}};
  BOOST_TEST(csv_of(t) == kBom + "x\xEF\xBF\xBD\r\na\xEF\xBF\xBD(b\r\n");
}

BOOST_AUTO_TEST_CASE(table_writer_refuses_misuse) {
  std::ostringstream out;
  std::string error;
  auto w = make_table_writer(TableFormat::Csv, &out, "", &error);
  BOOST_TEST_REQUIRE(static_cast<bool>(w));
  BOOST_TEST(!w->row({Cell::of_text("x")}));
  BOOST_TEST(w->error().find("begin") != std::string::npos);
  BOOST_TEST(!w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));  // the first error sticks

  w = make_table_writer(TableFormat::Csv, &out, "", &error);
  BOOST_TEST(!w->begin(TableHeader{"t", {}}));
  BOOST_TEST(!w->error().empty());

  w = make_table_writer(TableFormat::Csv, &out, "", &error);
  BOOST_TEST(w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));
  BOOST_TEST(!w->row({Cell::of_text("x"), Cell::of_text("y")}));
  BOOST_TEST(w->error().find("2 个单元格") != std::string::npos, w->error());
  BOOST_TEST(!w->finish());

  w = make_table_writer(TableFormat::Csv, &out, "", &error);
  BOOST_TEST(w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));
  BOOST_TEST(w->finish());
  BOOST_TEST(!w->finish());
  BOOST_TEST(!w->row({}));

  BOOST_TEST(!make_table_writer(TableFormat::Csv, nullptr, "", &error));
  BOOST_TEST(!error.empty());

  TableFormat f;
  BOOST_TEST((parse_table_format("xlsx", &f) && f == TableFormat::Xlsx));
  BOOST_TEST((parse_table_format("csv", &f) && f == TableFormat::Csv));
  BOOST_TEST(!parse_table_format("XLSX", &f));
  BOOST_TEST(!parse_table_format("xls", &f));
  BOOST_TEST(table_format_name(TableFormat::Json) == std::string("json"));
}

BOOST_AUTO_TEST_CASE(file_output_appears_whole_or_not_at_all) {
  ipsurvey::test::ScratchDir dir;
  const std::string path = dir.file("名单.csv");
  std::string error;
  for (const TableFormat format : {TableFormat::Text, TableFormat::Csv, TableFormat::Json, TableFormat::Xlsx}) {
    {
      auto w = make_table_writer(format, nullptr, path, &error);
      BOOST_TEST_REQUIRE(static_cast<bool>(w), error);
      BOOST_TEST(w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));
      BOOST_TEST(w->row({Cell::of_text("x")}));
      BOOST_TEST(!ipsurvey::test::file_exists(path));
      // Destroyed before finish(): nothing is left behind.
    }
    BOOST_TEST(dir.entries().empty(), table_format_name(format));
    {
      std::ofstream(path) << "old";
      auto w = make_table_writer(format, nullptr, path, &error);
      BOOST_TEST_REQUIRE(static_cast<bool>(w), error);
      BOOST_TEST(w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));
      BOOST_TEST(w->row({Cell::of_text("x")}));
      BOOST_TEST(ipsurvey::test::read_file(path) == "old");
      BOOST_TEST(w->finish(), w->error());
      BOOST_TEST(ipsurvey::test::read_file(path) != "old");
      BOOST_TEST(dir.entries() == std::vector<std::string>{"名单.csv"});
    }
    ::unlink(path.c_str());
  }
  // A directory that does not exist: a Chinese error naming it.
  BOOST_TEST(!make_table_writer(TableFormat::Csv, nullptr, dir.file("no/such/dir/x.csv"), &error));
  BOOST_TEST(error.find("no/such/dir") != std::string::npos, error);
  auto w = make_table_writer(TableFormat::Xlsx, nullptr, dir.file("no/such/dir/x.xlsx"), &error);
  BOOST_TEST_REQUIRE(static_cast<bool>(w));  // xlsx creates its file in begin()
  BOOST_TEST(!w->begin(TableHeader{"t", {{"a", ColumnKind::Text, 0}}}));
  BOOST_TEST(w->error().find("no/such/dir") != std::string::npos, w->error());
}

BOOST_AUTO_TEST_CASE(a_device_path_is_written_directly) {
  const Table t = ipsurvey::test::sample_table();
  for (const TableFormat format : {TableFormat::Text, TableFormat::Csv, TableFormat::Json, TableFormat::Xlsx}) {
    std::string error;
    BOOST_TEST(write_table(t, format, nullptr, "/dev/null", &error), error);
  }
}
