// Runs the reader over every workbook of ../shared/corpus (real files from the
// test suites of Apache POI, calamine and XlsxWriter, some hostile on purpose):
// each must be read, or refused with an error that has a code and a message,
// without a crash, a hang or a sanitizer report. The files we refuse, and why,
// are listed in corpus_refusals.tsv: a file refused that is not listed, or
// listed but read, fails the test.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "importers/workbook_reader.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;
namespace fs = std::filesystem;

namespace {

class CountingSink : public WorkbookSink {
 public:
  void cell(const Cell& c) override {
    ++cells;
    // Touch the text so a dangling view would show under AddressSanitizer.
    for (char ch : c.text) checksum += static_cast<unsigned char>(ch);
  }
  void check_box(const CheckBox&) override { ++boxes; }
  uint64_t cells = 0, boxes = 0, checksum = 0;
};

std::map<std::string, std::string> expected_refusals() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(IPSURVEY_SOURCE_DIR) + "/tests/importers/corpus_refusals.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const size_t tab2 = line.find('\t', tab + 1);
    out[line.substr(0, tab)] = line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(every_corpus_workbook_is_read_or_refused_cleanly) {
  const fs::path root(IPSURVEY_CORPUS_DIR);
  if (!fs::exists(root)) {
    BOOST_FAIL("corpus not found at " << root << " (../shared/corpus beside the checkout)");
  }
  const auto refusals = expected_refusals();
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && (e.path().extension() == ".xlsx" || e.path().extension() == ".xlsm"))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  BOOST_TEST(files.size() >= 440u);
  size_t read_ok = 0, refused = 0;
  for (const auto& path : files) {
    const std::string rel = fs::relative(path, root).generic_string();
    std::string error;
    auto src = FileSource::open(path.string(), &error);
    BOOST_REQUIRE_MESSAGE(src, rel << ": " << error);
    CountingSink sink;
    Problems problems;
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok = read_workbook(*src, sink, problems).ok;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    BOOST_TEST(seconds < 20.0, rel << " took " << seconds << " s");
    for (const auto& p : problems) {
      BOOST_TEST(!p.code.empty(), rel);
      BOOST_TEST(!p.message.empty(), rel);
    }
    auto it = refusals.find(rel);
    if (ok) {
      ++read_ok;
      BOOST_TEST((it == refusals.end()), rel << " is listed as refused (" << it->second << ") but was read");
    } else {
      ++refused;
      BOOST_TEST(has_error(problems), rel << " refused without an error");
      BOOST_TEST((it != refusals.end()), rel << " was refused but is not listed: " << test::codes(problems));
      if (it != refusals.end())
        BOOST_TEST(test::has_code(problems, it->second), rel << ": expected " << it->second << ", got "
                                                              << test::codes(problems));
    }
  }
  BOOST_TEST_MESSAGE("corpus: " << read_ok << " read, " << refused << " refused, of " << files.size());
}

BOOST_AUTO_TEST_SUITE_END()
