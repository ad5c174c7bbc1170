// Random-access bytes of one uploaded file, read without holding it whole.
//
// ByteSource is read-only after construction; read_at() is safe to call from
// several threads at once. MemorySource does not own its bytes: the caller keeps
// them alive for the source's lifetime.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ipsurvey::importers {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Copies exactly n bytes starting at offset into buf. False when the range
  // is outside the source or the read failed.
  virtual bool read_at(uint64_t offset, void* buf, size_t n) const = 0;
  // Reads up to max_bytes from the start (for telling the format).
  std::string head(size_t max_bytes) const;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  bool read_at(uint64_t offset, void* buf, size_t n) const override;

 private:
  std::string_view bytes_;
};

class FileSource final : public ByteSource {
 public:
  // Opens path for reading; on failure returns null and sets *error (Chinese).
  static std::unique_ptr<FileSource> open(const std::string& path, std::string* error);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }
  bool read_at(uint64_t offset, void* buf, size_t n) const override;

 private:
  FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  uint64_t size_;
};

}  // namespace ipsurvey::importers
