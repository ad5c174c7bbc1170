#include "importers/zip_archive.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

namespace ipsurvey::importers {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEocdSig = 0x06054b50;
constexpr uint32_t kEocd64Sig = 0x06064b50;
constexpr uint32_t kLocatorSig = 0x07064b50;

constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEocdSize = 22;
constexpr size_t kLocatorSize = 20;
constexpr size_t kEocd64Size = 56;
// EOCD (22 bytes) plus the longest possible comment (65,535 bytes).
constexpr uint64_t kMaxEocdSearch = kEocdSize + 0xFFFF;

constexpr size_t kChunk = 64 * 1024;
constexpr uint64_t kMiB = 1024 * 1024;

constexpr uint16_t kFlagEncrypted = 0x0001;
constexpr uint16_t kFlagStrongEncryption = 0x0040;

uint16_t get16(const unsigned char* p) {
  return static_cast<uint16_t>(p[0] | (static_cast<uint16_t>(p[1]) << 8));
}
uint32_t get32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t get64(const unsigned char* p) {
  return static_cast<uint64_t>(get32(p)) | (static_cast<uint64_t>(get32(p + 4)) << 32);
}

// True when [offset, offset + len) lies inside [0, limit), without overflow.
bool fits(uint64_t offset, uint64_t len, uint64_t limit) {
  return offset <= limit && len <= limit - offset;
}

std::string slashes(std::string s) {
  std::replace(s.begin(), s.end(), '\\', '/');
  return s;
}

std::string mib_text(uint64_t bytes) {
  char buf[64];
  if (bytes % kMiB == 0)
    std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(bytes / kMiB));
  else
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / static_cast<double>(kMiB));
  return buf;
}

bool fail(Problems& problems, const char* code, std::string message, const std::string& entry = {}) {
  problems.push_back(make_problem(Severity::Error, code, std::move(message), entry));
  return false;
}

std::string too_large_message(uint64_t cap) {
  return "上传的文件解压后超过 " + mib_text(cap) +
         " MiB 的上限，无法处理；请检查文件是否过大或已损坏，必要时拆分后重新上传";
}

// out > ratio * in, exactly, without overflow.
bool ratio_exceeded(uint64_t out, uint64_t in, uint64_t ratio) {
  if (in == 0) return out > 0;
  const uint64_t q = out / in;
  const uint64_t r = out % in;
  return q > ratio || (q == ratio && r > 0);
}

struct ZStream {
  z_stream zs{};
  bool live = false;
  ~ZStream() {
    if (live) inflateEnd(&zs);
  }
};

}  // namespace

std::string ZipArchive::fold(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (c == '\\')
      c = '/';
    else if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  size_t start = 0;
  while (start < s.size() && s[start] == '/') ++start;
  return s.substr(start);
}

const ZipEntry* ZipArchive::find(std::string_view part_name) const {
  auto it = by_folded_name_.find(fold(part_name));
  return it == by_folded_name_.end() ? nullptr : &entries_[it->second];
}

std::unique_ptr<ZipArchive> ZipArchive::open(const ByteSource& src, const ZipLimits& limits,
                                             Problems& problems) {
  const uint64_t size = src.size();
  if (size == 0) {
    fail(problems, "file.empty", "上传的文件是空的（0 字节），请重新保存后再上传");
    return nullptr;
  }

  const std::string kNoDirectory =
      "文件不是完整的 xlsx/zip 文件（找不到目录），可能已损坏或被截断，请重新保存后再上传";
  const std::string kTruncated = "文件不完整，可能在上传或复制时被截断，请重新保存后再上传";
  const std::string kBadDirectory = "文件的目录结构不一致，可能已损坏，请用 Excel 重新保存后再上传";

  // ---- End of central directory: scan backwards over the tail. ----
  const uint64_t tail_len = std::min<uint64_t>(size, kMaxEocdSearch);
  const uint64_t tail_start = size - tail_len;
  std::string tail(static_cast<size_t>(tail_len), '\0');
  if (!src.read_at(tail_start, tail.data(), tail.size())) {
    fail(problems, "file.truncated", kTruncated);
    return nullptr;
  }
  const auto* t = reinterpret_cast<const unsigned char*>(tail.data());
  bool found = false, cut_candidate = false;
  uint64_t eocd_pos = 0;  // absolute
  for (uint64_t i = tail_len >= 4 ? tail_len - 4 + 1 : 0; i-- > 0;) {
    if (get32(t + i) != kEocdSig) continue;
    if (tail_len - i < kEocdSize) {  // signature without a whole record: cut off
      cut_candidate = true;
      continue;
    }
    const uint16_t comment_len = get16(t + i + 20);
    if (comment_len > tail_len - i - kEocdSize) {  // comment runs past the end
      cut_candidate = true;
      continue;
    }
    found = true;
    eocd_pos = tail_start + i;
    break;
  }
  if (!found) {
    if (cut_candidate)
      fail(problems, "file.truncated", kTruncated);
    else
      fail(problems, "zip.no_directory", kNoDirectory);
    return nullptr;
  }

  const unsigned char* e = t + (eocd_pos - tail_start);
  const uint16_t disk_entries16 = get16(e + 8);
  const uint16_t total_entries16 = get16(e + 10);
  const uint32_t cd_size32 = get32(e + 12);
  const uint32_t cd_offset32 = get32(e + 16);
  uint64_t count = total_entries16;
  uint64_t disk_count = disk_entries16;
  uint64_t cd_size = cd_size32;
  uint64_t cd_offset = cd_offset32;
  uint64_t dir_limit = eocd_pos;  // the directory must end here

  const bool saturated = disk_entries16 == 0xFFFF || total_entries16 == 0xFFFF ||
                         cd_size32 == 0xFFFFFFFFu || cd_offset32 == 0xFFFFFFFFu;
  // ---- ZIP64 end record, found through its locator just before the EOCD. ----
  bool zip64_ok = false;
  bool has_locator = false;
  if (eocd_pos >= kLocatorSize) {
    const uint64_t loc_pos = eocd_pos - kLocatorSize;
    unsigned char loc[kLocatorSize];
    if (src.read_at(loc_pos, loc, sizeof loc) && get32(loc) == kLocatorSig) {
      has_locator = true;
      const uint64_t rec_pos = get64(loc + 8);
      unsigned char rec[kEocd64Size];
      if (fits(rec_pos, kEocd64Size, loc_pos) && src.read_at(rec_pos, rec, sizeof rec) &&
          get32(rec) == kEocd64Sig) {
        const uint64_t rec_len = get64(rec + 4);  // size of the rest of the record
        if (rec_len >= kEocd64Size - 12 && fits(rec_pos + 12, rec_len, loc_pos)) {
          zip64_ok = true;
          if (disk_entries16 == 0xFFFF) disk_count = get64(rec + 24);
          if (total_entries16 == 0xFFFF) count = get64(rec + 32);
          if (cd_size32 == 0xFFFFFFFFu) cd_size = get64(rec + 40);
          if (cd_offset32 == 0xFFFFFFFFu) cd_offset = get64(rec + 48);
          dir_limit = rec_pos;
        }
      }
    }
  }
  if (saturated && has_locator && !zip64_ok) {
    fail(problems, "zip.bad_directory", kBadDirectory);
    return nullptr;
  }

  // ---- Directory bounds and entry count, before allocating anything. ----
  if (!fits(cd_offset, cd_size, size)) {
    fail(problems, "file.truncated", kTruncated);
    return nullptr;
  }
  if (!fits(cd_offset, cd_size, dir_limit)) {
    fail(problems, "zip.bad_directory", kBadDirectory);
    return nullptr;
  }
  if (count > limits.max_entries || disk_count > limits.max_entries) {
    fail(problems, "zip.too_many_entries",
         "文件包含的部件太多（" + std::to_string(std::max(count, disk_count)) + " 个，上限 " +
             std::to_string(limits.max_entries) + " 个），无法处理；请检查文件是否正确");
    return nullptr;
  }
  if (disk_count != count || count > cd_size / kCentralHeaderSize) {
    fail(problems, "zip.bad_directory", kBadDirectory);
    return nullptr;
  }

  std::unique_ptr<ZipArchive> za(new ZipArchive(src, limits));
  za->entries_.reserve(static_cast<size_t>(count));
  za->by_folded_name_.reserve(static_cast<size_t>(count));

  // ---- Central directory entries. ----
  const uint64_t cd_end = cd_offset + cd_size;
  uint64_t pos = cd_offset;
  std::string var;  // name + extra of one entry
  for (uint64_t i = 0; i < count; ++i) {
    unsigned char h[kCentralHeaderSize];
    if (!fits(pos, kCentralHeaderSize, cd_end) || !src.read_at(pos, h, sizeof h) ||
        get32(h) != kCentralSig) {
      fail(problems, "zip.bad_directory", kBadDirectory);
      return nullptr;
    }
    const uint16_t flags = get16(h + 8);
    const uint16_t method = get16(h + 10);
    const uint32_t crc = get32(h + 16);
    const uint32_t csize32 = get32(h + 20);
    const uint32_t usize32 = get32(h + 24);
    const uint16_t name_len = get16(h + 28);
    const uint16_t extra_len = get16(h + 30);
    const uint16_t comment_len = get16(h + 32);
    const uint32_t offset32 = get32(h + 42);
    const uint64_t var_len = uint64_t{name_len} + extra_len + comment_len;
    if (!fits(pos + kCentralHeaderSize, var_len, cd_end)) {
      fail(problems, "zip.bad_directory", kBadDirectory);
      return nullptr;
    }
    var.assign(size_t{name_len} + extra_len, '\0');
    if (!var.empty() && !src.read_at(pos + kCentralHeaderSize, var.data(), var.size())) {
      fail(problems, "file.truncated", kTruncated);
      return nullptr;
    }
    pos += kCentralHeaderSize + var_len;

    ZipEntry entry;
    entry.name = slashes(var.substr(0, name_len));
    entry.method = method;
    entry.crc32 = crc;
    entry.compressed_size = csize32;
    entry.uncompressed_size = usize32;
    entry.local_offset = offset32;

    if (flags & (kFlagEncrypted | kFlagStrongEncryption)) {
      fail(problems, "zip.encrypted",
           "文件设置了密码（已加密），系统无法读取；请在 Excel 中取消密码保护（文件 → 信息 → "
           "保护工作簿 → 用密码进行加密，清空密码），保存后重新上传",
           entry.name);
      return nullptr;
    }
    if (method != 0 && method != 8) {
      fail(problems, "zip.unsupported_method",
           "文件中的部件使用了不支持的压缩方式（" + std::to_string(method) +
               "），请用 Excel 重新保存为标准 xlsx 文件后再上传",
           entry.name);
      return nullptr;
    }

    // ZIP64 extended information: only the fields that are saturated, in order.
    const bool need_u = usize32 == 0xFFFFFFFFu;
    const bool need_c = csize32 == 0xFFFFFFFFu;
    const bool need_o = offset32 == 0xFFFFFFFFu;
    if (need_u || need_c || need_o) {
      const auto* x = reinterpret_cast<const unsigned char*>(var.data()) + name_len;
      size_t xp = 0;
      bool done = false;
      while (!done && xp + 4 <= extra_len) {
        const uint16_t id = get16(x + xp);
        const uint16_t len = get16(x + xp + 2);
        xp += 4;
        if (len > extra_len - xp) break;
        if (id == 0x0001) {
          size_t fp = 0;
          bool ok = true;
          auto take = [&](uint64_t& v) {
            if (fp + 8 > len) {
              ok = false;
              return;
            }
            v = get64(x + xp + fp);
            fp += 8;
          };
          if (need_u) take(entry.uncompressed_size);
          if (ok && need_c) take(entry.compressed_size);
          if (ok && need_o) take(entry.local_offset);
          if (ok) done = true;
          break;
        }
        xp += len;
      }
      if (!done) {
        fail(problems, "zip.bad_directory", kBadDirectory, entry.name);
        return nullptr;
      }
    }

    if (method == 0 && entry.compressed_size != entry.uncompressed_size) {
      fail(problems, "zip.size_mismatch",
           "文件中的部件记录的大小前后不一致，可能已损坏，请重新保存后再上传", entry.name);
      return nullptr;
    }

    std::string key = fold(entry.name);
    if (!za->by_folded_name_.emplace(std::move(key), za->entries_.size()).second) {
      fail(problems, "zip.duplicate_name",
           "文件中有重复的部件名称，可能已损坏或被篡改，请用 Excel 重新保存后再上传", entry.name);
      return nullptr;
    }
    za->entries_.push_back(std::move(entry));
  }
  if (pos != cd_end) {
    fail(problems, "zip.bad_directory", kBadDirectory);
    return nullptr;
  }

  // ---- Local headers: where each entry's data really starts. ----
  size_t name_mismatch = za->entries_.size();
  std::string local_name;
  for (size_t i = 0; i < za->entries_.size(); ++i) {
    ZipEntry& en = za->entries_[i];
    if (!fits(en.local_offset, kLocalHeaderSize, size)) {
      fail(problems, "file.truncated", kTruncated, en.name);
      return nullptr;
    }
    if (!fits(en.local_offset, kLocalHeaderSize, cd_offset)) {
      fail(problems, "zip.overlap",
           "文件中的部件与目录重叠，可能是恶意构造的压缩包，系统拒绝处理", en.name);
      return nullptr;
    }
    unsigned char h[kLocalHeaderSize];
    if (!src.read_at(en.local_offset, h, sizeof h)) {
      fail(problems, "file.truncated", kTruncated, en.name);
      return nullptr;
    }
    if (get32(h) != kLocalSig) {
      fail(problems, "zip.bad_local_header",
           "文件中的部件头与目录不一致，可能已损坏，请用 Excel 重新保存后再上传", en.name);
      return nullptr;
    }
    const uint16_t lname_len = get16(h + 26);
    const uint16_t lextra_len = get16(h + 28);
    const uint64_t data_offset = en.local_offset + kLocalHeaderSize + lname_len + lextra_len;
    if (!fits(en.local_offset + kLocalHeaderSize, lname_len, size)) {
      fail(problems, "file.truncated", kTruncated, en.name);
      return nullptr;
    }
    if (name_mismatch == za->entries_.size()) {
      local_name.assign(lname_len, '\0');
      if (lname_len &&
          !src.read_at(en.local_offset + kLocalHeaderSize, local_name.data(), local_name.size())) {
        fail(problems, "file.truncated", kTruncated, en.name);
        return nullptr;
      }
      if (slashes(local_name) != en.name) name_mismatch = i;
    }
    if (!fits(data_offset, en.compressed_size, cd_offset)) {
      fail(problems, "file.truncated", kTruncated, en.name);
      return nullptr;
    }
    en.data_offset = data_offset;
  }

  // ---- Overlap: every span [local_offset, data end) is disjoint and before the directory. ----
  std::vector<size_t> order(za->entries_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return za->entries_[a].local_offset < za->entries_[b].local_offset;
  });
  for (size_t k = 0; k < order.size(); ++k) {
    const ZipEntry& en = za->entries_[order[k]];
    const uint64_t end = en.data_offset + en.compressed_size;  // checked <= cd_offset above
    const uint64_t next = k + 1 < order.size() ? za->entries_[order[k + 1]].local_offset : cd_offset;
    if (end > next || end > cd_offset) {
      fail(problems, "zip.overlap",
           "文件中的部件互相重叠，可能是恶意构造的压缩包（压缩炸弹），系统拒绝处理", en.name);
      return nullptr;
    }
  }

  if (name_mismatch != za->entries_.size()) {
    fail(problems, "zip.bad_local_header",
         "文件中的部件头与目录不一致，可能已损坏，请用 Excel 重新保存后再上传",
         za->entries_[name_mismatch].name);
    return nullptr;
  }
  return za;
}

bool ZipArchive::read(const ZipEntry& entry, const ChunkFn& consume, Problems& problems) const {
  const std::string& name = entry.name;
  const uint64_t cap = limits_.max_total_inflated;
  // The declared size bounds the output (more is refused as a size mismatch), so
  // an entry that cannot fit in what is left of the budget is refused up front.
  {
    const uint64_t used = inflated_.load();
    if (used > cap || entry.uncompressed_size > cap - used)
      return fail(problems, "zip.too_large", too_large_message(cap), name);
  }
  if (entry.method != 0 && entry.method != 8)
    return fail(problems, "zip.unsupported_method",
                "文件中的部件使用了不支持的压缩方式，请用 Excel 重新保存为标准 xlsx 文件后再上传",
                name);

  const std::string kSize = "文件中的部件解压后的大小与记录不符，可能已损坏，请重新保存后再上传";
  const std::unique_ptr<unsigned char[]> in(new unsigned char[kChunk]);
  const std::unique_ptr<unsigned char[]> out(entry.method == 8 ? new unsigned char[kChunk] : nullptr);

  uint64_t in_pos = entry.data_offset;
  uint64_t in_left = entry.compressed_size;
  uint64_t consumed = 0;  // compressed bytes used so far
  uint64_t produced = 0;  // real output bytes so far
  uLong crc = crc32(0L, Z_NULL, 0);

  // Checks and delivers one chunk of output; false stops the read (a problem is
  // appended when a check failed, none when the consumer stopped).
  auto deliver = [&](const unsigned char* data, size_t n) -> bool {
    if (n == 0) return true;
    if (n > entry.uncompressed_size - produced) {  // produced <= uncompressed_size always
      return fail(problems, "zip.size_mismatch", kSize, name);
    }
    produced += n;
    if (entry.method == 8 && produced > limits_.ratio_grace_bytes &&
        ratio_exceeded(produced, consumed, limits_.max_ratio)) {
      return fail(problems, "zip.ratio",
                  "文件中的部件压缩比异常（超过 " + std::to_string(limits_.max_ratio) +
                      " 倍），可能是恶意构造的压缩包（压缩炸弹），系统拒绝处理",
                  name);
    }
    const uint64_t before = inflated_.fetch_add(n);
    if (before > cap || n > cap - before) {
      return fail(problems, "zip.too_large", too_large_message(cap), name);
    }
    crc = crc32(crc, data, static_cast<uInt>(n));
    return consume(reinterpret_cast<const char*>(data), n);
  };

  if (entry.method == 0) {
    while (in_left > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(in_left, kChunk));
      if (!src_.read_at(in_pos, in.get(), n))
        return fail(problems, "file.truncated",
                    "文件不完整，可能在上传或复制时被截断，请重新保存后再上传", name);
      in_pos += n;
      in_left -= n;
      consumed += n;
      if (!deliver(in.get(), n)) return false;
    }
  } else {
    ZStream z;
    if (inflateInit2(&z.zs, -MAX_WBITS) != Z_OK)
      return fail(problems, "zip.corrupt_data", "解压缩失败（内存不足），请稍后重试", name);
    z.live = true;
    const std::string kCorrupt = "文件中的部件数据已损坏，无法解压，请用 Excel 重新保存后再上传";
    for (;;) {
      if (z.zs.avail_in == 0 && in_left > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(in_left, kChunk));
        if (!src_.read_at(in_pos, in.get(), n))
          return fail(problems, "file.truncated",
                      "文件不完整，可能在上传或复制时被截断，请重新保存后再上传", name);
        in_pos += n;
        in_left -= n;
        z.zs.next_in = in.get();
        z.zs.avail_in = static_cast<uInt>(n);
      }
      const uInt avail_before = z.zs.avail_in;
      z.zs.next_out = out.get();
      z.zs.avail_out = static_cast<uInt>(kChunk);
      const int ret = inflate(&z.zs, Z_NO_FLUSH);
      consumed += avail_before - z.zs.avail_in;
      const size_t got = kChunk - z.zs.avail_out;
      if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
        return fail(problems, "zip.corrupt_data", kCorrupt, name);
      if (!deliver(out.get(), got)) return false;
      if (ret == Z_STREAM_END) break;
      // No progress possible: the input ran out before the end of the stream.
      if (ret == Z_BUF_ERROR || (got == 0 && avail_before == z.zs.avail_in))
        return fail(problems, "zip.corrupt_data", kCorrupt, name);
    }
  }

  if (produced != entry.uncompressed_size) return fail(problems, "zip.size_mismatch", kSize, name);
  if (static_cast<uint32_t>(crc) != entry.crc32)
    return fail(problems, "zip.crc_mismatch",
                "文件中的部件校验失败（CRC 不符），文件可能已损坏，请重新保存后再上传", name);
  return true;
}

bool ZipArchive::read_all(const ZipEntry& entry, std::string& out, uint64_t max_bytes,
                          Problems& problems) const {
  out.clear();
  const std::string msg = "文件中的部件 " + entry.name + " 解压后超过 " + mib_text(max_bytes) +
                          " MiB 的上限，无法处理";
  if (entry.uncompressed_size > max_bytes)
    return fail(problems, "zip.too_large", msg, entry.name);
  out.reserve(static_cast<size_t>(std::min<uint64_t>(entry.uncompressed_size, 4 * kMiB)));
  bool over = false;
  const bool ok = read(
      entry,
      [&](const char* data, size_t n) {
        if (n > max_bytes - out.size()) {
          over = true;
          return false;
        }
        out.append(data, n);
        return true;
      },
      problems);
  if (ok) return true;
  out.clear();
  if (over) fail(problems, "zip.too_large", msg, entry.name);
  return false;
}

}  // namespace ipsurvey::importers
