// The project's own XML submission format (see forms/xml_schema.h): read with
// the hardened XmlStream (no DOCTYPE, no external anything), then validated
// against our XSD for the form — never a schema the document names — and
// normalised like a workbook's answers. Problems carry the XML line.
// Documents are capped at 32 MiB. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "importers/byte_source.h"
#include "importers/submission_reader.h"

namespace ipsurvey::importers {

// The local name of the document's root element ("" when it cannot be read).
std::string xml_root_name(const ByteSource& source);

// True for the roots of our format: survey, surveys, ledger, ledgers.
bool is_submission_root(std::string_view root);

FileResult read_submission_xml(const ByteSource& source, const std::string& name,
                               const FormOptions& options);

// Validates a document against the XSD of form `form_key`; appends
// xml.schema problems with lines. False when invalid.
bool validate_submission_xml(std::string_view bytes, const std::string& form_key, const std::string& name,
                             Problems& problems);

}  // namespace ipsurvey::importers
