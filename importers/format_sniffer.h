// Tells a file's format from its first bytes, never from its name.
#pragma once

#include <string_view>

#include "importers/byte_source.h"

namespace ipsurvey::importers {

enum class FileFormat { Empty, Zip, Ole2, Xml, Pdf, Html, Unknown };

FileFormat sniff_format(const ByteSource& source);
FileFormat sniff_format_bytes(std::string_view head);
const char* file_format_name(FileFormat f);

}  // namespace ipsurvey::importers
