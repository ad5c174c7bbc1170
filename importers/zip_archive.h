// A zip archive read through its central directory, hardened for hostile uploads.
//
// open() validates the whole directory before anything is inflated and refuses
// (returns null, appends one error Problem) an archive with: no end record, a
// truncated or inconsistent directory, more entries than the cap, encrypted
// entries, methods other than stored (0) / deflate (8), overlapping entries,
// duplicate or case-duplicate names, local headers that disagree with the
// directory. read() streams one entry's inflated bytes in chunks; it checks the
// real output size and CRC-32 against the directory, the inflate ratio after a
// grace size, and a total-output budget shared by every read of this archive.
// Nothing is ever written to disk.
//
// Problem codes: file.empty, file.truncated, zip.no_directory, zip.bad_directory,
// zip.too_many_entries, zip.encrypted, zip.unsupported_method, zip.overlap,
// zip.duplicate_name, zip.bad_local_header, zip.size_mismatch, zip.crc_mismatch,
// zip.corrupt_data, zip.too_large, zip.ratio.
//
// Thread-safety: after open(), entries()/find() are const; read() may be called
// from several threads (the budget is atomic). The ByteSource must outlive it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "forms/problem.h"
#include "importers/byte_source.h"

namespace ipsurvey::importers {

struct ZipLimits {
  uint64_t max_total_inflated = 200ull << 20;  // all reads of one upload together
  uint32_t max_entries = 10000;
  uint64_t ratio_grace_bytes = 16ull << 20;  // ratio is checked once an entry inflated this much
  uint32_t max_ratio = 400;                  // output bytes per input byte
};

struct ZipEntry {
  std::string name;  // as stored, '\\' turned into '/'
  uint16_t method = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_offset = 0;
  uint64_t data_offset = 0;
  bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

class ZipArchive {
 public:
  // Receives inflated bytes; return false to stop reading early (not an error).
  using ChunkFn = std::function<bool(const char* data, size_t n)>;

  static std::unique_ptr<ZipArchive> open(const ByteSource& src, const ZipLimits& limits,
                                          Problems& problems);

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // Case-insensitive lookup; '\\' equals '/', a leading '/' is ignored.
  const ZipEntry* find(std::string_view part_name) const;

  // Streams the entry. True when it was read whole and verified. False when the
  // consumer stopped (nothing appended) or a check failed (one error appended,
  // code as above, `sheet` set to the entry name).
  bool read(const ZipEntry& entry, const ChunkFn& consume, Problems& problems) const;
  // Reads the entry into out; refuses (zip.too_large) past max_bytes.
  bool read_all(const ZipEntry& entry, std::string& out, uint64_t max_bytes,
                Problems& problems) const;

  uint64_t total_inflated() const { return inflated_.load(); }

 private:
  ZipArchive(const ByteSource& src, const ZipLimits& limits) : src_(src), limits_(limits) {}
  static std::string fold(std::string_view name);

  const ByteSource& src_;
  ZipLimits limits_;
  std::vector<ZipEntry> entries_;
  std::unordered_map<std::string, size_t> by_folded_name_;
  mutable std::atomic<uint64_t> inflated_{0};
};

}  // namespace ipsurvey::importers
