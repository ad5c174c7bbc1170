#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "importers/number_format.h"

using namespace ipsurvey::importers;

BOOST_AUTO_TEST_SUITE(number_format)

BOOST_AUTO_TEST_CASE(date_format_codes) {
  for (const char* code : {"yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy年m月", "[DBNum1][$-804]yyyy年m月d日",
                           "m/d/yyyy h:mm", "[h]:mm:ss", "mm:ss", "[$-411]ggge\"年\"m\"月\"d\"日\";@",
                           "[$-409]mmmm\" \"d\", \"yyyy", "yyyy/m/d;@", "e\"年\"", "d-mmm"})
    BOOST_TEST(is_date_format_code(code), code);
  for (const char* code : {"General", "GENERAL", "0.00", "#,##0.00_);[Red](#,##0.00)", "0.00E+00", "@",
                           "0.00\"万元\"", "[DBNum1][$-804]General", "\"年\"0", "0%", "\\d0", "[Red]0;[Blue]-0",
                           "# ?/?", "_-* #,##0_-;\\-* #,##0_-;_-* \"-\"_-;_-@_-"})
    BOOST_TEST(!is_date_format_code(code), code);
}

BOOST_AUTO_TEST_CASE(builtin_date_formats) {
  for (int id : {14, 15, 17, 22, 27, 31, 36, 45, 47, 50, 57, 58}) BOOST_TEST(is_builtin_date_format(id), id);
  for (int id : {0, 1, 9, 13, 23, 26, 37, 44, 48, 49, 59, 164}) BOOST_TEST(!is_builtin_date_format(id), id);
}

BOOST_AUTO_TEST_CASE(serials_in_both_systems) {
  std::string s;
  BOOST_TEST((serial_to_iso(44659, false, s) && s == "2022-04-08"));
  BOOST_TEST((serial_to_iso(44659.4375, false, s) && s == "2022-04-08T10:30:00"));
  BOOST_TEST((serial_to_iso(1, false, s) && s == "1900-01-01"));
  BOOST_TEST((serial_to_iso(59, false, s) && s == "1900-02-28"));
  BOOST_TEST((serial_to_iso(61, false, s) && s == "1900-03-01"));
  BOOST_TEST((serial_to_iso(0.5, false, s) && s == "12:00:00"));
  BOOST_TEST((serial_to_iso(0.5, true, s) && s == "12:00:00"));
  BOOST_TEST((serial_to_iso(43197, true, s) && s == "2022-04-08"));
  BOOST_TEST((serial_to_iso(2958465, false, s) && s == "9999-12-31"));
  BOOST_TEST(!serial_to_iso(-1, false, s));
  BOOST_TEST(!serial_to_iso(2958466, false, s));
  BOOST_TEST(!serial_to_iso(1e300, false, s));
}

BOOST_AUTO_TEST_CASE(iso_date_times) {
  std::string s;
  BOOST_TEST((normalize_iso_datetime("2022-04-08T00:00:00.000", s) && s == "2022-04-08"));
  BOOST_TEST((normalize_iso_datetime("2022-04-08T10:30:00Z", s) && s == "2022-04-08T10:30:00"));
  BOOST_TEST((normalize_iso_datetime("2022-04-08", s) && s == "2022-04-08"));
  BOOST_TEST((normalize_iso_datetime("T09:30:00", s) && s == "09:30:00"));
  BOOST_TEST(!normalize_iso_datetime("2022-13-08", s));
  BOOST_TEST(!normalize_iso_datetime("yesterday", s));
  BOOST_TEST(!normalize_iso_datetime("", s));
}

BOOST_AUTO_TEST_CASE(iso_text_back_to_its_1900_serial) {
  double v = -1;
  BOOST_TEST((iso_to_serial("2022-04-08", v) && v == 44659));
  BOOST_TEST((iso_to_serial("2022-04-08T10:30:00", v) && v == 44659.4375));
  BOOST_TEST((iso_to_serial("2022-04-08T10:30:00.000Z", v) && v == 44659.4375));
  BOOST_TEST((iso_to_serial("1900-01-01", v) && v == 1));
  BOOST_TEST((iso_to_serial("1900-02-28", v) && v == 59));
  BOOST_TEST((iso_to_serial("1900-03-01", v) && v == 61));  // after Excel's 29 February 1900
  BOOST_TEST((iso_to_serial("12:00:00", v) && v == 0.5));
  BOOST_TEST((iso_to_serial("9999-12-31", v) && v == 2958465));
  BOOST_TEST(!iso_to_serial("1899-12-31", v));
  BOOST_TEST(!iso_to_serial("2022-02-30", v));
  BOOST_TEST(!iso_to_serial("not a date", v));
  // Every second of a day and days across the years come back as they were shown.
  std::string s;
  for (double serial : {1.0, 59.0, 61.0, 366.25, 44659.99998842592, 2958465.5}) {
    BOOST_TEST_REQUIRE(serial_to_iso(serial, false, s));
    BOOST_TEST((iso_to_serial(s, v) && serial_to_iso(v, false, s) && std::abs(v - serial) < 1.0 / 86400), s);
  }
}

BOOST_AUTO_TEST_SUITE_END()
