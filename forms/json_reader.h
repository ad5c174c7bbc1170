// Reads back a record's stored fields: the JSON that record_json.h writes
// (write_record_json, write_field_value_json), as the database keeps it.
//
// Strict RFC 8259 (no comments, no trailing commas, no byte-order mark, no
// leading zeros, strings of valid UTF-8 without raw control characters); \u
// escapes, surrogate pairs included, become UTF-8 (a lone surrogate is an
// error; \u0000 gives a NUL byte). Values map to FieldValue as:
//   string → Text; number → Number; true/false → Bool;
//   array of strings (and the empty array) → List;
//   any other array → Array, its elements mapped the same way (an array of
//   objects → Array of Object values, the ledger's tables);
//   object → Object, members in document order (keys/items);
//   null as an object member → the member is left out (the writer writes null
//   only for a non-finite number, and an empty answer is absent); null anywhere
//   else is an error.
// (So an Array of Text values, or an empty Array, reads back as a List: the
// JSON does not tell them apart.) Duplicate keys in an object, nesting deeper
// than max_depth (objects and arrays; the outermost counts 1) and numbers
// beyond a double's range are errors.
//
// Pure: no I/O, no globals, never throws for bad input, thread-safe. On an
// error the functions return false, set *error (when given) to a Chinese
// sentence naming the byte offset, and leave the output unspecified.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "forms/record.h"

namespace ipsurvey {

using JsonFields = std::vector<std::pair<std::string, FieldValue>>;

constexpr int kJsonReaderMaxDepth = 16;

// One value, as write_field_value_json writes it.
bool read_field_value_json(std::string_view json, FieldValue* value, std::string* error,
                           int max_depth = kJsonReaderMaxDepth);

// A JSON object of fields ({"key": value, ...}: the "fields" of a record) into
// (key, value) pairs in document order; `fields` is replaced.
bool read_fields_json(std::string_view json, JsonFields* fields, std::string* error,
                      int max_depth = kJsonReaderMaxDepth);

// The same object into a Record's keys and values (both replaced; the rest of
// the record is left alone).
bool read_record_fields_json(std::string_view json, Record* record, std::string* error,
                             int max_depth = kJsonReaderMaxDepth);

// A whole record as write_record_json writes it: "form", "source" ("sheet",
// "row"), "city", "needs_correction", "fields" and, when present, "cells" (the
// sources: a string is a cell, a number an XML line). Members it does not know
// are ignored; "form" and "fields" are required. `record` is replaced.
bool read_record_json(std::string_view json, Record* record, std::string* error,
                      int max_depth = kJsonReaderMaxDepth);

}  // namespace ipsurvey
