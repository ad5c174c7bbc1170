// Package part names: resolving relationship targets and finding .rels parts.
#pragma once

#include <string>
#include <string_view>

namespace ipsurvey::importers {

// Resolves a relationship Target against the part that owns the relationship:
// relative to its folder ("worksheets/sheet1.xml" from "xl/workbook.xml" gives
// "xl/worksheets/sheet1.xml"), absolute when it starts with '/', with "..",
// "." and backslashes handled and %XX decoded. The result has no leading '/'.
// An empty source part means the package root.
std::string resolve_part(std::string_view source_part, std::string_view target);

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; "" -> "_rels/.rels".
std::string rels_part_for(std::string_view part);

// True when `type` (a relationship type URI, transitional or Strict) ends with
// "/" + suffix, e.g. type_is(t, "worksheet").
bool rel_type_is(std::string_view type, std::string_view suffix);

}  // namespace ipsurvey::importers
