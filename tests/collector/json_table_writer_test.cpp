#include <boost/test/unit_test.hpp>

#include <sstream>

#include "collector/table_output.h"
#include "forms/json_reader.h"
#include "tests/collector/table_test_support.h"

using namespace ipsurvey::collector;
using ipsurvey::FieldValue;

BOOST_AUTO_TEST_CASE(json_table_is_valid_and_complete) {
  const Table t = ipsurvey::test::sample_table();
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Json, &out, "", &error), error);
  const std::string s = out.str();
  BOOST_TEST(s.back() == '\n');
  // Read back with forms' strict reader (null cells are not members, so read the rows by hand).
  FieldValue doc;
  std::string replaced = s;
  for (size_t p = 0; (p = replaced.find("null", p)) != std::string::npos; p += 8) replaced.replace(p, 4, "\"<null>\"");
  BOOST_TEST_REQUIRE(ipsurvey::read_field_value_json(replaced, &doc, &error), error);
  BOOST_TEST_REQUIRE((doc.kind == FieldValue::Kind::Object && doc.keys.size() == 3u));
  BOOST_TEST(doc.keys[0] == "title");
  BOOST_TEST(doc.items[0].text == t.title);
  const FieldValue& columns = doc.items[1];
  BOOST_TEST_REQUIRE(columns.items.size() == t.columns.size());
  BOOST_TEST(columns.items[0].items[0].text == "统一社会信用代码");
  BOOST_TEST(columns.items[0].items[1].text == "code");
  BOOST_TEST(columns.items[7].items[1].text == "yes_blank");
  const FieldValue& rows = doc.items[2];
  BOOST_TEST_REQUIRE(rows.items.size() == t.rows.size());
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const FieldValue& row = rows.items[r];
    const size_t n = row.kind == FieldValue::Kind::List ? row.list.size() : row.items.size();
    BOOST_TEST_REQUIRE(n == t.columns.size());
    for (size_t c = 0; c < n; ++c) {
      const Cell& want = t.rows[r][c];
      if (row.kind == FieldValue::Kind::List) {
        BOOST_TEST(row.list[c] == (want.is_empty() ? "<null>" : want.text));
      } else if (want.kind == Cell::Kind::Number) {
        BOOST_TEST(row.items[c].number == want.number);
      } else {
        BOOST_TEST(row.items[c].text == (want.is_empty() ? "<null>" : want.text));
      }
    }
  }
}
