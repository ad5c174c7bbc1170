#include "importers/submission_member.h"

#include "importers/format_sniffer.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {
namespace {

bool read_whole(const ByteSource& upload, const std::string& name, std::string& out, Problems& problems,
                uint64_t max_bytes) {
  const uint64_t size = upload.size();
  if (size > max_bytes) {
    problems.push_back(make_problem(Severity::Error, "file.too_large",
                                    "文件超过 " + std::to_string(max_bytes >> 20) + " MiB，无法取出", name));
    return false;
  }
  out.assign(static_cast<size_t>(size), '\0');
  if (size > 0 && !upload.read_at(0, out.data(), out.size())) {
    out.clear();
    problems.push_back(make_problem(Severity::Error, "file.unreadable", "文件无法读取", name));
    return false;
  }
  return true;
}

bool not_in_upload(const std::string& file_name, Problems& problems) {
  problems.push_back(make_problem(Severity::Error, "file.not_in_upload", "上传的文件中没有“" + file_name + "”",
                                  file_name));
  return false;
}

}  // namespace

bool read_submission_member(const ByteSource& upload, const std::string& upload_name, const std::string& file_name,
                            std::string& out, Problems& problems, const SubmissionLimits& limits) {
  out.clear();
  // What read_submission() reads as one file under the upload's own name.
  if (file_name == upload_name || sniff_format(upload) != FileFormat::Zip)
    return read_whole(upload, file_name, out, problems, limits.max_workbook_bytes);
  ZipLimits batch_zip = limits.workbook.zip;
  batch_zip.max_entries = limits.max_batch_entries;
  batch_zip.max_total_inflated = limits.max_batch_bytes;
  Problems zip_problems;
  auto zip = ZipArchive::open(upload, batch_zip, zip_problems);
  if (!zip) {
    problems.insert(problems.end(), zip_problems.begin(), zip_problems.end());
    return false;
  }
  if (is_workbook_package(*zip)) return not_in_upload(file_name, problems);
  for (const auto& entry : zip->entries())
    if (batch_member_name(upload_name, entry.name) == file_name)
      return zip->read_all(entry, out, limits.max_workbook_bytes, problems);
  return not_in_upload(file_name, problems);
}

}  // namespace ipsurvey::importers
