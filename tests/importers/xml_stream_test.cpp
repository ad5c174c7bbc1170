#include <boost/test/unit_test.hpp>

#include <chrono>

#include "importers/xml_stream.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;

namespace {

struct Recorder : XmlHandler {
  std::string log;
  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    log += "<" + std::string(local);
    if (!ns.empty()) log += "{" + std::string(ns) + "}";
    for (size_t i = 0; i < n; ++i) log += " " + std::string(a[i].local) + "=" + std::string(a[i].value);
    log += ">";
  }
  void end_element(std::string_view local, std::string_view) override {
    log += "</" + std::string(local) + ">";
  }
  void text(std::string_view t) override { log += std::string(t); }
};

Problems parse(const std::string& xml, Recorder& r, XmlLimits limits = {}) {
  Problems problems;
  parse_xml(xml, r, limits, "part.xml", problems);
  return problems;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xml_stream)

BOOST_AUTO_TEST_CASE(resolves_prefixes_and_entities) {
  Recorder r;
  auto ps = parse("<?xml version=\"1.0\"?><x:a xmlns:x=\"urn:m\" v=\"1&amp;2\">t&lt;<![CDATA[c]]>&#x4E2D;</x:a>", r);
  BOOST_TEST(ps.empty(), test::codes(ps));
  BOOST_TEST(r.log == "<a{urn:m} v=1&2>t<c中</a>");
}

BOOST_AUTO_TEST_CASE(chunked_feed_gives_the_same_events) {
  const std::string xml = "<r><c r=\"A1\"><v>12</v></c><c><is><t>企业名称</t></is></c></r>";
  Recorder whole;
  BOOST_TEST(parse(xml, whole).empty());
  Recorder pieces;
  XmlStream s(pieces, {}, "p");
  for (char ch : xml) BOOST_REQUIRE(s.feed(&ch, 1));
  BOOST_TEST(s.finish());
  BOOST_TEST(pieces.log == whole.log);
}

BOOST_AUTO_TEST_CASE(refuses_billion_laughs) {
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
  for (int i = 2; i <= 9; ++i)
    xml += "<!ENTITY lol" + std::to_string(i) + " \"" + std::string("&lol") + std::to_string(i - 1) +
           ";&lol" + std::to_string(i - 1) + ";&lol" + std::to_string(i - 1) + ";\">";
  xml += "]><lolz>&lol9;</lolz>";
  Recorder r;
  const auto t0 = std::chrono::steady_clock::now();
  auto ps = parse(xml, r);
  BOOST_TEST(test::has_code(ps, "xml.doctype"), test::codes(ps));
  BOOST_TEST(r.log.size() < 100u);
  BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2.0);
}

BOOST_AUTO_TEST_CASE(refuses_external_entities) {
  Recorder r;
  auto ps = parse("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", r);
  BOOST_TEST(test::has_code(ps, "xml.doctype"));
  BOOST_TEST(r.log.find("root") == std::string::npos);

  Recorder r2;
  ps = parse("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]><a/>", r2);
  BOOST_TEST(test::has_code(ps, "xml.doctype"));

  Recorder r3;
  ps = parse("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>", r3);
  BOOST_TEST(test::has_code(ps, "xml.doctype"));
}

BOOST_AUTO_TEST_CASE(refuses_undeclared_entity) {
  Recorder r;
  auto ps = parse("<a>&nope;</a>", r);
  BOOST_TEST(has_error(ps));
}

BOOST_AUTO_TEST_CASE(refuses_deep_nesting) {
  std::string xml;
  for (int i = 0; i < 300; ++i) xml += "<a>";
  for (int i = 0; i < 300; ++i) xml += "</a>";
  Recorder r;
  auto ps = parse(xml, r);
  BOOST_TEST(test::has_code(ps, "xml.too_deep"), test::codes(ps));
  Recorder ok;
  XmlLimits limits;
  limits.max_depth = 400;
  BOOST_TEST(!has_error(parse(xml, ok, limits)));
}

BOOST_AUTO_TEST_CASE(refuses_huge_text_node) {
  std::string xml = "<a>" + std::string(10'000'001, 'x') + "</a>";
  Recorder r;
  auto ps = parse(xml, r);
  BOOST_TEST(test::has_code(ps, "xml.text_too_long"), test::codes(ps));
  std::string attr = "<a v=\"" + std::string(10'000'001, 'x') + "\"/>";
  Recorder r2;
  BOOST_TEST(has_error(parse(attr, r2)));
}

BOOST_AUTO_TEST_CASE(refuses_invalid_utf8) {
  Recorder r;
  auto ps = parse(std::string("<a>ok\xC3\x28</a>"), r);
  BOOST_TEST(test::has_code(ps, "xml.encoding"), test::codes(ps));
}

BOOST_AUTO_TEST_CASE(refuses_truncated_and_empty) {
  Recorder r;
  BOOST_TEST(test::has_code(parse("<a><b>", r), "xml.malformed"));
  Recorder r2;
  BOOST_TEST(test::has_code(parse("", r2), "xml.malformed"));
}

BOOST_AUTO_TEST_CASE(handler_can_stop) {
  struct Stopper : XmlHandler {
    XmlStream* s = nullptr;
    int seen = 0;
    void start_element(std::string_view, std::string_view, const XmlAttribute*, size_t) override {
      if (++seen == 2) s->stop(make_problem(Severity::Error, "test.stop", "stop"));
    }
    void end_element(std::string_view, std::string_view) override {}
  } h;
  XmlStream s(h, {}, "p");
  h.s = &s;
  const std::string xml = "<a><b/><c/><d/></a>";
  BOOST_TEST(!s.feed(xml.data(), xml.size()));
  BOOST_TEST(h.seen == 2);
  BOOST_TEST(test::has_code(s.problems(), "test.stop"));
}

BOOST_AUTO_TEST_CASE(recover_mode_tolerates_vml_markup_but_not_doctype) {
  XmlLimits limits;
  limits.recover = true;
  Recorder r;
  parse("<xml><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><div>a<br>b</div></v:shape></xml>", r,
        limits);
  BOOST_TEST(r.log.find("shape") != std::string::npos);
  Recorder r2;
  BOOST_TEST(test::has_code(parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", r2, limits), "xml.doctype"));
}

BOOST_AUTO_TEST_SUITE_END()
