#include "forms/embedded_data.h"

namespace ipsurvey {

std::string_view embedded_file(std::string_view name) {
  for (const auto& f : embedded_files())
    if (f.name == name) return f.text();
  return {};
}

}  // namespace ipsurvey
