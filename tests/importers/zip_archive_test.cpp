// Tests for the hardened zip reader. Every hostile archive is built here, in
// memory; assertions are on problem codes, never on message wording.
#include <zlib.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "importers/byte_source.h"
#include "importers/zip_archive.h"
#include "test_support.h"

using ipsurvey::Problems;
using ipsurvey::Severity;
using ipsurvey::importers::MemorySource;
using ipsurvey::importers::ZipArchive;
using ipsurvey::importers::ZipEntry;
using ipsurvey::importers::ZipLimits;
using ipsurvey::test::codes;
using ipsurvey::test::make_zip;
using ipsurvey::test::ZipPart;

namespace {

constexpr uint64_t kMiB = 1024 * 1024;

// ---- little-endian byte writing and patching ----
void put16(std::string& s, uint32_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& s, uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
void put64(std::string& s, uint64_t v) {
  put32(s, static_cast<uint32_t>(v));
  put32(s, static_cast<uint32_t>(v >> 32));
}
void set16(std::string& s, size_t at, uint32_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
}
void set32(std::string& s, size_t at, uint32_t v) {
  set16(s, at, v & 0xFFFF);
  set16(s, at + 2, v >> 16);
}
uint32_t get16(const std::string& s, size_t at) {
  return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8);
}
uint32_t get32(const std::string& s, size_t at) { return get16(s, at) | (get16(s, at + 2) << 16); }

uint32_t crc_of(const std::string& s) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

std::string deflate_raw(const std::string& in, int level = 6) {
  z_stream zs{};
  BOOST_REQUIRE(deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  BOOST_REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// ---- raw zip records, for archives make_zip cannot produce ----
std::string local_header(const std::string& name, uint16_t method, uint32_t crc, uint32_t csize,
                         uint32_t usize, uint16_t flags = 0, const std::string& extra = "") {
  std::string s;
  put32(s, 0x04034b50);
  put16(s, 45);
  put16(s, flags);
  put16(s, method);
  put16(s, 0);
  put16(s, 0x21);
  put32(s, crc);
  put32(s, csize);
  put32(s, usize);
  put16(s, static_cast<uint32_t>(name.size()));
  put16(s, static_cast<uint32_t>(extra.size()));
  return s + name + extra;
}

std::string central_header(const std::string& name, uint16_t method, uint32_t crc, uint32_t csize,
                           uint32_t usize, uint32_t offset, uint16_t flags = 0,
                           const std::string& extra = "") {
  std::string s;
  put32(s, 0x02014b50);
  put16(s, 45);
  put16(s, 45);
  put16(s, flags);
  put16(s, method);
  put16(s, 0);
  put16(s, 0x21);
  put32(s, crc);
  put32(s, csize);
  put32(s, usize);
  put16(s, static_cast<uint32_t>(name.size()));
  put16(s, static_cast<uint32_t>(extra.size()));
  put16(s, 0);  // comment
  put16(s, 0);  // disk
  put16(s, 0);  // internal attributes
  put32(s, 0);  // external attributes
  put32(s, offset);
  return s + name + extra;
}

std::string end_record(uint32_t count, uint32_t cd_size, uint32_t cd_offset,
                       const std::string& comment = "") {
  std::string s;
  put32(s, 0x06054b50);
  put16(s, 0);
  put16(s, 0);
  put16(s, count);
  put16(s, count);
  put32(s, cd_size);
  put32(s, cd_offset);
  put16(s, static_cast<uint32_t>(comment.size()));
  return s + comment;
}

// Offsets inside a zip made by make_zip (no comment).
size_t eocd_at(const std::string& z) { return z.size() - 22; }
size_t central_at(const std::string& z, size_t index) {
  size_t p = get32(z, eocd_at(z) + 16);
  for (size_t i = 0; i < index; ++i) p += 46 + get16(z, p + 28) + get16(z, p + 30) + get16(z, p + 32);
  return p;
}
size_t local_at(const std::string& z, size_t index) { return get32(z, central_at(z, index) + 42); }
size_t data_at(const std::string& z, size_t index) {
  const size_t l = local_at(z, index);
  return l + 30 + get16(z, l + 26) + get16(z, l + 28);
}

// An archive opened over bytes it keeps alive.
struct Opened {
  explicit Opened(std::string b, const ZipLimits& limits = {})
      : bytes(std::move(b)), src(bytes), zip(ZipArchive::open(src, limits, problems)) {}
  Opened(const Opened&) = delete;
  Opened& operator=(const Opened&) = delete;
  std::string bytes;
  MemorySource src;
  Problems problems;
  std::unique_ptr<ZipArchive> zip;
};

// open() must refuse with exactly one error of this code.
void expect_refused(const std::string& bytes, const std::string& code, const ZipLimits& limits = {}) {
  Opened o(bytes, limits);
  BOOST_CHECK_MESSAGE(!o.zip, "expected refusal with " + code);
  BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
  BOOST_CHECK_EQUAL(o.problems[0].code, code);
  BOOST_CHECK(o.problems[0].severity == Severity::Error);
  BOOST_CHECK(!o.problems[0].message.empty());
}

// Reads one entry; returns the bytes and sets ok.
std::string read_entry(const ZipArchive& zip, const ZipEntry& e, Problems& problems, bool& ok) {
  std::string out;
  ok = zip.read(
      e,
      [&](const char* d, size_t n) {
        out.append(d, n);
        return true;
      },
      problems);
  return out;
}

// read() of the named entry must fail with exactly one error of this code.
void expect_read_refused(const Opened& o, const std::string& name, const std::string& code) {
  BOOST_REQUIRE_MESSAGE(o.zip, "open failed: " + codes(o.problems));
  const ZipEntry* e = o.zip->find(name);
  BOOST_REQUIRE(e);
  Problems p;
  bool ok = true;
  read_entry(*o.zip, *e, p, ok);
  BOOST_CHECK(!ok);
  BOOST_REQUIRE_EQUAL(p.size(), 1u);
  BOOST_CHECK_EQUAL(p[0].code, code);
  BOOST_CHECK(p[0].severity == Severity::Error);
  BOOST_CHECK_EQUAL(p[0].sheet, e->name);
  BOOST_CHECK(!p[0].message.empty());
}

std::string pseudo_random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// Some compressible but not trivial text (a sheet-like XML).
std::string sheet_text(size_t rows) {
  std::string s = "<sheetData>";
  for (size_t r = 1; r <= rows; ++r)
    s += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" +
         std::to_string(r * 7919 % 100003) + "</v></c></row>";
  return s + "</sheetData>";
}

// A raw-deflated stream of 300 MiB of zeros, built without ever holding them:
// 1 MiB of zeros is deflated once into a self-contained, byte-aligned run of
// non-final blocks (fresh stream + Z_FULL_FLUSH), which is repeated, and a final
// empty block closes the stream.
struct Bomb {
  std::string deflated;
  uint64_t size = 0;
  uint32_t crc = 0;
};
Bomb make_zeros_bomb(int mib) {
  Bomb b;
  const std::vector<unsigned char> zeros(kMiB, 0);
  std::string segment(64 * 1024, '\0');
  z_stream zs{};
  BOOST_REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_RLE) == Z_OK);
  zs.next_in = const_cast<Bytef*>(zeros.data());
  zs.avail_in = static_cast<uInt>(zeros.size());
  zs.next_out = reinterpret_cast<Bytef*>(segment.data());
  zs.avail_out = static_cast<uInt>(segment.size());
  BOOST_REQUIRE(deflate(&zs, Z_FULL_FLUSH) == Z_OK);
  BOOST_REQUIRE(zs.avail_in == 0 && zs.avail_out > 0);
  segment.resize(segment.size() - zs.avail_out);
  deflateEnd(&zs);

  const uLong crc_mib = crc32(0, zeros.data(), static_cast<uInt>(zeros.size()));
  uLong crc = crc32(0, Z_NULL, 0);
  for (int i = 0; i < mib; ++i) {
    b.deflated += segment;
    crc = crc32_combine(crc, crc_mib, static_cast<z_off_t>(kMiB));
    b.size += kMiB;
  }
  b.deflated += std::string("\x03\x00", 2);  // final fixed-Huffman block, end of block only
  b.crc = static_cast<uint32_t>(crc);
  return b;
}
const Bomb& zeros_bomb() {
  static const Bomb bomb = make_zeros_bomb(300);
  return bomb;
}

// A one-entry zip around a bomb stream, declaring usize as its size.
std::string bomb_zip(uint32_t declared_usize, const Bomb& b = zeros_bomb()) {
  const auto csize = static_cast<uint32_t>(b.deflated.size());
  std::string z = local_header("xl/worksheets/sheet1.xml", 8, b.crc, csize, declared_usize) + b.deflated;
  const std::string cd =
      central_header("xl/worksheets/sheet1.xml", 8, b.crc, csize, declared_usize, 0);
  const auto cd_off = static_cast<uint32_t>(z.size());
  return z + cd + end_record(1, static_cast<uint32_t>(cd.size()), cd_off);
}

double ratio_of(const Bomb& b) {
  return static_cast<double>(b.size) / static_cast<double>(b.deflated.size());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zip_archive)

// ---------------------------------------------------------------- valid input

BOOST_AUTO_TEST_CASE(reads_stored_and_deflated_entries_byte_exact) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  const std::string big_text = sheet_text(20000);          // > 64 KiB, several chunks
  const std::string big_random = pseudo_random(300000, 7);  // incompressible, > 64 KiB
  const std::vector<ZipPart> parts = {
      {"[Content_Types].xml", "<Types/>", 8},
      {"stored.bin", all_bytes, 0},
      {"empty.txt", "", 8},
      {"empty_stored.txt", "", 0},
      {"xl/", "", 0},
      {"xl/worksheets/sheet1.xml", big_text, 8},
      {"xl/media/random.bin", big_random, 8},
      {"xl/media/random_stored.bin", big_random, 0},
  };
  Opened o(make_zip(parts));
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  BOOST_CHECK(o.problems.empty());
  BOOST_REQUIRE_EQUAL(o.zip->entries().size(), parts.size());

  uint64_t expected_total = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const ZipEntry& e = o.zip->entries()[i];
    BOOST_TEST_CONTEXT(parts[i].name) {
      BOOST_CHECK_EQUAL(e.name, parts[i].name);
      BOOST_CHECK_EQUAL(e.method, parts[i].method);
      BOOST_CHECK_EQUAL(e.uncompressed_size, parts[i].data.size());
      BOOST_CHECK_EQUAL(e.crc32, crc_of(parts[i].data));
      BOOST_CHECK_EQUAL(e.is_directory(), parts[i].name == "xl/");
      BOOST_CHECK_GT(e.data_offset, e.local_offset);

      Problems p;
      size_t max_chunk = 0;
      std::string got;
      const bool ok = o.zip->read(
          e,
          [&](const char* d, size_t n) {
            max_chunk = std::max(max_chunk, n);
            got.append(d, n);
            return true;
          },
          p);
      BOOST_CHECK_MESSAGE(ok, codes(p));
      BOOST_CHECK(p.empty());
      BOOST_CHECK(got == parts[i].data);
      BOOST_CHECK_LE(max_chunk, 64u * 1024u);
      expected_total += parts[i].data.size();

      std::string all;
      BOOST_CHECK(o.zip->read_all(e, all, parts[i].data.size(), p));
      BOOST_CHECK(all == parts[i].data);
      expected_total += parts[i].data.size();
    }
  }
  BOOST_CHECK_EQUAL(o.zip->total_inflated(), expected_total);
}

BOOST_AUTO_TEST_CASE(find_is_case_insensitive_and_folds_slashes) {
  Opened o(make_zip({{"xl/Workbook.xml", "wb", 8}, {"docProps\\app.xml", "app", 0}}));
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  // Backslashes in stored names become '/'.
  BOOST_CHECK_EQUAL(o.zip->entries()[1].name, "docProps/app.xml");

  const ZipEntry* wb = &o.zip->entries()[0];
  BOOST_CHECK_EQUAL(o.zip->find("xl/Workbook.xml"), wb);
  BOOST_CHECK_EQUAL(o.zip->find("XL/WORKBOOK.XML"), wb);
  BOOST_CHECK_EQUAL(o.zip->find("xl\\workbook.xml"), wb);
  BOOST_CHECK_EQUAL(o.zip->find("/xl/workbook.xml"), wb);
  BOOST_CHECK_EQUAL(o.zip->find("\\XL\\Workbook.Xml"), wb);
  BOOST_CHECK_EQUAL(o.zip->find("docprops/APP.xml"), &o.zip->entries()[1]);
  BOOST_CHECK(o.zip->find("docprops\\app.xml") == &o.zip->entries()[1]);
  BOOST_CHECK(o.zip->find("xl/workbook.xm") == nullptr);
  BOOST_CHECK(o.zip->find("workbook.xml") == nullptr);
  BOOST_CHECK(o.zip->find("") == nullptr);
}

BOOST_AUTO_TEST_CASE(end_record_only_opens_with_no_entries) {
  Opened o(end_record(0, 0, 0));
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  BOOST_CHECK(o.problems.empty());
  BOOST_CHECK(o.zip->entries().empty());
  BOOST_CHECK(o.zip->find("anything") == nullptr);

  Opened with_comment(end_record(0, 0, 0, "just a comment"));
  BOOST_REQUIRE(with_comment.zip);
  BOOST_CHECK(with_comment.zip->entries().empty());
}

BOOST_AUTO_TEST_CASE(archive_comment_is_allowed) {
  std::string z = make_zip({{"a.txt", "alpha", 8}});
  const std::string comment(1000, 'c');
  set16(z, eocd_at(z) + 20, static_cast<uint32_t>(comment.size()));
  z += comment;
  Opened o(z);
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  Problems p;
  std::string s;
  BOOST_CHECK(o.zip->read_all(*o.zip->find("a.txt"), s, 100, p));
  BOOST_CHECK_EQUAL(s, "alpha");
}

BOOST_AUTO_TEST_CASE(zip64_records_are_parsed) {
  // Hand-built zip64: local headers with zip64 extras, central entries whose
  // sizes and offsets are 0xFFFFFFFF with the real values in extra field 0x0001
  // (after an unrelated extra field), then EOCD64 + locator + saturated EOCD.
  const std::string a = "hello zip64";
  const std::string b = sheet_text(3000);
  const std::string b_def = deflate_raw(b);
  auto zip64_local_extra = [](uint64_t usize, uint64_t csize) {
    std::string x;
    put16(x, 0x0001);
    put16(x, 16);
    put64(x, usize);
    put64(x, csize);
    return x;
  };
  auto zip64_central_extra = [](uint64_t usize, uint64_t csize, uint64_t offset) {
    std::string x;
    put16(x, 0x5455);  // extended timestamp, to be skipped
    put16(x, 5);
    x += std::string("\x01\x00\x00\x00\x00", 5);
    put16(x, 0x0001);
    put16(x, 24);
    put64(x, usize);
    put64(x, csize);
    put64(x, offset);
    return x;
  };
  std::string z;
  const uint64_t a_off = z.size();
  z += local_header("a.txt", 0, crc_of(a), 0xFFFFFFFF, 0xFFFFFFFF, 0, zip64_local_extra(a.size(), a.size()));
  z += a;
  const uint64_t b_off = z.size();
  z += local_header("xl/b.xml", 8, crc_of(b), 0xFFFFFFFF, 0xFFFFFFFF, 0,
                    zip64_local_extra(b.size(), b_def.size()));
  z += b_def;
  const uint64_t cd_off = z.size();
  std::string cd;
  cd += central_header("a.txt", 0, crc_of(a), 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0,
                       zip64_central_extra(a.size(), a.size(), a_off));
  // Only the offset is saturated here: the extra holds just that one value.
  std::string only_offset;
  put16(only_offset, 0x0001);
  put16(only_offset, 8);
  put64(only_offset, b_off);
  cd += central_header("xl/b.xml", 8, crc_of(b), static_cast<uint32_t>(b_def.size()),
                       static_cast<uint32_t>(b.size()), 0xFFFFFFFF, 0, only_offset);
  z += cd;
  const uint64_t eocd64_off = z.size();
  put32(z, 0x06064b50);
  put64(z, 44);
  put16(z, 45);
  put16(z, 45);
  put32(z, 0);
  put32(z, 0);
  put64(z, 2);
  put64(z, 2);
  put64(z, cd.size());
  put64(z, cd_off);
  put32(z, 0x07064b50);  // locator
  put32(z, 0);
  put64(z, eocd64_off);
  put32(z, 1);
  put32(z, 0x06054b50);
  put16(z, 0xFFFF);
  put16(z, 0xFFFF);
  put16(z, 0xFFFF);
  put16(z, 0xFFFF);
  put32(z, 0xFFFFFFFF);
  put32(z, 0xFFFFFFFF);
  put16(z, 0);

  Opened o(z);
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  BOOST_REQUIRE_EQUAL(o.zip->entries().size(), 2u);
  const ZipEntry& ea = o.zip->entries()[0];
  BOOST_CHECK_EQUAL(ea.compressed_size, a.size());
  BOOST_CHECK_EQUAL(ea.uncompressed_size, a.size());
  BOOST_CHECK_EQUAL(ea.local_offset, a_off);
  BOOST_CHECK_EQUAL(o.zip->entries()[1].local_offset, b_off);
  Problems p;
  std::string s;
  BOOST_CHECK(o.zip->read_all(ea, s, 1000, p));
  BOOST_CHECK_EQUAL(s, a);
  BOOST_CHECK(o.zip->read_all(*o.zip->find("XL/B.XML"), s, b.size(), p));
  BOOST_CHECK(s == b);
  BOOST_CHECK(p.empty());

  // The zip64 extra is missing a value the saturated fields need.
  {
    std::string bad = z;
    // a.txt's extra: timestamp (9 bytes) then 0x0001 of length 24; claim 16.
    const size_t ext = cd_off + 46 + 5 + 9;
    BOOST_REQUIRE_EQUAL(get16(bad, ext), 0x0001u);
    set16(bad, ext + 2, 16);
    set16(bad, ext + 4 + 16, 0x7777);  // leftover 8 bytes become an unknown field header
    set16(bad, ext + 4 + 18, 4);
    expect_refused(bad, "zip.bad_directory");
  }
  // The locator points at something that is not an EOCD64 record.
  {
    std::string bad = z;
    const size_t loc = bad.size() - 22 - 20;
    set32(bad, loc + 8, 3);
    expect_refused(bad, "zip.bad_directory");
  }
  // The EOCD64 claims more entries than allowed.
  {
    std::string bad = z;
    set32(bad, eocd64_off + 32, 20000);
    set32(bad, eocd64_off + 24, 20000);
    expect_refused(bad, "zip.too_many_entries");
  }
  // The EOCD64 puts the directory past the end of the file.
  {
    std::string bad = z;
    set32(bad, eocd64_off + 52, 1);  // high half of the 64-bit cd offset
    expect_refused(bad, "file.truncated");
  }
}

// ------------------------------------------------------------ broken files

BOOST_AUTO_TEST_CASE(empty_source_is_file_empty) { expect_refused("", "file.empty"); }

BOOST_AUTO_TEST_CASE(random_bytes_have_no_directory) {
  for (size_t n : {1u, 3u, 21u, 22u, 100u, 4096u, 70000u, 200000u}) {
    BOOST_TEST_CONTEXT("size " << n) { expect_refused(pseudo_random(n, static_cast<uint32_t>(n)), "zip.no_directory"); }
  }
  expect_refused("PK\x03\x04 not really a zip", "zip.no_directory");
  expect_refused(std::string(100000, '\0'), "zip.no_directory");
}

BOOST_AUTO_TEST_CASE(truncated_files_are_refused) {
  const std::string z = make_zip({{"a.xml", sheet_text(500), 8}, {"b.bin", pseudo_random(5000, 1), 0}});
  expect_refused(z.substr(0, z.size() / 2), "zip.no_directory");
  expect_refused(z.substr(0, z.size() - 1), "file.truncated");
  // Every prefix fails cleanly with one of the expected codes.
  const std::set<std::string> allowed = {"file.empty", "file.truncated", "zip.no_directory",
                                         "zip.bad_directory"};
  for (size_t n = 0; n < z.size(); ++n) {
    Opened o(z.substr(0, n));
    BOOST_CHECK(!o.zip);
    BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
    BOOST_CHECK_MESSAGE(allowed.count(o.problems[0].code), "prefix " << n << ": " << o.problems[0].code);
  }
  // With an archive comment, a cut comment is also a truncation.
  std::string c = z;
  set16(c, eocd_at(c) + 20, 10);
  c += "0123456789";
  BOOST_CHECK(Opened(c).zip);
  expect_refused(c.substr(0, c.size() - 1), "file.truncated");
}

BOOST_AUTO_TEST_CASE(directory_outside_its_place_is_refused) {
  const std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
  {  // directory offset beyond the file
    std::string bad = z;
    set32(bad, eocd_at(bad) + 16, static_cast<uint32_t>(bad.size() + 10));
    expect_refused(bad, "file.truncated");
  }
  {  // offset + size overflows 32 bits and runs past the file
    std::string bad = z;
    set32(bad, eocd_at(bad) + 12, 0xFFFFFFF0u);
    expect_refused(bad, "file.truncated");
  }
  {  // directory runs into the end record
    std::string bad = z;
    set32(bad, eocd_at(bad) + 12, get32(bad, eocd_at(bad) + 12) + 5);
    expect_refused(bad, "zip.bad_directory");
  }
  {  // directory smaller than its entries
    std::string bad = z;
    set32(bad, eocd_at(bad) + 12, get32(bad, eocd_at(bad) + 12) - 3);
    set32(bad, eocd_at(bad) + 16, get32(bad, eocd_at(bad) + 16) + 3);
    expect_refused(bad, "zip.bad_directory");
  }
  {  // fewer entries claimed than present: the directory is not used up
    std::string bad = z;
    set16(bad, eocd_at(bad) + 8, 1);
    set16(bad, eocd_at(bad) + 10, 1);
    expect_refused(bad, "zip.bad_directory");
  }
  {  // central header signature broken
    std::string bad = z;
    bad[central_at(bad, 1)] = 'X';
    expect_refused(bad, "zip.bad_directory");
  }
  {  // a name that runs past the directory
    std::string bad = z;
    set16(bad, central_at(bad, 1) + 28, 200);
    expect_refused(bad, "zip.bad_directory");
  }
}

BOOST_AUTO_TEST_CASE(too_many_entries) {
  std::vector<ZipPart> parts;
  for (int i = 0; i < 5; ++i) parts.push_back({"p" + std::to_string(i), "x", 8});
  const std::string z = make_zip(parts);
  ZipLimits limits;
  limits.max_entries = 4;
  expect_refused(z, "zip.too_many_entries", limits);
  limits.max_entries = 5;
  BOOST_CHECK(Opened(z, limits).zip);

  // A tiny file claiming 65,535 entries: refused on the count alone.
  expect_refused(end_record(0xFFFF, 0, 0), "zip.too_many_entries");
  // With a generous cap the claim is simply inconsistent with the directory size.
  limits.max_entries = 100000;
  expect_refused(end_record(0xFFFF, 0, 0), "zip.bad_directory", limits);
}

BOOST_AUTO_TEST_CASE(encrypted_entries_are_refused) {
  for (uint32_t flag : {0x0001u, 0x0040u, 0x0041u}) {
    std::string z = make_zip({{"a.txt", "alpha", 8}, {"xl/workbook.xml", "<workbook/>", 8}});
    set16(z, central_at(z, 1) + 8, flag);
    Opened o(z);
    BOOST_CHECK(!o.zip);
    BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
    BOOST_CHECK_EQUAL(o.problems[0].code, "zip.encrypted");
    BOOST_CHECK_EQUAL(o.problems[0].sheet, "xl/workbook.xml");
  }
  // WinZip AES: method 99 with the encrypted bit is reported as encrypted.
  std::string z = make_zip({{"a.txt", "alpha", 8}});
  set16(z, central_at(z, 0) + 8, 1);
  set16(z, central_at(z, 0) + 10, 99);
  expect_refused(z, "zip.encrypted");
}

BOOST_AUTO_TEST_CASE(unsupported_methods_are_refused) {
  for (uint32_t method : {12u, 14u, 9u, 93u, 1u}) {
    std::string z = make_zip({{"a.txt", "alpha", 8}});
    set16(z, central_at(z, 0) + 10, method);
    BOOST_TEST_CONTEXT("method " << method) { expect_refused(z, "zip.unsupported_method"); }
  }
}

BOOST_AUTO_TEST_CASE(stored_sizes_must_agree) {
  std::string z = make_zip({{"a.txt", "alpha beta", 0}});
  set32(z, central_at(z, 0) + 24, 3);  // uncompressed 3, compressed 10
  expect_refused(z, "zip.size_mismatch");
}

BOOST_AUTO_TEST_CASE(crc_mismatch_is_detected) {
  {  // a flipped byte in stored data
    std::string z = make_zip({{"a.txt", "alpha beta gamma", 0}, {"b.txt", "ok", 0}});
    z[data_at(z, 0) + 3] ^= 0x20;
    Opened o(z);
    expect_read_refused(o, "a.txt", "zip.crc_mismatch");
    Problems p;
    std::string s;
    BOOST_CHECK(o.zip->read_all(*o.zip->find("b.txt"), s, 10, p));  // others still readable
    BOOST_CHECK(p.empty());
  }
  {  // a wrong CRC on a deflated entry (large enough for several chunks)
    std::string z = make_zip({{"a.xml", sheet_text(20000), 8}});
    set32(z, central_at(z, 0) + 16, get32(z, central_at(z, 0) + 16) ^ 1u);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.crc_mismatch");
  }
}

BOOST_AUTO_TEST_CASE(declared_size_must_match_real_output) {
  const std::string text = sheet_text(20000);
  {  // declared smaller than real: refused as soon as output passes it
    std::string z = make_zip({{"a.xml", text, 8}});
    set32(z, central_at(z, 0) + 24, 1000);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.size_mismatch");
    BOOST_CHECK_LE(o.zip->total_inflated(), 1000u);
  }
  {  // declared larger than real
    std::string z = make_zip({{"a.xml", text, 8}});
    set32(z, central_at(z, 0) + 24, static_cast<uint32_t>(text.size() + 1));
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.size_mismatch");
  }
  {  // declared zero while the stream inflates to something
    std::string z = make_zip({{"a.xml", text, 8}});
    set32(z, central_at(z, 0) + 24, 0);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.size_mismatch");
    BOOST_CHECK_EQUAL(o.zip->total_inflated(), 0u);
  }
  {  // stored, both sizes smaller than the bytes written: CRC then disagrees
    std::string z = make_zip({{"a.txt", "alpha beta", 0}, {"b.txt", "b", 0}});
    set32(z, central_at(z, 0) + 20, 5);
    set32(z, central_at(z, 0) + 24, 5);
    Opened o(z);
    expect_read_refused(o, "a.txt", "zip.crc_mismatch");
  }
}

BOOST_AUTO_TEST_CASE(corrupt_deflate_data) {
  const std::string text = sheet_text(20000);
  {  // compressed size cut: the stream ends before its end marker
    std::string z = make_zip({{"a.xml", text, 8}});
    set32(z, central_at(z, 0) + 20, get32(z, central_at(z, 0) + 20) / 2);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.corrupt_data");
  }
  {  // garbage instead of deflate data (invalid block type 3)
    const std::string junk(2000, '\xFF');
    std::string z = local_header("a.xml", 8, 0, 2000, 100000) + junk;
    const std::string cd = central_header("a.xml", 8, 0, 2000, 100000, 0);
    const auto off = static_cast<uint32_t>(z.size());
    z += cd + end_record(1, static_cast<uint32_t>(cd.size()), off);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.corrupt_data");
  }
  {  // zero-length deflate data for a non-empty entry
    std::string z = local_header("a.xml", 8, 0, 0, 10);
    const std::string cd = central_header("a.xml", 8, 0, 0, 10, 0);
    const auto off = static_cast<uint32_t>(z.size());
    z += cd + end_record(1, static_cast<uint32_t>(cd.size()), off);
    Opened o(z);
    expect_read_refused(o, "a.xml", "zip.corrupt_data");
  }
  {  // flipped bytes in the middle of the stream: some check must catch it
    std::string z = make_zip({{"a.xml", text, 8}});
    const size_t d = data_at(z, 0);
    const size_t len = get32(z, central_at(z, 0) + 20);
    for (size_t k = 0; k < 8; ++k) z[d + len / 3 + k * 17] ^= 0x5A;
    Opened o(z);
    BOOST_REQUIRE(o.zip);
    Problems p;
    bool ok = true;
    read_entry(*o.zip, o.zip->entries()[0], p, ok);
    BOOST_CHECK(!ok);
    BOOST_REQUIRE_EQUAL(p.size(), 1u);
    const std::set<std::string> allowed = {"zip.corrupt_data", "zip.crc_mismatch", "zip.size_mismatch"};
    BOOST_CHECK_MESSAGE(allowed.count(p[0].code), p[0].code);
  }
}

BOOST_AUTO_TEST_CASE(overlapping_entries_are_refused) {
  {  // two central entries pointing at the same local header
    std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
    set32(z, central_at(z, 1) + 42, 0);
    expect_refused(z, "zip.overlap");
  }
  {  // an entry whose compressed size reaches into the next local header
    std::string z = make_zip({{"a.txt", "alpha alpha alpha", 8}, {"b.txt", "beta", 8}});
    set32(z, central_at(z, 0) + 20, get32(z, central_at(z, 0) + 20) + 4);
    expect_refused(z, "zip.overlap");
  }
  {  // a local header quoted inside another entry's data (overlapping-file bomb)
    const std::string inner_data = "inner payload";
    const std::string inner = local_header("b.txt", 0, crc_of(inner_data), 13, 13) + inner_data;
    const std::string outer_data = "head" + inner + "tail";
    std::string z = local_header("a.bin", 0, crc_of(outer_data), static_cast<uint32_t>(outer_data.size()),
                                 static_cast<uint32_t>(outer_data.size())) +
                    outer_data;
    const uint32_t inner_off = 30 + 5 + 4;
    BOOST_REQUIRE_EQUAL(get32(z, inner_off), 0x04034b50u);
    std::string cd = central_header("a.bin", 0, crc_of(outer_data), static_cast<uint32_t>(outer_data.size()),
                                    static_cast<uint32_t>(outer_data.size()), 0);
    cd += central_header("b.txt", 0, crc_of(inner_data), 13, 13, inner_off);
    const auto off = static_cast<uint32_t>(z.size());
    z += cd + end_record(2, static_cast<uint32_t>(cd.size()), off);
    expect_refused(z, "zip.overlap");
  }
  {  // a local offset pointing into the central directory
    std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
    set32(z, central_at(z, 1) + 42, static_cast<uint32_t>(central_at(z, 0)));
    expect_refused(z, "zip.overlap");
  }
}

BOOST_AUTO_TEST_CASE(data_running_past_the_directory_is_truncated) {
  std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
  set32(z, central_at(z, 1) + 20, get32(z, central_at(z, 1) + 20) + 1);
  expect_refused(z, "file.truncated");
  std::string huge = make_zip({{"a.txt", "alpha", 8}});
  set32(huge, central_at(huge, 0) + 20, 0xFFFFFFF0u);
  expect_refused(huge, "file.truncated");
  std::string beyond = make_zip({{"a.txt", "alpha", 8}});
  set32(beyond, central_at(beyond, 0) + 42, 0x7FFFFFF0u);
  expect_refused(beyond, "file.truncated");
}

BOOST_AUTO_TEST_CASE(duplicate_names_are_refused) {
  expect_refused(make_zip({{"xl/a.xml", "1", 8}, {"xl/a.xml", "2", 8}}), "zip.duplicate_name");
  expect_refused(make_zip({{"xl/Sheet.xml", "1", 8}, {"XL/sheet.XML", "2", 8}}), "zip.duplicate_name");
  expect_refused(make_zip({{"xl/a.xml", "1", 8}, {"xl\\a.xml", "2", 8}}), "zip.duplicate_name");
  expect_refused(make_zip({{"xl/a.xml", "1", 8}, {"/xl/a.xml", "2", 8}}), "zip.duplicate_name");
  Opened o(make_zip({{"xl/a.xml", "1", 8}, {"other", "x", 0}, {"XL/A.xml", "2", 8}}));
  BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
  BOOST_CHECK_EQUAL(o.problems[0].code, "zip.duplicate_name");
  BOOST_CHECK_EQUAL(o.problems[0].sheet, "XL/A.xml");
  // Names that differ beyond ASCII case stay distinct.
  BOOST_CHECK(Opened(make_zip({{"xl/a.xml", "1", 8}, {"xl/b.xml", "2", 8}})).zip);
}

BOOST_AUTO_TEST_CASE(local_header_must_agree_with_directory) {
  {
    std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
    z[local_at(z, 1)] = 'Q';
    expect_refused(z, "zip.bad_local_header");
  }
  {
    std::string z = make_zip({{"a.txt", "alpha", 8}, {"b.txt", "beta", 8}});
    z[local_at(z, 1) + 30] = 'c';  // local name "c.txt"
    Opened o(z);
    BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
    BOOST_CHECK_EQUAL(o.problems[0].code, "zip.bad_local_header");
    BOOST_CHECK_EQUAL(o.problems[0].sheet, "b.txt");
  }
  {  // backslash in the local name against '/' in the directory is the same name
    std::string z = make_zip({{"xl/a.txt", "alpha", 8}});
    z[local_at(z, 0) + 30 + 2] = '\\';
    BOOST_CHECK(Opened(z).zip);
  }
  {  // a local extra field moves the data: data_offset follows it
    const std::string data = "payload";
    const std::string extra(12, '\0');
    std::string z = local_header("a", 0, crc_of(data), 7, 7, 0, extra) + data;
    const std::string cd = central_header("a", 0, crc_of(data), 7, 7, 0);
    const auto off = static_cast<uint32_t>(z.size());
    z += cd + end_record(1, static_cast<uint32_t>(cd.size()), off);
    Opened o(z);
    BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
    BOOST_CHECK_EQUAL(o.zip->entries()[0].data_offset, 30u + 1u + 12u);
    Problems p;
    std::string s;
    BOOST_CHECK(o.zip->read_all(o.zip->entries()[0], s, 100, p));
    BOOST_CHECK_EQUAL(s, data);
    // ... and an extra that pushes the data past the directory is a truncation.
    set16(z, 28, 40);
    expect_refused(z, "file.truncated");
  }
}

// ------------------------------------------------------------ bombs and budgets

BOOST_AUTO_TEST_CASE(bomb_stream_is_valid_deflate) {
  // The refusals below must come from the limits, not from a broken stream:
  // a smaller bomb built the same way reads back whole under generous limits.
  const Bomb small = make_zeros_bomb(20);
  ZipLimits limits;
  limits.max_ratio = 100000;
  Opened o(bomb_zip(static_cast<uint32_t>(small.size), small), limits);
  BOOST_REQUIRE_MESSAGE(o.zip, codes(o.problems));
  Problems p;
  uint64_t n = 0;
  bool all_zero = true;
  BOOST_CHECK_MESSAGE(o.zip->read(
                          o.zip->entries()[0],
                          [&](const char* d, size_t len) {
                            for (size_t i = 0; i < len; ++i) all_zero = all_zero && d[i] == 0;
                            n += len;
                            return true;
                          },
                          p),
                      codes(p));
  BOOST_CHECK_EQUAL(n, 20 * kMiB);
  BOOST_CHECK(all_zero);
  BOOST_CHECK_GT(ratio_of(small), 1000.0);
}

BOOST_AUTO_TEST_CASE(deflate_bomb_is_refused_by_total_budget) {
  const std::string z = bomb_zip(static_cast<uint32_t>(zeros_bomb().size));
  BOOST_TEST_MESSAGE("bomb: " << zeros_bomb().deflated.size() << " bytes deflated");
  Opened o(z);
  const auto t0 = std::chrono::steady_clock::now();
  expect_read_refused(o, "xl/worksheets/sheet1.xml", "zip.too_large");
  Problems p;
  std::string s;
  BOOST_CHECK(!o.zip->read_all(o.zip->entries()[0], s, 1ull << 40, p));
  BOOST_CHECK_EQUAL(codes(p), "zip.too_large");
  BOOST_CHECK(s.empty());
  BOOST_CHECK_LT(seconds_since(t0), 2.0);
  BOOST_CHECK_LE(o.zip->total_inflated(), ZipLimits{}.max_total_inflated);
}

BOOST_AUTO_TEST_CASE(deflate_bomb_is_refused_by_ratio) {
  const std::string z = bomb_zip(static_cast<uint32_t>(zeros_bomb().size));
  ZipLimits limits;
  limits.max_total_inflated = 1ull << 30;  // the budget alone would let it through
  limits.ratio_grace_bytes = 1 * kMiB;
  Opened o(z, limits);
  const auto t0 = std::chrono::steady_clock::now();
  expect_read_refused(o, "xl/worksheets/sheet1.xml", "zip.ratio");
  BOOST_CHECK_LT(seconds_since(t0), 2.0);
  BOOST_CHECK_LE(o.zip->total_inflated(), 2 * kMiB);

  // With default limits, a bomb that declares a size inside the budget is
  // stopped by the ratio once the grace is spent.
  Opened lying(bomb_zip(static_cast<uint32_t>(100 * kMiB)));
  const auto t1 = std::chrono::steady_clock::now();
  expect_read_refused(lying, "xl/worksheets/sheet1.xml", "zip.ratio");
  BOOST_CHECK_LT(seconds_since(t1), 2.0);
  BOOST_CHECK_LE(lying.zip->total_inflated(), ZipLimits{}.ratio_grace_bytes + kMiB);

  // Declaring a small size stops it by the size check instead.
  Opened small(bomb_zip(static_cast<uint32_t>(kMiB)));
  expect_read_refused(small, "xl/worksheets/sheet1.xml", "zip.size_mismatch");
  BOOST_CHECK_LE(small.zip->total_inflated(), kMiB);

  // Ordinary compressible data under the same small grace is fine.
  const std::string text = sheet_text(60000);
  Opened ok(make_zip({{"a.xml", text, 8}}), limits);
  Problems p;
  std::string s;
  BOOST_CHECK_MESSAGE(ok.zip->read_all(ok.zip->entries()[0], s, text.size(), p), codes(p));
  BOOST_CHECK(s == text);
}

BOOST_AUTO_TEST_CASE(total_budget_spans_reads) {
  const std::string a = pseudo_random(600 * 1024, 1);
  const std::string b = sheet_text(30000).substr(0, 600 * 1024);
  BOOST_REQUIRE_EQUAL(b.size(), 600u * 1024u);
  ZipLimits limits;
  limits.max_total_inflated = kMiB;
  Opened o(make_zip({{"a.bin", a, 0}, {"b.xml", b, 8}, {"empty", "", 8}}), limits);
  BOOST_REQUIRE(o.zip);
  Problems p;
  std::string s;
  BOOST_CHECK(o.zip->read_all(*o.zip->find("a.bin"), s, kMiB, p));
  BOOST_CHECK(s == a);
  BOOST_CHECK_EQUAL(o.zip->total_inflated(), a.size());
  expect_read_refused(o, "b.xml", "zip.too_large");
  expect_read_refused(o, "a.bin", "zip.too_large");  // the same entry again counts again
  // An empty entry still fits.
  BOOST_CHECK(o.zip->read_all(*o.zip->find("empty"), s, 10, p));
  BOOST_CHECK(p.empty());

  // Exactly the budget is allowed.
  ZipLimits exact;
  exact.max_total_inflated = 2 * a.size();
  Opened e(make_zip({{"a.bin", a, 0}, {"b.bin", a, 8}, {"c", "x", 8}}), exact);
  BOOST_CHECK(e.zip->read_all(*e.zip->find("a.bin"), s, kMiB, p));
  BOOST_CHECK(e.zip->read_all(*e.zip->find("b.bin"), s, kMiB, p));
  BOOST_CHECK(p.empty());
  BOOST_CHECK_EQUAL(e.zip->total_inflated(), exact.max_total_inflated);
  expect_read_refused(e, "c", "zip.too_large");
}

BOOST_AUTO_TEST_CASE(total_budget_holds_across_threads) {
  const std::string a = sheet_text(40000).substr(0, 600 * 1024);
  ZipLimits limits;
  limits.max_total_inflated = kMiB;
  Opened o(make_zip({{"a.xml", a, 8}}), limits);
  BOOST_REQUIRE(o.zip);
  constexpr int kThreads = 4;
  std::vector<Problems> problems(kThreads);
  std::vector<int> ok(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      std::string s;
      ok[i] = o.zip->read_all(o.zip->entries()[0], s, kMiB, problems[i]) && s == a;
    });
  for (auto& t : threads) t.join();
  int successes = 0;
  for (int i = 0; i < kThreads; ++i) {
    successes += ok[i];
    if (!ok[i]) {
      BOOST_REQUIRE_EQUAL(problems[i].size(), 1u);
      BOOST_CHECK_EQUAL(problems[i][0].code, "zip.too_large");
    } else {
      BOOST_CHECK(problems[i].empty());
    }
  }
  BOOST_CHECK_LE(successes, 1);
}

BOOST_AUTO_TEST_CASE(read_all_respects_max_bytes) {
  const std::string text = sheet_text(1000);
  Opened o(make_zip({{"a.xml", text, 8}}));
  const ZipEntry& e = o.zip->entries()[0];
  Problems p;
  std::string s = "stale";
  BOOST_CHECK(!o.zip->read_all(e, s, text.size() - 1, p));
  BOOST_CHECK_EQUAL(codes(p), "zip.too_large");
  BOOST_CHECK(s.empty());
  p.clear();
  BOOST_CHECK(o.zip->read_all(e, s, text.size(), p));
  BOOST_CHECK(s == text);

  // A lying directory (declared small) cannot sneak more than max_bytes in.
  std::string z = make_zip({{"a.xml", text, 8}});
  set32(z, central_at(z, 0) + 24, 10);
  Opened lie(z);
  p.clear();
  BOOST_CHECK(!lie.zip->read_all(lie.zip->entries()[0], s, 100, p));
  BOOST_REQUIRE_EQUAL(p.size(), 1u);
  BOOST_CHECK(s.empty());
}

BOOST_AUTO_TEST_CASE(consumer_stop_returns_false_without_problem) {
  const std::string text = sheet_text(20000);
  BOOST_REQUIRE_GT(text.size(), 3u * 64u * 1024u);
  for (uint16_t method : {uint16_t{0}, uint16_t{8}}) {
    Opened o(make_zip({{"a.xml", text, method}}));
    BOOST_REQUIRE(o.zip);
    Problems p;
    int calls = 0;
    size_t seen = 0;
    const bool ok = o.zip->read(
        o.zip->entries()[0],
        [&](const char*, size_t n) {
          seen += n;
          return ++calls < 2;
        },
        p);
    BOOST_CHECK(!ok);
    BOOST_CHECK(p.empty());
    BOOST_CHECK_EQUAL(calls, 2);
    BOOST_CHECK_EQUAL(o.zip->total_inflated(), seen);
    // The archive stays usable.
    std::string s;
    BOOST_CHECK(o.zip->read_all(o.zip->entries()[0], s, text.size(), p));
    BOOST_CHECK(s == text);
  }
}

// ------------------------------------------------------------ robustness

BOOST_AUTO_TEST_CASE(mutated_archives_never_misbehave) {
  // Random byte changes anywhere: open and read either succeed or report
  // exactly one error; the sanitizers catch any out-of-bounds access.
  const std::string base = make_zip({{"[Content_Types].xml", "<Types/>", 8},
                                     {"xl/a.xml", sheet_text(300), 8},
                                     {"xl/b.bin", pseudo_random(700, 3), 0},
                                     {"xl/", "", 0}});
  std::mt19937 rng(12345);
  int opened = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string z = base;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      const size_t at = rng() % z.size();
      // Bias towards the directory and end record, where the structure lives.
      const size_t pos = (round % 2) ? at : central_at(base, 0) + at % (z.size() - central_at(base, 0));
      z[pos] = static_cast<char>(rng() % 3 == 0 ? 0xFF : rng() & 0xFF);
    }
    Opened o(z);
    if (!o.zip) {
      BOOST_REQUIRE_EQUAL(o.problems.size(), 1u);
      BOOST_CHECK(o.problems[0].severity == Severity::Error);
      continue;
    }
    ++opened;
    BOOST_CHECK(o.problems.empty());
    for (const ZipEntry& e : o.zip->entries()) {
      Problems p;
      std::string s;
      const bool ok = o.zip->read_all(e, s, 1 << 20, p);
      BOOST_CHECK_EQUAL(p.size(), ok ? 0u : 1u);
      if (ok) BOOST_CHECK_EQUAL(s.size(), e.uncompressed_size);
    }
  }
  BOOST_TEST_MESSAGE("mutated archives that still opened: " << opened);
}

BOOST_AUTO_TEST_SUITE_END()
