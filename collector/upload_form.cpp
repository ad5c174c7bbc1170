#include "collector/upload_form.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>

#include "collector/file_report.h"
#include "collector/serve_context.h"
#include "importers/byte_source.h"

namespace ipsurvey::collector {
namespace {

constexpr size_t kMaxFieldBytes = 4096;

std::string safe_upload_name(std::string name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7f) out += static_cast<char>(c);
  if (out.size() > 200) out.resize(200);
  if (out.empty() || out == "." || out == "..") out = "upload";
  return out;
}

// Keeps every part named "file" (the body is capped already, so the files are
// too; counted again here against a file part larger than the cap), and the
// other parts as short fields.
class Parts : public Poco::Net::PartHandler {
 public:
  explicit Parts(UploadForm& form) : form_(form) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
    const std::string name = params.get("name", "");
    if (name != "file" || !params.has("filename")) {
      std::string value;
      drain(stream, name.empty() ? nullptr : &value, kMaxFieldBytes);
      if (!name.empty() && !form_.fields.count(name)) form_.fields[name] = value;
      return;
    }
    if (form_.files.size() >= kMaxFilesPerRequest)
      throw HttpError(413, "upload.too_many_files", "一次最多上传 " + std::to_string(kMaxFilesPerRequest) + " 个文件");
    UploadedFile file;
    file.name = safe_upload_name(params.get("filename", ""));
    drain(stream, &file.bytes, kMaxUploadBytes);
    if (file.bytes.empty() && params.get("filename", "").empty()) return;  // the browser's empty file input
    total_ += file.bytes.size();
    if (total_ > kMaxUploadBytes) throw HttpError(413, "upload.too_large", "文件合计超过 64 MiB");
    form_.files.push_back(std::move(file));
  }

 private:
  static void drain(std::istream& stream, std::string* keep, uint64_t cap) {
    char chunk[64 << 10];
    while (stream.read(chunk, sizeof chunk) || stream.gcount() > 0) {
      if (!keep) continue;
      keep->append(chunk, static_cast<size_t>(stream.gcount()));
      if (keep->size() > cap)
        throw HttpError(413, cap >= kMaxUploadBytes ? "upload.too_large" : "request.too_large", "请求的某一部分过大");
    }
  }
  UploadForm& form_;
  uint64_t total_ = 0;
};

}  // namespace

std::string UploadForm::field(const std::string& name) const {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

UploadForm read_upload_form(Exchange& x) {
  // The parts are read straight from the connection (the files are the only
  // copy held): the declared length caps the whole body, the part handler
  // each file, the connection watch the time.
  upload_length(x, kMaxUploadBody);
  const auto deadline = std::chrono::steady_clock::now() + x.ctx.body_deadline;
  UploadForm form;
  Parts parts(form);
  Poco::Net::HTMLForm html_form;
  html_form.setFieldLimit(100);
  html_form.setValueLengthLimit(static_cast<int>(kMaxFieldBytes));
  try {
    BodyPhase phase;
    html_form.load(x.req, x.req.stream(), parts);
  } catch (const HttpError&) {
    throw;
  } catch (const Poco::Exception& e) {
    if (std::chrono::steady_clock::now() > deadline) throw HttpError(408, "request.timeout", "请求体读取超时");
    throw HttpError(400, "upload.bad_multipart", "无法读取 multipart 请求：" + e.displayText());
  }
  for (const auto& [k, v] : html_form)
    if (!form.fields.count(k)) form.fields[k] = v;
  return form;
}

std::string upload_city(const db::Account& account, const std::string& asked) {
  if (account.role == "city") {
    if (!asked.empty() && known_city(asked) != account.city)
      throw HttpError(403, "access.denied", "城市账户只能为本市上传");
    return account.city;
  }
  if (account.role != "province") throw HttpError(403, "access.denied", "只有城市账户和省局可以上传");
  if (asked.empty()) throw HttpError(400, "request.city_required", "省局上传需要 city 字段");
  return known_city(asked);
}

UploadResult store_uploaded_file(Exchange& x, const db::Account& account, const std::string& city,
                                 const std::string& round, UploadedFile& file, std::ostream& report_out,
                                 bool as_json) {
  if (!plain_value(round)) throw HttpError(400, "request.bad_parameter", "round 无效");
  Slot importing(x, x.ctx.imports);
  std::string bytes;
  bytes.swap(file.bytes);
  importers::MemorySource source(bytes);
  importers::FormOptions options;
  options.city = city;
  db::UploadInfo info;
  info.name = file.name;
  info.account = account.name;
  info.city = city;
  info.round = round;
  FileReport report(report_out, as_json, 50, "已保存");
  const UploadResult result = import_upload(x.db(), source, file.name, info, options, report, as_json);
  report.finish();
  return result;
}

}  // namespace ipsurvey::collector
