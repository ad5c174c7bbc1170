// Building HTML with every value escaped: markup goes in only as string
// literals (raw() takes a `const char*`, meant for literals of this program),
// and everything else through text(), attr() or num(), which escape & < > " '.
// A value can therefore not open a tag, an attribute or a script, whatever
// the city sent. Plain value type; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ipsurvey::collector {

std::string html_escape(std::string_view text);
// Percent-encodes a query value or path segment (UTF-8 bytes; unreserved kept).
std::string url_encode(std::string_view text);

class Html {
 public:
  Html& raw(const char* markup) {
    out_ += markup;
    return *this;
  }
  Html& text(std::string_view value) {
    out_ += html_escape(value);
    return *this;
  }
  Html& num(int64_t n) {
    out_ += std::to_string(n);
    return *this;
  }
  // ` name="value"`, the value escaped.
  Html& attr(const char* name, std::string_view value);
  // A link: <a href="url">text</a>, both escaped (`url` is a local path with an encoded query).
  Html& link(std::string_view url, std::string_view text);
  // Appends another fragment built the same way.
  Html& add(const Html& other) {
    out_ += other.out_;
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace ipsurvey::collector
