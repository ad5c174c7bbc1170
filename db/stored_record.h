// A record made ready for storing: everything the import session writes,
// computed from the normalised Record by a pure function, so that callers can
// prepare records on one thread while another writes them (the Record itself
// is not kept). Plain value type.
#pragma once

#include <optional>
#include <string>

#include "db/record_columns.h"
#include "forms/record.h"

namespace ipsurvey::db {

struct StoredRecord {
  std::string form;  // survey or ledger
  std::string sheet;
  int row = 0;
  std::string city;
  bool needs_correction = false;
  std::string fields_json;   // the fields, as JSON (interface.md)
  std::string sources_json;  // where each was read (db/record_sources.h)
  // survey
  RecordColumns columns;
  std::string filled_month;      // for the default round
  SourceRef credit_code_source;  // where the credit code was read
  // ledger
  std::string unit, filed_on;
  std::optional<int64_t> year, quarter;
};

StoredRecord stored_record(const Record& record);

}  // namespace ipsurvey::db
