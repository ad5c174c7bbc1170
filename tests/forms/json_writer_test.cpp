#include <boost/test/unit_test.hpp>

#include "forms/json_writer.h"
#include "forms/problem.h"

using ipsurvey::JsonWriter;

BOOST_AUTO_TEST_CASE(json_writer_escapes_and_nests) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a").value("x\"y\n").key("b").begin_array().value(1).value(2.5).value(true)
      .null().end_array().key("c").value(0.1).end_object();
  BOOST_TEST(out == R"({"a":"x\"y\n","b":[1,2.5,true,null],"c":0.1})");
}

BOOST_AUTO_TEST_CASE(json_writer_replaces_invalid_utf8) {
  std::string out;
  JsonWriter(out).value(std::string_view("a\xff" "b\xe4\xbc", 5));
  BOOST_TEST(out == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"");
  out.clear();
  JsonWriter(out).value("企业");
  BOOST_TEST(out == "\"企业\"");
}

BOOST_AUTO_TEST_CASE(json_writer_numbers_round_trip) {
  std::string out;
  JsonWriter(out).begin_array().value(500.0).value(1e20).value(-0.0).value(1.0 / 3).end_array();
  BOOST_TEST(out == "[500,1e+20,0,0.3333333333333333]");
}

BOOST_AUTO_TEST_CASE(problem_has_error) {
  ipsurvey::Problems ps;
  BOOST_TEST(!ipsurvey::has_error(ps));
  ps.push_back(ipsurvey::make_problem(ipsurvey::Severity::Warning, "a.b", "m"));
  BOOST_TEST(!ipsurvey::has_error(ps));
  ps.push_back(ipsurvey::make_problem(ipsurvey::Severity::Error, "a.c", "m"));
  BOOST_TEST(ipsurvey::has_error(ps));
}
