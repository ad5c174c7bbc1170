// One file of a stored upload, by the name read_submission() gave it: the
// upload itself (a workbook, an XML file, or a zip that is one workbook), or
// one file of a batch zip ("batch.zip/a.xlsx").
//
// The zip is opened with the batch limits read_submission() uses and only the
// named entry is inflated, up to SubmissionLimits::max_workbook_bytes (64 MiB),
// with every check of zip_archive.h. The upload itself is copied whole, up to
// the same size. Errors: false with one error Problem appended (zip.* codes
// from the archive, file.too_large, file.unreadable, or file.not_in_upload when
// the upload holds no file of that name); never throws for bad input.
// Thread-safe (no shared state); `upload` must outlive the call.
#pragma once

#include <string>

#include "forms/problem.h"
#include "importers/byte_source.h"
#include "importers/submission_reader.h"

namespace ipsurvey::importers {

// `upload_name` is the name the upload was read and stored under; `file_name`
// a name read_submission() reported for it. `out` receives the file's bytes.
bool read_submission_member(const ByteSource& upload, const std::string& upload_name, const std::string& file_name,
                            std::string& out, Problems& problems, const SubmissionLimits& limits = {});

}  // namespace ipsurvey::importers
