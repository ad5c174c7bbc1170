#include "collector/table_output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ipsurvey::collector {
namespace {

std::string system_error(int err) { return std::strerror(err); }

// The process's umask, read without changing it (umask() would, for a moment,
// for every thread). Linux gives it in /proc/self/status; 022 otherwise.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0) {
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8) & 0777);
    }
  }
  return 022;
}

}  // namespace

std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string file_name_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string default_tmpdir() {
  const char* dir = std::getenv("TMPDIR");
  if (dir != nullptr && dir[0] == '/') return dir;
  return "/tmp";
}

bool replaceable_by_rename(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT;
  return S_ISREG(st.st_mode);
}

std::unique_ptr<TempFile> TempFile::create(const std::string& dir, const std::string& stem,
                                           std::string* error) {
  std::string name = dir;
  if (name.empty() || name.back() != '/') name.push_back('/');
  name += '.';
  name += stem.empty() ? std::string("ipsurvey") : stem;
  name += ".XXXXXX";
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) {
    const int err = errno;
    if (error) *error = "无法在目录 " + dir + " 中创建临时文件：" + system_error(err);
    return nullptr;
  }
  ::close(fd);
  return std::unique_ptr<TempFile>(new TempFile(std::string(buf.data())));
}

TempFile::~TempFile() {
  if (!published_) ::unlink(path_.c_str());
}

bool TempFile::publish(const std::string& target, std::string* error) {
  ::chmod(path_.c_str(), 0666 & ~current_umask());
  if (::rename(path_.c_str(), target.c_str()) != 0) {
    const int err = errno;
    if (error) *error = "无法写入文件 " + target + "：" + system_error(err);
    return false;
  }
  published_ = true;
  return true;
}

bool TempFile::copy_to(std::ostream& out, std::string* error) const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (error) *error = "无法读取临时文件 " + path_;
    return false;
  }
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n > 0) out.write(buf.data(), n);
    if (!out) {
      if (error) *error = "写入输出失败";
      return false;
    }
  }
  if (in.bad()) {
    if (error) *error = "无法读取临时文件 " + path_;
    return false;
  }
  out.flush();
  if (!out) {
    if (error) *error = "写入输出失败";
    return false;
  }
  return true;
}

std::unique_ptr<OutputTarget> OutputTarget::open(std::ostream* out, const std::string& path,
                                                 std::string* error) {
  std::unique_ptr<OutputTarget> t(new OutputTarget());
  if (path.empty()) {
    if (out == nullptr) {
      if (error) *error = "没有指定输出（文件或标准输出）";
      return nullptr;
    }
    t->stream_ = out;
    return t;
  }
  t->path_ = path;
  std::string open_path = path;
  if (replaceable_by_rename(path)) {
    t->temp_ = TempFile::create(directory_of(path), file_name_of(path), error);
    if (!t->temp_) return nullptr;
    open_path = t->temp_->path();
  }
  t->file_ = std::make_unique<std::ofstream>(open_path, std::ios::binary | std::ios::trunc);
  if (!*t->file_) {
    const int err = errno;
    if (error) *error = "无法创建文件 " + path + "：" + system_error(err);
    return nullptr;
  }
  t->stream_ = t->file_.get();
  return t;
}

bool OutputTarget::write(std::string_view bytes, std::string* error) {
  stream_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!*stream_) {
    if (error) *error = path_.empty() ? std::string("写入输出失败") : "写入文件 " + path_ + " 失败";
    return false;
  }
  return true;
}

bool OutputTarget::commit(std::string* error) {
  stream_->flush();
  if (file_) {
    file_->close();
    if (file_->fail()) {
      if (error) *error = "写入文件 " + path_ + " 失败";
      return false;
    }
    return !temp_ || temp_->publish(path_, error);
  }
  if (!*stream_) {
    if (error) *error = "写入输出失败";
    return false;
  }
  return true;
}

bool OutputTarget::write_if_full(std::string& buffer, size_t block, std::string* error) {
  if (buffer.size() < block) return true;
  if (!write(buffer, error)) return false;
  buffer.clear();
  return true;
}

bool OutputTarget::finish(std::string& buffer, std::string* error) {
  if (!write(buffer, error) || !commit(error)) return false;
  buffer.clear();
  return true;
}

}  // namespace ipsurvey::collector
