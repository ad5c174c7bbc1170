// The JSON form of records (interface.md, "--json of parse and import").
#pragma once

#include "forms/json_writer.h"
#include "forms/record.h"

namespace ipsurvey {

void write_field_value_json(JsonWriter& w, const FieldValue& v);
// {"form", "source": {"sheet", "row"?}, "city"?, "fields": {...}}; fields in
// record order; `with_sources` adds "cells": {key: "B5"} for the review pages.
// Only the fields object ({key: value}, record order), as the database stores it.
void write_fields_json(JsonWriter& w, const Record& r);
void write_record_json(JsonWriter& w, const Record& r, bool with_sources = false);

}  // namespace ipsurvey
