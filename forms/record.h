// A normalised record of one form, as `parse` and `import` give it
// (interface.md): the form, where it came from, its city and its fields keyed
// as in forms.md. Plain value types.
#pragma once

#include <string>
#include <vector>

#include "forms/problem.h"

namespace ipsurvey {

// A field's value: text, a number, a yes/no, a list of strings (codes, banks),
// or an array of objects (the ledger's tables; an object keeps its members in
// `keys`/`items`).
struct FieldValue {
  enum class Kind { Text, Number, Bool, List, Object, Array };
  Kind kind = Kind::Text;
  std::string text;
  double number = 0;
  bool boolean = false;
  std::vector<std::string> list;
  std::vector<std::string> keys;   // Object: member keys, parallel to items
  std::vector<FieldValue> items;   // Object members, or Array elements

  static FieldValue of_text(std::string t);
  static FieldValue of_number(double d);
  static FieldValue of_bool(bool b);
  static FieldValue of_list(std::vector<std::string> l);
};

// Where a value was read: a cell of the record's sheet, or a line of XML.
struct SourceRef {
  std::string cell;
  int line = 0;
};

struct Record {
  std::string form;   // "survey" or "ledger"
  std::string sheet;  // the sheet it was read from
  int row = 0;        // table layout: the 1-based row; 0 for a one-form sheet
  std::string city;   // the city's full name, empty when it could not be told
  std::vector<std::string> keys;  // field keys, in definition order
  std::vector<FieldValue> values;  // parallel to keys
  std::vector<std::pair<std::string, SourceRef>> sources;  // key -> where it was read
  bool needs_correction = false;  // an error problem concerns this record

  const FieldValue* get(const std::string& key) const;
  void set(const std::string& key, FieldValue value);  // replaces an earlier value
  const SourceRef* source(const std::string& key) const;
  void set_source(std::string key, SourceRef ref);  // replaces an earlier one
  // Appends a field known to be new (no duplicate check; callers keep keys unique).
  void append(std::string key, FieldValue value) {
    keys.push_back(std::move(key));
    values.push_back(std::move(value));
  }
  // Puts the fields in the given key order (keys not listed follow, as they were).
  void order_by(const std::vector<std::string>& order);
};

}  // namespace ipsurvey
