// A small streaming JSON writer: appends compact JSON text to a std::string.
//
// The caller keeps structure valid (begin/end pairs, a key before each value in
// an object); the writer inserts commas. Strings are escaped per RFC 8259;
// invalid UTF-8 is replaced by U+FFFD so the output is always valid JSON.
// Doubles are written in the shortest form that reads back exactly; NaN and
// infinities become null. Not thread-safe; cheap to create.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ipsurvey {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) { first_.reserve(8); }

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(int64_t i);
  JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  // Writes already-encoded JSON text as one value.
  JsonWriter& raw(std::string_view json);
  // Starts one value that the caller appends, already encoded, to the returned
  // output (as raw() would, without building it apart first).
  std::string& raw_value();

  static void append_escaped(std::string& out, std::string_view s);
  static void append_number(std::string& out, double d);

 private:
  void before_value();
  std::string& out_;
  std::vector<char> first_;  // per open container: no element written yet (a flag)
  bool after_key_ = false;
};

}  // namespace ipsurvey
