// The data files of forms/data/ (form definitions, the city and bank tables),
// compiled into the library so that forms/ does no I/O. Editing a file there
// and rebuilding is all it takes to change a definition.
#pragma once

#include <string_view>
#include <vector>

namespace ipsurvey {

struct EmbeddedFile {
  std::string_view name;  // path below forms/data/, e.g. "survey.form"
  const char* data;
  size_t size;
  std::string_view text() const { return std::string_view(data, size); }
};

const std::vector<EmbeddedFile>& embedded_files();

// The file's text; empty when there is no such file.
std::string_view embedded_file(std::string_view name);

}  // namespace ipsurvey
