// The project's own XML submission format, described by an XSD produced from
// the form definitions (`ipsurvey schema survey|ledger`).
//
// A document holds one form (<survey>, <ledger>) or many (<surveys>,
// <ledgers>). Each field is an element named by its key, in any order; a
// choice holds its code or its Chinese label; a multi-choice, bank list or list
// holds <item> elements (or one text with 、 separators); a ledger table holds
// <row> elements whose children are the columns. Values are strings the
// normalisers read ("500万元" is accepted for an amount), so the schema fixes
// the structure and the closed vocabularies (choices, yes/no), not spellings of
// numbers. The schema is ours: a document's own schemaLocation is never used.
#pragma once

#include <string>

#include "forms/form_definition.h"

namespace ipsurvey {

// The XSD for one form. Pure, thread-safe.
std::string form_xsd(const FormDefinition& def);

// The root element names for a form: "survey" and "surveys" for key "survey".
std::string single_root(const FormDefinition& def);
std::string plural_root(const FormDefinition& def);

}  // namespace ipsurvey
