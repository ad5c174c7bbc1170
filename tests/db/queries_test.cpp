#include <boost/test/unit_test.hpp>

#include "db/audit_log.h"
#include "db/import_session.h"
#include "db/ledger_query.h"
#include "db/province_summary.h"
#include "db/record_columns.h"
#include "db/review_store.h"
#include "db/survey_query.h"
#include "db_fixture.h"

using namespace ipsurvey;
using namespace ipsurvey::db;
using ipsurvey::db::testing::ledger;
using ipsurvey::db::testing::survey;
using ipsurvey::db::testing::TempDatabase;

namespace {

void store(Database& db, const std::string& bytes, const std::vector<Record>& records, const std::string& received = "") {
  UploadInfo i;
  i.name = "u.xlsx";
  i.account = "test";
  i.round = "2022";
  i.received_at = received;
  ImportSession s(db, i, bytes);
  for (const auto& r : records) s.add_record("u.xlsx", r);
  s.finish_file("u.xlsx", true, {});
  s.commit();
}

Record with(Record r, const std::string& key, FieldValue v) {
  r.set(key, std::move(v));
  return r;
}

std::vector<std::string> names(Database& db, const SurveyFilter& f) {
  std::vector<std::string> out;
  for_each_survey_entry(db, f, [&](const SurveyEntry& e) { out.push_back(e.enterprise_name); });
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(queries)

BOOST_AUTO_TEST_CASE(roster_order_puts_high_tech_then_patents_then_other_ip_then_fewer_risks) {
  TempDatabase t;
  Record plain = survey("91130100MA0D5X1G38", "普通", 100, "石家庄市", 3);
  Record patents = with(survey("91130100MA0CR1WJ7X", "专利多", 100, "石家庄市", 4), "valid_patents", FieldValue::of_number(20));
  Record high = with(survey("91130109MA07Q3K276", "高新", 100, "石家庄市", 5), "recognised_high_tech", FieldValue::of_bool(true));
  Record risky = with(with(survey("91130102MA0D0U6H8W", "专利多有风险", 100, "石家庄市", 6), "valid_patents",
                           FieldValue::of_number(20)), "defendant_cases_12m", FieldValue::of_number(2));
  Record trademarks = with(survey("91130110MA0CP8LN8A", "商标多", 100, "石家庄市", 7), "trademarks", FieldValue::of_number(9));
  Record no_need = survey("91130104MA0F6WB359", "无需求", 0, "石家庄市", 8);
  store(*t.db, "x", {plain, patents, high, risky, trademarks, no_need});
  SurveyFilter f;
  f.round = "2022";
  f.city = "石家庄市";
  const std::vector<std::string> expected = {"高新", "专利多", "专利多有风险", "商标多", "普通"};
  BOOST_TEST(names(*t.db, f) == expected, boost::test_tools::per_element());
  BOOST_TEST(count_survey_entries(*t.db, f) == 5);
  f.limit = 2;
  f.offset = 1;
  const std::vector<std::string> page = {"专利多", "专利多有风险"};
  BOOST_TEST(names(*t.db, f) == page, boost::test_tools::per_element());
  // Risk flags are shown.
  SurveyFilter all;
  all.round = "2022";
  int flags = 0;
  for_each_survey_entry(*t.db, all, [&](const SurveyEntry& e) {
    if (e.enterprise_name == "专利多有风险") flags = e.risk_flags;
  });
  BOOST_TEST(flags == kRiskDefendant);
}

BOOST_AUTO_TEST_CASE(filters_by_city_bank_purpose_amount_and_review) {
  TempDatabase t;
  Record a = with(survey("91130100MA0D5X1G38", "甲", 100, "石家庄市", 3), "banks",
                  FieldValue::of_list({"中国银行", "河北银行"}));
  a.set("purposes", FieldValue::of_list({"expand", "other"}));
  Record b = with(survey("91130600MA0CR1WJ7P", "乙", 900, "保定市", 4), "banks", FieldValue::of_list({"中国工商银行"}));
  store(*t.db, "x", {a, b});
  SurveyFilter f;
  f.round = "2022";
  f.bank = "中国银行";
  BOOST_TEST(names(*t.db, f) == std::vector<std::string>{"甲"}, boost::test_tools::per_element());
  f = {};
  f.round = "2022";
  f.city = "保定市";
  BOOST_TEST(names(*t.db, f) == std::vector<std::string>{"乙"}, boost::test_tools::per_element());
  f = {};
  f.round = "2022";
  f.purpose = "other";
  BOOST_TEST(names(*t.db, f) == std::vector<std::string>{"甲"}, boost::test_tools::per_element());
  f = {};
  f.round = "2022";
  f.min_amount_wan = 500;
  BOOST_TEST(names(*t.db, f) == std::vector<std::string>{"乙"}, boost::test_tools::per_element());
  f = {};
  f.round = "2022";
  f.review = {"approved"};
  BOOST_TEST(names(*t.db, f).empty());
  set_review(*t.db, *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38"), "approved", "", "province");
  BOOST_TEST(names(*t.db, f) == std::vector<std::string>{"甲"}, boost::test_tools::per_element());
  BOOST_TEST(latest_round(*t.db) == "2022");
}

BOOST_AUTO_TEST_CASE(review_needs_a_note_to_return_and_keeps_its_history_and_audit) {
  TempDatabase t;
  store(*t.db, "x", {survey("91130100MA0D5X1G38", "甲", 100)});
  const int64_t id = *latest_record_id(*t.db, "2022", "91130100MA0D5X1G38");
  BOOST_TEST((set_review(*t.db, id, "returned", "", "p") == ReviewResult::NoteRequired));
  BOOST_TEST((set_review(*t.db, id, "done", "", "p") == ReviewResult::BadState));
  BOOST_TEST((set_review(*t.db, id + 100, "approved", "", "p") == ReviewResult::UnknownRecord));
  BOOST_TEST((set_review(*t.db, id, "returned", "信用代码有误", "p") == ReviewResult::Done));
  BOOST_TEST((set_review(*t.db, id, "approved", "", "q") == ReviewResult::Done));
  auto h = review_history(*t.db, id, false);
  BOOST_TEST_REQUIRE(h.size() == 2u);
  BOOST_TEST(h[0].state == "returned");
  BOOST_TEST(h[0].note == "信用代码有误");
  BOOST_TEST(h[1].account == "q");
  log_export(*t.db, "p", "中国银行", "石家庄市", 1, "{}");
  auto audit = audit_entries(*t.db, "", 10);
  BOOST_TEST_REQUIRE(audit.size() == 4u);  // import, 2 reviews, export; newest first
  BOOST_TEST(audit[0].action == "export");
  BOOST_TEST(audit[0].bank == "中国银行");
  BOOST_TEST(audit[3].action == "import");
  BOOST_TEST(records_in_state(*t.db, "2022", "", "approved").size() == 1u);
}

BOOST_AUTO_TEST_CASE(province_summary_counts_medians_and_breakdowns) {
  TempDatabase t;
  Record a = with(survey("91130100MA0D5X1G38", "甲", 100, "石家庄市", 3), "industry", FieldValue::of_text("steel"));
  Record b = with(survey("91130100MA0CR1WJ7X", "乙", 300, "石家庄市", 4), "industry", FieldValue::of_text("steel"));
  Record c = survey("91130109MA07Q3K276", "丙", 1000, "石家庄市", 5);
  Record d = survey("91130102MA0D0U6H8W", "丁", 0, "石家庄市", 6);
  Record e = survey("91130600MA0D0U6H8R", "戊", 50, "保定市", 7);
  store(*t.db, "x", {a, b, c, d, e});
  auto s = province_summary(*t.db, "2022", {"唐山市", "石家庄市"});
  BOOST_TEST_REQUIRE(s.size() == 3u);
  BOOST_TEST(s[0].city == "唐山市");
  BOOST_TEST(s[0].surveyed == 0);
  BOOST_TEST(s[1].city == "石家庄市");
  BOOST_TEST(s[1].surveyed == 4);
  BOOST_TEST(s[1].with_need == 3);
  BOOST_TEST(s[1].total_amount_wan == 1400);
  BOOST_TEST(s[1].median_amount_wan == 300);
  BOOST_TEST(s[1].by_industry.at("steel") == 2);
  BOOST_TEST(s[1].by_industry.at("") == 1);
  BOOST_TEST(s[1].pending == 4);
  BOOST_TEST(s[2].city == "保定市");
  BOOST_TEST(s[2].median_amount_wan == 50);
  store(*t.db, "y", {survey("91130104MA0F6WB359", "己", 200, "保定市", 3)});
  BOOST_TEST(province_summary(*t.db, "2022", {})[0].median_amount_wan == 125);  // even count: the mean of the middle two
}

BOOST_AUTO_TEST_CASE(ledger_deadlines_and_the_matrix) {
  BOOST_TEST(ledger_deadline(2022, 1) == "2022-04-10");
  BOOST_TEST(ledger_deadline(2022, 3) == "2022-10-10");
  BOOST_TEST(ledger_deadline(2022, 4) == "2023-01-10");
  TempDatabase t;
  store(*t.db, "q1", {ledger("石家庄市", 2022, 1, "2022-04-10")});   // on the day: on time
  store(*t.db, "q2", {ledger("石家庄市", 2022, 2, "2022-07-11")});   // a day late
  store(*t.db, "q2b", {ledger("石家庄市", 2022, 2, "2022-07-01")});  // filed again: the earliest counts
  store(*t.db, "q3", {ledger("保定市", 2022, 3, "")}, "2022-10-09T17:00:00Z");  // received 10-10 in China: on time
  auto m = ledger_matrix(*t.db, 2022, std::nullopt, {"石家庄市", "唐山市"}, "2022-11-01");
  BOOST_TEST_REQUIRE(m.size() == 12u);  // 石家庄, 唐山, then 保定 (filed) × 4
  BOOST_TEST((m[0].status == FilingStatus::OnTime));
  BOOST_TEST((m[1].status == FilingStatus::OnTime));
  BOOST_TEST(m[1].filings == 2);
  BOOST_TEST((m[2].status == FilingStatus::Missing));
  BOOST_TEST((m[3].status == FilingStatus::NotDue));  // Q4 due 2023-01-10
  BOOST_TEST(m[4].city == "唐山市");
  BOOST_TEST((m[4].status == FilingStatus::Missing));
  BOOST_TEST(m[8].city == "保定市");
  BOOST_TEST((m[10].status == FilingStatus::OnTime));
  BOOST_TEST(m[10].filed_date == "2022-10-10");
  // Late: filed after the deadline.
  store(*t.db, "late", {ledger("唐山市", 2022, 1, "2022-05-01")});
  auto q1 = ledger_matrix(*t.db, 2022, 1, {"唐山市"}, "2022-11-01");
  BOOST_TEST((q1[0].status == FilingStatus::Late));
  BOOST_TEST(ledger_filings(*t.db, 2022, 2, true).size() == 1u);  // latest only
  BOOST_TEST(ledger_filings(*t.db, 2022, 2, false).size() == 2u);
  BOOST_TEST(*latest_ledger_year(*t.db) == 2022);
}

BOOST_AUTO_TEST_SUITE_END()
