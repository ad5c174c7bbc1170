#include <boost/test/unit_test.hpp>

#include <set>

#include "forms/form_definition.h"
#include "forms/text_normalize.h"

using namespace ipsurvey;

BOOST_AUTO_TEST_SUITE(form_definitions_suite)

BOOST_AUTO_TEST_CASE(every_embedded_definition_parses) {
  const auto& defs = form_definitions();
  BOOST_REQUIRE(defs.size() >= 2u);
  BOOST_TEST(form_definition("survey") != nullptr);
  BOOST_TEST(form_definition("ledger") != nullptr);
}

BOOST_AUTO_TEST_CASE(survey_has_the_keys_of_forms_md) {
  const FormDefinition& s = *form_definition("survey");
  const std::vector<std::string> keys = {
      "filled_month", "controller_years", "controller_education", "enterprise_name", "enterprise_nature",
      "years_established", "registered_capital_wan", "address", "premises_ownership", "recognised_high_tech",
      "recognition_note", "management_changed_12m", "credit_code", "enterprise_size", "contact_name",
      "contact_title", "contact_phone", "industry", "assets_wan", "liabilities_wan", "revenue_last_year_wan",
      "revenue_ytd_wan", "sales_last_two_years", "major_assets", "audited", "defendant_cases_12m",
      "penalties_12m", "main_products", "military_civil", "cultural", "patent_applications", "patent_grants",
      "valid_patents", "trademarks", "software_copyrights", "ic_layouts", "loan_amount_wan", "loan_term",
      "banks", "bank_branches", "max_cost", "purposes", "purposes_other", "repayment_plan", "remarks",
      "policy_suggestions"};
  BOOST_TEST(s.record_keys() == keys, boost::test_tools::per_element());
  const std::map<std::string, std::vector<std::string>> options = {
      {"enterprise_nature", {"sino_foreign", "state_owned", "private", "other"}},
      {"enterprise_size", {"large", "medium", "small", "micro"}},
      {"industry", {"steel", "equipment", "petrochemical", "food", "info_intelligence", "biomedicine",
                    "new_energy_materials", "other"}},
      {"loan_term", {"under_3m", "3m_6m", "6m_1y", "1y_2y"}},
      {"max_cost", {"benchmark", "5_6", "6_7", "7_8", "8_9", "9_10", "over_10"}},
      {"purposes", {"expand", "working_capital", "repay_loans", "fixed_assets", "tech_upgrade", "new_project",
                    "new_company", "other"}}};
  for (const auto& [key, codes] : options) {
    const FieldDef* f = s.field(key);
    BOOST_REQUIRE_MESSAGE(f, key);
    std::vector<std::string> got;
    for (const auto& o : f->options) got.push_back(o.code);
    BOOST_TEST(got == codes, key);
  }
  BOOST_TEST(s.field("credit_code")->required);
  BOOST_TEST(s.field("enterprise_name")->required);
  BOOST_TEST(s.field("policy_suggestions")->below);
  BOOST_TEST(s.field("filled_month")->header);
}

BOOST_AUTO_TEST_CASE(ledger_has_its_tables) {
  const FormDefinition& l = *form_definition("ledger");
  BOOST_REQUIRE(l.tables.size() == 2u);
  BOOST_TEST(l.tables[0].key == "activities");
  BOOST_TEST(l.tables[1].key == "policies");
  std::vector<std::string> cols;
  for (const auto& c : l.tables[1].columns) cols.push_back(c.key);
  BOOST_TEST(cols == (std::vector<std::string>{"title", "partners", "doc_number", "issued_on", "summary"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_label_is_claimed_by_two_fields_of_one_form) {
  for (const auto& def : form_definitions()) {
    std::map<std::string, std::string> owner;
    for (const auto& f : def.fields)
      for (const auto& k : f.label_keys) {
        auto [it, fresh] = owner.emplace(k, f.key);
        BOOST_TEST((fresh || it->second == f.key), def.key << ": label " << k << " in " << it->second << " and " << f.key);
      }
  }
}

BOOST_AUTO_TEST_CASE(syntax_errors_are_reported_with_lines) {
  FormDefinition d;
  Problems p;
  BOOST_TEST(!parse_form_definition("form x\nfield a nosuchtype 标签\n  option\nbogus 1\n", "x.form", d, p));
  BOOST_REQUIRE(p.size() >= 2u);
  BOOST_TEST(p[0].code == "definition.syntax");
  BOOST_TEST(p[0].line == 2);
  FormDefinition ok;
  Problems none;
  BOOST_TEST(parse_form_definition("form y  # comment\nfield a text 甲 | 乙\n  required\n", "y.form", ok, none));
  BOOST_TEST(ok.fields.at(0).labels.size() == 2u);
  BOOST_TEST(ok.fields.at(0).required);
}

BOOST_AUTO_TEST_SUITE_END()
