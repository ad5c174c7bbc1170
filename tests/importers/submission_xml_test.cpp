#include <boost/test/unit_test.hpp>

#include "forms/form_definition.h"
#include "forms/xml_schema.h"
#include "importers/submission_reader.h"
#include "importers/submission_xml.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;

namespace {

FileResult parse(const std::string& xml, const std::string& city = "") {
  MemorySource src(xml);
  FormOptions options;
  options.city = city;
  auto results = read_submission(src, "s.xml", options);
  BOOST_REQUIRE(results.size() == 1u);
  return results[0];
}

std::string text_of(const Record& r, const std::string& key) {
  const FieldValue* v = r.get(key);
  return v ? v->text : "<absent>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(submission_xml)

BOOST_AUTO_TEST_CASE(the_schemas_are_valid_xsd) {
  for (const auto& def : form_definitions()) {
    // A minimal document of each form validates against its schema.
    Problems problems;
    const std::string doc = "<" + plural_root(def) + "><" + single_root(def) + "/></" + plural_root(def) + ">";
    BOOST_TEST(validate_submission_xml(doc, def.key, "x.xml", problems), def.key << ": " << test::codes(problems));
    const std::string xsd = form_xsd(def);
    BOOST_TEST(xsd.find("<xs:schema") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(survey_codes_or_labels_items_and_extra_keys) {
  auto r = parse(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<surveys>\n<survey>\n"
      "<enterprise_name> 石家庄某某科技有限公司 </enterprise_name>\n"
      "<credit_code>91130100MA0D5X1G38</credit_code>\n<enterprise_nature>private</enterprise_nature>\n"
      "<enterprise_size>小型</enterprise_size>\n<loan_amount_wan>0.05亿元</loan_amount_wan>\n"
      "<purposes><item>其他</item><item>扩大经营规模</item></purposes>\n"
      "<purposes_other>购置检测设备</purposes_other>\n<banks>中行、河北银行</banks>\n<audited>是</audited>\n"
      "</survey>\n</surveys>\n");
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  BOOST_REQUIRE(r.records.size() == 1u);
  const Record& rec = r.records[0];
  BOOST_TEST(text_of(rec, "enterprise_name") == "石家庄某某科技有限公司");
  BOOST_TEST(text_of(rec, "enterprise_nature") == "private");
  BOOST_TEST(text_of(rec, "enterprise_size") == "small");
  BOOST_TEST(rec.get("loan_amount_wan")->number == 500);
  BOOST_TEST((rec.get("purposes")->list == std::vector<std::string>{"expand", "other"}));
  BOOST_TEST(text_of(rec, "purposes_other") == "购置检测设备");
  BOOST_TEST((rec.get("banks")->list == std::vector<std::string>{"中国银行", "河北银行"}));
  BOOST_TEST(rec.get("audited")->boolean);
  BOOST_TEST(rec.city == "石家庄市");
  BOOST_REQUIRE(rec.source("loan_amount_wan"));
  BOOST_TEST(rec.source("loan_amount_wan")->line == 8);
}

BOOST_AUTO_TEST_CASE(problems_carry_lines) {
  auto r = parse("<survey>\n<enterprise_name>甲</enterprise_name>\n<credit_code>91130100MA0D5X1G3K</credit_code>\n"
                 "<loan_amount_wan>五百万</loan_amount_wan>\n</survey>");
  BOOST_REQUIRE(r.ok);
  BOOST_TEST(r.records.at(0).needs_correction);
  bool check_digit = false, amount = false;
  for (const auto& p : r.problems) {
    if (p.code == "credit_code.check_digit") check_digit = p.line == 3 && p.field == "credit_code";
    if (p.code == "amount.not_a_number") amount = p.line == 4;
  }
  BOOST_TEST(check_digit);
  BOOST_TEST(amount);
}

BOOST_AUTO_TEST_CASE(schema_violations_refuse_the_file_with_lines) {
  auto r = parse("<surveys>\n<survey>\n<enterprise_size>巨型</enterprise_size>\n<no_such_field>x</no_such_field>\n"
                 "</survey>\n</surveys>");
  BOOST_TEST(!r.ok);
  BOOST_TEST(test::has_code(r.problems, "xml.schema"));
  BOOST_TEST(r.problems.at(0).line == 3);
}

BOOST_AUTO_TEST_CASE(the_documents_own_schema_and_doctype_are_never_used) {
  // schemaLocation pointing elsewhere is ignored: our XSD still applies.
  auto r = parse("<survey xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:noNamespaceSchemaLocation=\"http://127.0.0.1:9/evil.xsd\"><enterprise_size>巨型</enterprise_size></survey>");
  BOOST_TEST(test::has_code(r.problems, "xml.schema"));
  auto d = parse("<?xml version=\"1.0\"?><!DOCTYPE survey [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                 "<survey><enterprise_name>&x;</enterprise_name></survey>");
  BOOST_TEST(!d.ok);
  BOOST_TEST(test::has_code(d.problems, "xml.doctype"));
}

BOOST_AUTO_TEST_CASE(ledger_rows) {
  auto r = parse(
      "<ledger><unit>保定市市场监督管理局</unit><quarter>第四季度</quarter><filed_on>2023-01-09</filed_on>"
      "<activities><row><content>政银企对接会</content><departments><item>市市场监管局</item><item>人民银行保定中心支行</item></departments>"
      "<outcome>签约3笔</outcome></row></activities>"
      "<policies><row><title>质押融资风险补偿办法</title><doc_number>保市监〔2022〕12号</doc_number></row></policies></ledger>");
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  const Record& rec = r.records.at(0);
  BOOST_TEST(rec.form == "ledger");
  BOOST_TEST(rec.city == "保定市");
  BOOST_TEST(rec.get("quarter")->number == 4);
  const FieldValue* acts = rec.get("activities");
  BOOST_REQUIRE(acts && acts->items.size() == 1u);
  BOOST_TEST(acts->items[0].keys.at(1) == "departments");
  BOOST_TEST(acts->items[0].items.at(1).list.size() == 2u);
  const FieldValue* pol = rec.get("policies");
  BOOST_REQUIRE(pol && pol->items.size() == 1u);
  bool serial = false;
  for (size_t i = 0; i < pol->items[0].keys.size(); ++i)
    if (pol->items[0].keys[i] == "doc_serial") serial = pol->items[0].items[i].number == 12;
  BOOST_TEST(serial);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(batches)

BOOST_AUTO_TEST_CASE(a_zip_of_5000_files_is_read_whole) {
  std::vector<test::ZipPart> parts;
  for (int i = 0; i < 5000; ++i)
    parts.push_back({"city/form_" + std::to_string(i) + ".xml",
                     "<survey><enterprise_name>企业" + std::to_string(i) +
                         "</enterprise_name><credit_code>91130100MA0D5X1G38</credit_code></survey>"});
  parts.push_back({"__MACOSX/city/._form_0.xml", "junk"});
  parts.push_back({"city/~$lock.xlsx", "junk"});
  const std::string zip = test::make_zip(parts);
  MemorySource src(zip);
  size_t streamed = 0;
  auto results = read_submission(src, "batch.zip", {}, {}, [&](const std::string&, Record&) { ++streamed; });
  BOOST_TEST(results.size() == 5000u);
  BOOST_TEST(streamed == 5000u);
  size_t ok = 0;
  for (const auto& r : results) ok += r.ok && r.record_count == 1;
  BOOST_TEST(ok == 5000u);
  BOOST_TEST(results[1234].file == "batch.zip/city/form_1234.xml");
}

BOOST_AUTO_TEST_CASE(a_zip_inside_a_batch_is_refused_and_the_rest_read) {
  const std::string inner = test::make_zip({{"a.xml", "<survey/>"}});
  const std::string zip = test::make_zip(
      {{"inner.zip", inner, 0},
       {"ok.xml", "<survey><enterprise_name>甲</enterprise_name><credit_code>91130100MA0D5X1G38</credit_code></survey>"}});
  MemorySource src(zip);
  auto results = read_submission(src, "b.zip", {});
  BOOST_REQUIRE(results.size() == 2u);
  BOOST_TEST(!results[0].ok);
  BOOST_TEST(test::has_code(results[0].problems, "zip.nested"));
  BOOST_TEST(results[1].ok);
}

BOOST_AUTO_TEST_CASE(a_workbook_without_a_form_is_refused_by_name) {
  const std::string xlsx = test::make_xlsx({"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填表说明</t></is></c></row>"
                                            "</sheetData></worksheet>"});
  MemorySource src(xlsx);
  auto results = read_submission(src, "x.xlsx", {});
  BOOST_REQUIRE(results.size() == 1u);
  BOOST_TEST(!results[0].ok);
  BOOST_TEST(test::has_code(results[0].problems, "form.not_found"));
}

BOOST_AUTO_TEST_SUITE_END()
