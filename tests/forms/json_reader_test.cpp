#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "forms/json_reader.h"
#include "forms/json_writer.h"
#include "forms/record_json.h"

using ipsurvey::FieldValue;
using ipsurvey::JsonFields;
using ipsurvey::JsonWriter;
using ipsurvey::Record;

namespace {

bool same(const FieldValue& a, const FieldValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case FieldValue::Kind::Text: return a.text == b.text;
    case FieldValue::Kind::Number: return a.number == b.number;
    case FieldValue::Kind::Bool: return a.boolean == b.boolean;
    case FieldValue::Kind::List: return a.list == b.list;
    case FieldValue::Kind::Object:
      if (a.keys != b.keys || a.items.size() != b.items.size()) return false;
      [[fallthrough]];
    case FieldValue::Kind::Array:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i)
        if (!same(a.items[i], b.items[i])) return false;
      return true;
  }
  return false;
}

FieldValue object(std::vector<std::string> keys, std::vector<FieldValue> items) {
  FieldValue v;
  v.kind = FieldValue::Kind::Object;
  v.keys = std::move(keys);
  v.items = std::move(items);
  return v;
}

FieldValue array(std::vector<FieldValue> items) {
  FieldValue v;
  v.kind = FieldValue::Kind::Array;
  v.items = std::move(items);
  return v;
}

// A record with every kind of value, as the normaliser would give it.
Record sample_record() {
  Record r;
  r.form = "ledger";
  r.sheet = "台账";
  r.row = 7;
  r.city = "石家庄市";
  r.needs_correction = true;
  r.append("enterprise_name", FieldValue::of_text("石家庄某某科技有限公司 \"引号\" \\ / \n\t\r\b\f \x01\x1f"));
  r.append("emoji", FieldValue::of_text("😀𠀀 ＡＢ"));
  r.append("empty_text", FieldValue::of_text(""));
  r.append("loan_amount_wan", FieldValue::of_number(500));
  r.append("ratio", FieldValue::of_number(1.0 / 3));
  r.append("negative", FieldValue::of_number(-3.5));
  r.append("big", FieldValue::of_number(1e20));
  r.append("tiny", FieldValue::of_number(5e-324));
  r.append("audited", FieldValue::of_bool(true));
  r.append("management_changed_12m", FieldValue::of_bool(false));
  r.append("purposes", FieldValue::of_list({"expand", "other"}));
  r.append("banks", FieldValue::of_list({}));
  r.append("activities",
           array({object({"name", "count", "online", "tags"},
                         {FieldValue::of_text("银企对接会"), FieldValue::of_number(3), FieldValue::of_bool(true),
                          FieldValue::of_list({"a", "b"})}),
                  object({}, {})}));
  r.append("policies", array({object({"doc_number", "doc_year"},
                                     {FieldValue::of_text("冀知发〔2022〕3号"), FieldValue::of_number(2022)})}));
  r.append("mixed", array({FieldValue::of_number(1), FieldValue::of_text("x"), FieldValue::of_bool(false)}));
  r.set_source("enterprise_name", {"B3", 0});
  r.set_source("loan_amount_wan", {"", 42});
  return r;
}

std::string fields_json(const Record& r) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  for (size_t i = 0; i < r.keys.size(); ++i) {
    w.key(r.keys[i]);
    ipsurvey::write_field_value_json(w, r.values[i]);
  }
  w.end_object();
  return out;
}

bool fails(std::string_view json, std::string* error = nullptr, int depth = ipsurvey::kJsonReaderMaxDepth) {
  JsonFields fields;
  std::string e;
  const bool ok = ipsurvey::read_fields_json(json, &fields, &e, depth);
  if (error) *error = e;
  return !ok && !e.empty();
}

}  // namespace

BOOST_AUTO_TEST_CASE(json_reader_round_trips_every_kind) {
  const Record r = sample_record();
  const std::string json = fields_json(r);
  JsonFields fields;
  std::string error;
  BOOST_TEST_REQUIRE(ipsurvey::read_fields_json(json, &fields, &error), error);
  BOOST_TEST_REQUIRE(fields.size() == r.keys.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    BOOST_TEST(fields[i].first == r.keys[i]);  // order kept
    BOOST_TEST(same(fields[i].second, r.values[i]), "field " << r.keys[i]);
  }
  // Into a Record, and written again: the same bytes.
  Record back;
  back.keys = {"stale"};
  back.values = {FieldValue::of_text("x")};
  BOOST_TEST_REQUIRE(ipsurvey::read_record_fields_json(json, &back, &error), error);
  BOOST_TEST(fields_json(back) == json);
}

BOOST_AUTO_TEST_CASE(json_reader_reads_whole_records) {
  const Record r = sample_record();
  for (const bool with_sources : {false, true}) {
    std::string json;
    JsonWriter w(json);
    ipsurvey::write_record_json(w, r, with_sources);
    Record back;
    std::string error;
    BOOST_TEST_REQUIRE(ipsurvey::read_record_json(json, &back, &error), error);
    BOOST_TEST(back.form == r.form);
    BOOST_TEST(back.sheet == r.sheet);
    BOOST_TEST(back.row == r.row);
    BOOST_TEST(back.city == r.city);
    BOOST_TEST(back.needs_correction == r.needs_correction);
    BOOST_TEST(back.keys == r.keys);
    BOOST_TEST_REQUIRE(back.values.size() == r.values.size());
    for (size_t i = 0; i < r.values.size(); ++i) BOOST_TEST(same(back.values[i], r.values[i]));
    BOOST_TEST(back.sources.size() == (with_sources ? r.sources.size() : 0u));
    if (with_sources) {
      BOOST_TEST(back.source("enterprise_name")->cell == "B3");
      BOOST_TEST(back.source("loan_amount_wan")->line == 42);
    }
    std::string again;
    JsonWriter w2(again);
    ipsurvey::write_record_json(w2, back, with_sources);
    BOOST_TEST(again == json);
  }
  std::string error;
  Record back;
  BOOST_TEST(!ipsurvey::read_record_json(R"({"fields":{}})", &back, &error));
  BOOST_TEST(error.find("form") != std::string::npos);
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":"survey"})", &back, &error));
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":1,"fields":{}})", &back, &error));
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":"survey","fields":[]})", &back, &error));
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":"survey","source":{"row":-1},"fields":{}})", &back, &error));
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":"survey","source":{"row":1.5},"fields":{}})", &back, &error));
  BOOST_TEST(!ipsurvey::read_record_json(R"({"form":"survey","fields":{},"cells":{"a":true}})", &back, &error));
  BOOST_TEST(ipsurvey::read_record_json(R"({"form":"survey","extra":[1],"fields":{"a":1}})", &back, &error));
  BOOST_TEST(back.keys == std::vector<std::string>{"a"});
}

BOOST_AUTO_TEST_CASE(json_reader_decodes_escapes) {
  FieldValue v;
  std::string error;
  BOOST_TEST_REQUIRE(ipsurvey::read_field_value_json(R"("\u4e2d\u6587\/\"\\\b\f\n\r\t")", &v, &error), error);
  BOOST_TEST(v.text == "中文/\"\\\b\f\n\r\t");
  BOOST_TEST_REQUIRE(ipsurvey::read_field_value_json(R"("\ud83d\ude00 \uD840\uDC00 \u00e9\u0041")", &v, &error));
  BOOST_TEST(v.text == "\xF0\x9F\x98\x80 \xF0\xA0\x80\x80 \xC3\xA9" "A");
  BOOST_TEST_REQUIRE(ipsurvey::read_field_value_json(R"("a\u0000b")", &v, &error));
  BOOST_TEST(v.text == std::string("a\0b", 3));
  BOOST_TEST_REQUIRE(ipsurvey::read_field_value_json(R"(["\u5e02", "x"])", &v, &error));
  BOOST_TEST((v.kind == FieldValue::Kind::List && v.list == std::vector<std::string>{"市", "x"}));

  for (const char* bad : {R"("\ud83d")", R"("\ud83d x")", R"("\ud83d\u0041")", R"("\ude00")", R"("\ud83d\ud83d")",
                          R"("\u12")", R"("\u12g4")", R"("\x41")", R"("\U0041")", R"("\)"}) {
    BOOST_TEST(!ipsurvey::read_field_value_json(bad, &v, &error), bad);
    BOOST_TEST(!error.empty());
  }
}

BOOST_AUTO_TEST_CASE(json_reader_maps_values) {
  JsonFields f;
  std::string error;
  BOOST_TEST_REQUIRE(ipsurvey::read_fields_json(
      " \n{ \"z\" : [ ] , \"a\":null, \"n\": -0.5e2, \"o\": [{\"k\": [1, \"x\"]}], \"t\": true }\r\n", &f, &error),
      error);
  BOOST_TEST_REQUIRE(f.size() == 4u);  // "a": null is left out
  BOOST_TEST(f[0].first == "z");
  BOOST_TEST((f[0].second.kind == FieldValue::Kind::List && f[0].second.list.empty()));
  BOOST_TEST(f[1].first == "n");
  BOOST_TEST(f[1].second.number == -50.0);
  BOOST_TEST((f[2].second.kind == FieldValue::Kind::Array && f[2].second.items.size() == 1u));
  const FieldValue& o = f[2].second.items[0];
  BOOST_TEST((o.kind == FieldValue::Kind::Object && o.keys == std::vector<std::string>{"k"}));
  BOOST_TEST((o.items[0].kind == FieldValue::Kind::Array && o.items[0].items.size() == 2u));
  BOOST_TEST((f[3].second.kind == FieldValue::Kind::Bool && f[3].second.boolean));
  BOOST_TEST_REQUIRE(ipsurvey::read_fields_json("{}", &f, &error));
  BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_CASE(json_reader_refuses_malformed_input) {
  const std::vector<std::string> bad = {
      "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}",
      "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":[1 2]}", "{\"a\":[1", "{\"a\":\"x", "{\"a\":\"x\\",
      "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}",
      "{\"a\":0x10}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1e999}", "{\"a\":-1e400}", "{\"a\":tru}",
      "{\"a\":nul}", "{\"a\":True}", "{'a':1}", "{a:1}", "{\"a\":'x'}", "{\"a\":\"x\ny\"}",
      std::string("{\"a\":\"x\0y\"}", 11), "{\"a\":\"\xff\"}", "{\"a\":\"\xe4\xb8\"}", "{\"a\":\"\xc0\xaf\"}",
      "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":1} x", "{\"a\":1}{}", "\xEF\xBB\xBF{}", "{\"a\":1,\"a\":2}",
      "{\"a\":null,\"a\":2}", "{\"a\":[null]}", "{\"a\":[1,null]}", "null", "[]", "[\"a\"]", "1", "\"x\"",
      "{\"a\":1}/*c*/", "{\"\xff\":1}", "{\"a\":{\"b\":1,\"b\":1}}"};
  for (const std::string& json : bad) {
    std::string error;
    BOOST_TEST(fails(json, &error), "accepted: " << json);
    BOOST_TEST(error.find("JSON") != std::string::npos, error);
  }
  // Every prefix of a valid document is refused without harm.
  const std::string json = fields_json(sample_record());
  for (size_t n = 0; n < json.size(); ++n) BOOST_TEST(fails(json.substr(0, n)), "prefix " << n);
  // And every single-byte corruption is handled (read or refused, never a crash).
  for (size_t i = 0; i < json.size(); i += 3) {
    for (const char c : {'"', '\\', '{', ']', ',', ':', '\x80', '\0', 'u'}) {
      std::string broken = json;
      broken[i] = c;
      JsonFields f;
      std::string e;
      if (!ipsurvey::read_fields_json(broken, &f, &e)) BOOST_TEST(!e.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(json_reader_bounds_depth) {
  const auto nested = [](int depth) {  // `depth` containers: an object, then arrays
    std::string s = "{\"a\":";
    for (int i = 1; i < depth; ++i) s += '[';
    s += '1';
    for (int i = 1; i < depth; ++i) s += ']';
    return s + "}";
  };
  BOOST_TEST(!fails(nested(16)));
  std::string error;
  BOOST_TEST(fails(nested(17), &error));
  BOOST_TEST(error.find("16") != std::string::npos, error);
  BOOST_TEST(!fails(nested(3), nullptr, 3));
  BOOST_TEST(fails(nested(4), nullptr, 3));
  // Far deeper than any stack would allow, and an absurd limit: refused, no crash.
  BOOST_TEST(fails(std::string(1'000'000, '['), nullptr));
  BOOST_TEST(fails("{\"a\":" + std::string(1'000'000, '['), nullptr, 1'000'000'000));
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  BOOST_TEST(fails(objects));
}

BOOST_AUTO_TEST_CASE(json_reader_handles_many_keys) {
  std::string json = "{";
  for (int i = 0; i < 50'000; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  JsonFields f;
  std::string error;
  BOOST_TEST_REQUIRE(ipsurvey::read_fields_json(json + "}", &f, &error), error);
  BOOST_TEST(f.size() == 50'000u);
  BOOST_TEST(f.back().first == "k49999");
  BOOST_TEST(fails(json + ",\"k123\":0}", &error));
  BOOST_TEST(error.find("k123") != std::string::npos, error);
}
