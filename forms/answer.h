// One answer as the importers found it: the typed value of a cell (or an XML
// element), independent of the file format. Plain value type.
#pragma once

#include <string>

namespace ipsurvey {

struct Answer {
  enum class Kind { Empty, Text, Number, Bool, Date };
  Kind kind = Kind::Empty;
  std::string text;   // Text; Date as ISO "YYYY-MM-DD[THH:MM:SS]"
  double number = 0;  // Number; Bool as 0/1; Date as its serial when known (else 0)

  static Answer of_text(std::string t) { return Answer{Kind::Text, std::move(t), 0}; }
  static Answer of_number(double d) { return Answer{Kind::Number, {}, d}; }
  static Answer of_bool(bool b) { return Answer{Kind::Bool, {}, b ? 1.0 : 0.0}; }
  static Answer of_date(std::string iso) { return Answer{Kind::Date, std::move(iso), 0}; }
  bool empty() const { return kind == Kind::Empty || (kind == Kind::Text && text.empty()); }
};

}  // namespace ipsurvey
