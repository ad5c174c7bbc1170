#include "importers/submission_reader.h"

#include "forms/sha256.h"

#include "importers/format_sniffer.h"
#include "importers/form_sink.h"
#include "importers/submission_xml.h"
#include "importers/workbook_reader.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {
namespace {

FileResult read_one(const ByteSource& source, const std::string& name, const FormOptions& options,
                    const ReadLimits& limits, const RecordCallback& on_record, const ProblemCallback& on_problems) {
  if (sniff_format(source) == FileFormat::Xml && is_submission_root(xml_root_name(source))) {
    FileResult r = read_submission_xml(source, name, options);
    r.record_count = r.records.size();
    if (on_record) {
      for (auto& rec : r.records) on_record(name, rec);
      r.records.clear();
    }
    return r;
  }
  FileResult result;
  result.file = name;
  FormOutput out;
  if (on_record) out.on_record = [&](Record& r) { on_record(name, r); };
  if (on_record && on_problems) out.on_problems = [&](Problems& p) { on_problems(name, p); };
  FormSink sink(options, out);
  Problems read_problems;
  result.ok = read_workbook(source, sink, read_problems, limits).ok;
  if (!result.ok) {
    result.problems = std::move(read_problems);
    return result;  // refused: no records from a file that could not be read
  }
  result.problems = std::move(read_problems);
  if (result.problems.empty()) {
    result.problems = std::move(out.problems);  // a large table may have a problem a row
  } else {
    result.problems.reserve(result.problems.size() + out.problems.size());
    for (auto& p : out.problems) result.problems.push_back(std::move(p));
  }
  result.records = std::move(out.records);
  result.record_count = out.count;
  if (sink.forms_found() == 0) {
    result.ok = false;
    result.problems.push_back(make_problem(
        Severity::Error, "form.not_found",
        "文件中没有找到企业知识产权质押融资信息采集表或工作事项台账；请使用省局下发的表格填报"));
  }
  return result;
}

// One file's result as a list (moved in: a braced list would copy it, problems and all).
std::vector<FileResult> only(FileResult result) {
  std::vector<FileResult> results;
  results.push_back(std::move(result));
  return results;
}

bool wanted_entry(const std::string& name) {
  if (name.empty() || name.back() == '/') return false;
  if (name.rfind("__MACOSX/", 0) == 0 || name.find("/__MACOSX/") != std::string::npos) return false;
  const size_t slash = name.rfind('/');
  const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  if (base.empty() || base[0] == '.' || base.rfind("~$", 0) == 0) return false;  // hidden, Office lock files
  return true;
}

}  // namespace

bool is_workbook_package(const ZipArchive& zip) {
  return zip.find("[Content_Types].xml") || zip.find("xl/workbook.xml") || zip.find("_rels/.rels");
}

std::string batch_member_name(const std::string& upload_name, const std::string& entry_name) {
  return upload_name + "/" + entry_name;
}

size_t submission_file_count(const ByteSource& source, const SubmissionLimits& limits) {
  if (sniff_format(source) != FileFormat::Zip) return 1;
  Problems ignored;
  ZipLimits batch_zip = limits.workbook.zip;
  batch_zip.max_entries = limits.max_batch_entries;
  batch_zip.max_total_inflated = limits.max_batch_bytes;
  auto zip = ZipArchive::open(source, batch_zip, ignored);
  if (!zip || is_workbook_package(*zip)) return 1;
  size_t n = 0;
  for (const auto& entry : zip->entries()) n += wanted_entry(entry.name) ? 1 : 0;
  return n ? n : 1;
}

std::vector<FileResult> read_submission(const ByteSource& source, const std::string& name,
                                        const FormOptions& options, const SubmissionLimits& limits,
                                        const RecordCallback& on_record, const FileCallback& on_file,
                                        const ProblemCallback& on_problems) {
  auto done = [&](std::vector<FileResult> results) {
    if (on_file)
      for (const auto& r : results) on_file(r);
    return results;
  };
  if (sniff_format(source) != FileFormat::Zip)
    return done(only(read_one(source, name, options, limits.workbook, on_record, on_problems)));
  Problems zip_problems;
  ZipLimits batch_zip = limits.workbook.zip;
  batch_zip.max_entries = limits.max_batch_entries;
  batch_zip.max_total_inflated = limits.max_batch_bytes;
  auto zip = ZipArchive::open(source, batch_zip, zip_problems);
  if (!zip || is_workbook_package(*zip))
    return done(only(read_one(source, name, options, limits.workbook, on_record, on_problems)));

  // A batch: every file inside is a workbook or an XML file of its own.
  std::vector<FileResult> results;
  auto add = [&](FileResult r) {  // told at once, before the next file's records
    if (on_file) on_file(r);
    results.push_back(std::move(r));
  };
  for (const auto& entry : zip->entries()) {
    if (!wanted_entry(entry.name)) continue;
    const std::string inner_name = batch_member_name(name, entry.name);
    std::string bytes;
    Problems problems;
    if (!zip->read_all(entry, bytes, limits.max_workbook_bytes, problems)) {
      FileResult r;
      r.file = inner_name;
      r.problems = std::move(problems);
      const bool budget_gone = zip->total_inflated() >= limits.max_batch_bytes;
      add(std::move(r));
      if (budget_gone) break;
      continue;
    }
    MemorySource inner(bytes);
    if (sniff_format(inner) == FileFormat::Zip) {
      Problems inner_problems;
      auto inner_zip = ZipArchive::open(inner, limits.workbook.zip, inner_problems);
      if (inner_zip && !is_workbook_package(*inner_zip)) {
        FileResult r;
        r.file = inner_name;
        r.problems.push_back(make_problem(Severity::Error, "zip.nested",
                                          "压缩包里又有压缩包，不予读取；请把其中的表格直接放进一个压缩包上传",
                                          entry.name));
        add(std::move(r));
        continue;
      }
    }
    FileResult r = read_one(inner, inner_name, options, limits.workbook, on_record, on_problems);
    r.sha256 = sha256_hex(bytes);
    add(std::move(r));
  }
  if (results.empty()) {
    FileResult r;
    r.file = name;
    r.problems.push_back(make_problem(Severity::Error, "zip.empty_batch", "压缩包里没有可读取的表格文件"));
    add(std::move(r));
  }
  return results;
}

}  // namespace ipsurvey::importers
