// An upload sent to `ipsurvey serve` (the JSON API's POST /api/uploads and the
// city's upload page): the multipart body read under the caps of
// http_exchange.h, its files (parts named "file", one or many) and other
// fields, and each file imported as an upload of its own (stored whole or not
// at all, one transaction each) under the bound on concurrent imports.
//
// Errors are HttpError (400 bad multipart, 411/413 caps, 403 a city that is not
// the account's, 503 too many imports); a file the reader refuses is not an
// error here: the result says so. Not thread-safe (one request).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "collector/http_exchange.h"
#include "collector/upload_importer.h"
#include "db/account_store.h"

namespace ipsurvey::collector {

struct UploadedFile {
  std::string name;  // as the browser named it, reduced to a safe base name
  std::string bytes;
};

struct UploadForm {
  std::vector<UploadedFile> files;
  std::map<std::string, std::string> fields;  // the other parts (first of each name), at most 4 KiB each
  std::string field(const std::string& name) const;
};

constexpr size_t kMaxFilesPerRequest = 50;

// Reads and parses the request's multipart body.
UploadForm read_upload_form(Exchange& x);

// The city an upload by `account` is for: a city account's own (asking for
// another is 403), the province's `asked` one (required: 400).
std::string upload_city(const db::Account& account, const std::string& asked);

// Imports one file for `city`; the report (import --json's document when
// `as_json`, else text) is written to `report_out`. Frees file.bytes.
UploadResult store_uploaded_file(Exchange& x, const db::Account& account, const std::string& city,
                                 const std::string& round, UploadedFile& file, std::ostream& report_out,
                                 bool as_json);

}  // namespace ipsurvey::collector
