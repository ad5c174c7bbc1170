// A streaming, hardened XML parser: bytes are pushed in as they arrive (e.g. as
// a zip entry inflates) and reported to an XmlHandler element by element; the
// document is never held whole.
//
// Hostile input is refused, never expanded: any DOCTYPE (so no entity
// declarations, no billion laughs, no XXE), external entities (no network, a
// loader that refuses everything), nesting deeper than max_depth, one text node
// or attribute longer than max_text bytes, malformed XML and invalid UTF-8.
// After the first failure the stream ignores further input; failed() is true and
// problems holds one error with code xml.doctype, xml.too_deep, xml.text_too_long,
// xml.malformed or a code given to stop().
//
// Names and text are UTF-8. Namespaces are resolved: handlers see local names
// and namespace URIs, so `<x:row>` and `<row>` look the same.
//
// Not thread-safe; one stream per document. Many streams may run in parallel.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "forms/problem.h"

namespace ipsurvey::importers {

struct XmlAttribute {
  std::string_view local;
  std::string_view ns;  // namespace URI, empty when unprefixed
  std::string_view value;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start_element(std::string_view local, std::string_view ns,
                             const XmlAttribute* attributes, size_t count) = 0;
  virtual void end_element(std::string_view local, std::string_view ns) = 0;
  // Character data (entities and CDATA already decoded); one text node may
  // arrive in several calls.
  virtual void text(std::string_view chunk) {}
};

struct XmlLimits {
  size_t max_text = 10'000'000;  // bytes in one text node or attribute
  int max_depth = 256;
  // Tolerate malformed markup (for VML drawings only, which Excel writes as
  // HTML-like XML). DOCTYPEs and external entities stay refused.
  bool recover = false;
};

class XmlStream {
 public:
  // `document` names the part or file in problems (Problem::sheet).
  XmlStream(XmlHandler& handler, const XmlLimits& limits, std::string document);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Pushes the next bytes. False once the stream has failed or was stopped.
  bool feed(const char* data, size_t n);
  // Ends the document; false when it was incomplete or failed.
  bool finish();
  // Called by the handler to abort: records the problem (unless code is empty)
  // and ignores the rest of the input.
  void stop(Problem problem);
  bool failed() const { return failed_; }
  bool stopped() const { return stopped_; }
  // The line being parsed (1-based), for locating problems.
  int line() const;
  Problems& problems() { return problems_; }

  struct Impl;  // libxml2 state, private to xml_stream.cpp

 private:
  std::unique_ptr<Impl> impl_;
  Problems problems_;
  bool failed_ = false;
  bool stopped_ = false;
  friend struct Impl;
};

// Parses a whole in-memory document in one go (for small parts).
bool parse_xml(std::string_view bytes, XmlHandler& handler, const XmlLimits& limits,
               const std::string& document, Problems& problems);

}  // namespace ipsurvey::importers
