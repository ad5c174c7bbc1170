#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "forms/cities.h"

using ipsurvey::Cities;
using ipsurvey::City;

namespace {

const Cities& cities() { return Cities::instance(); }

std::string code_of(const City* c) { return c ? c->code : std::string("(null)"); }

struct Expected {
  const char* code;
  const char* name;
  const char* short_name;
};

const std::vector<Expected> kHebei = {
    {"1301", "石家庄市", "石家庄"}, {"1302", "唐山市", "唐山"},     {"1303", "秦皇岛市", "秦皇岛"},
    {"1304", "邯郸市", "邯郸"},     {"1305", "邢台市", "邢台"},     {"1306", "保定市", "保定"},
    {"1307", "张家口市", "张家口"}, {"1308", "承德市", "承德"},     {"1309", "沧州市", "沧州"},
    {"1310", "廊坊市", "廊坊"},     {"1311", "衡水市", "衡水"},
};

const std::vector<Expected> kHenan = {
    {"4101", "郑州市", "郑州"},     {"4102", "开封市", "开封"},     {"4103", "洛阳市", "洛阳"},
    {"4104", "平顶山市", "平顶山"}, {"4105", "安阳市", "安阳"},     {"4106", "鹤壁市", "鹤壁"},
    {"4107", "新乡市", "新乡"},     {"4108", "焦作市", "焦作"},     {"4109", "濮阳市", "濮阳"},
    {"4110", "许昌市", "许昌"},     {"4111", "漯河市", "漯河"},     {"4112", "三门峡市", "三门峡"},
    {"4113", "南阳市", "南阳"},     {"4114", "商丘市", "商丘"},     {"4115", "信阳市", "信阳"},
    {"4116", "周口市", "周口"},     {"4117", "驻马店市", "驻马店"}, {"419001", "济源市", "济源"},
};

void check_province(const std::vector<Expected>& expected, const char* province) {
  for (const auto& e : expected) {
    BOOST_TEST_CONTEXT(e.name) {
      const City* by_full = cities().by_name(e.name);
      BOOST_TEST_REQUIRE(by_full != nullptr);
      BOOST_TEST(by_full->code == e.code);
      BOOST_TEST(by_full->short_name == e.short_name);
      BOOST_TEST(by_full->province == province);
      BOOST_TEST(cities().by_name(e.short_name) == by_full);
      std::string division = std::string(e.code).size() == 4 ? std::string(e.code) + "00" : e.code;
      BOOST_TEST(cities().by_division(division) == by_full);
      BOOST_TEST(cities().find_in_text(std::string(e.name) + "市场监督管理局") == by_full);
      BOOST_TEST(cities().find_in_text(std::string(province) + e.name + "某某路1号") == by_full);
      BOOST_TEST(cities().find_in_text(std::string(e.short_name) + "高新区") == by_full);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(city_table)

BOOST_AUTO_TEST_CASE(every_hebei_city) { check_province(kHebei, "河北省"); }

BOOST_AUTO_TEST_CASE(every_henan_city) { check_province(kHenan, "河南省"); }

BOOST_AUTO_TEST_CASE(table_is_consistent) {
  const auto& all = cities().all();
  BOOST_TEST(all.size() >= 333u + 4u);
  std::set<std::string> codes, names;
  std::set<std::string> provinces;
  for (const auto& c : all) {
    BOOST_TEST_CONTEXT(c.code << " " << c.name) {
      BOOST_TEST((c.code.size() == 4 || c.code.size() == 6));
      BOOST_TEST(codes.insert(c.code).second);
      BOOST_TEST(names.insert(c.name).second);
      BOOST_TEST(!c.short_name.empty());
      BOOST_TEST(!c.province.empty());
      BOOST_TEST(cities().by_name(c.name) == &c);
    }
    provinces.insert(c.province);
  }
  BOOST_TEST(provinces.size() == 31u);
}

BOOST_AUTO_TEST_CASE(provincial_capitals_and_municipalities) {
  const std::vector<std::pair<const char*, const char*>> capitals = {
      {"北京市", "110000"}, {"天津市", "120000"}, {"上海市", "310000"}, {"重庆市", "500000"},
      {"石家庄市", "1301"}, {"太原市", "1401"},   {"呼和浩特市", "1501"}, {"沈阳市", "2101"},
      {"长春市", "2201"},   {"哈尔滨市", "2301"}, {"南京市", "3201"},   {"杭州市", "3301"},
      {"合肥市", "3401"},   {"福州市", "3501"},   {"南昌市", "3601"},   {"济南市", "3701"},
      {"郑州市", "4101"},   {"武汉市", "4201"},   {"长沙市", "4301"},   {"广州市", "4401"},
      {"南宁市", "4501"},   {"海口市", "4601"},   {"成都市", "5101"},   {"贵阳市", "5201"},
      {"昆明市", "5301"},   {"拉萨市", "5401"},   {"西安市", "6101"},   {"兰州市", "6201"},
      {"西宁市", "6301"},   {"银川市", "6401"},   {"乌鲁木齐市", "6501"},
  };
  for (const auto& [name, code] : capitals) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(code_of(cities().by_name(name)) == code); }
  }
  BOOST_TEST(code_of(cities().by_name("北京")) == "110000");
  BOOST_TEST(code_of(cities().by_division("110105")) == "110000");  // 朝阳区
  BOOST_TEST(code_of(cities().by_division("110000")) == "110000");
  BOOST_TEST(code_of(cities().by_division("120116")) == "120000");  // 滨海新区
  BOOST_TEST(code_of(cities().by_division("310115")) == "310000");  // 浦东新区
  BOOST_TEST(code_of(cities().by_division("500235")) == "500000");  // 云阳县
}

BOOST_AUTO_TEST_CASE(zones) {
  const City* jiyuan = cities().by_name("济源示范区");
  BOOST_TEST_REQUIRE(jiyuan != nullptr);
  BOOST_TEST(jiyuan->code == "419001");
  BOOST_TEST(jiyuan->name == "济源市");
  BOOST_TEST(cities().by_name("济源产城融合示范区") == jiyuan);
  BOOST_TEST(cities().by_name("济源") == jiyuan);

  const City* xiongan = cities().by_name("雄安新区");
  BOOST_TEST_REQUIRE(xiongan != nullptr);
  BOOST_TEST(xiongan->code == "133100");
  BOOST_TEST(xiongan->province == "河北省");
  BOOST_TEST(cities().by_name("雄安") == xiongan);

  const City* airport = cities().by_name("郑州航空港经济综合实验区");
  BOOST_TEST_REQUIRE(airport != nullptr);
  BOOST_TEST(airport->province == "河南省");
  BOOST_TEST(airport->code == "410173");  // the statistical code; it has no GB/T 2260 code
  BOOST_TEST(cities().by_name("航空港区") == airport);
  BOOST_TEST(cities().by_name("航空港") == airport);
  BOOST_TEST(airport != cities().by_name("郑州市"));
}

BOOST_AUTO_TEST_CASE(by_division) {
  BOOST_TEST(code_of(cities().by_division("130104")) == "1301");    // 石家庄市桥西区
  BOOST_TEST(code_of(cities().by_division("130100")) == "1301");
  BOOST_TEST(code_of(cities().by_division("130181")) == "1301");    // 辛集市
  BOOST_TEST(code_of(cities().by_division("419001")) == "419001");  // 济源
  BOOST_TEST(code_of(cities().by_division("410102")) == "4101");    // 郑州市中原区
  BOOST_TEST(code_of(cities().by_division("410184")) == "4101");    // 新郑市
  BOOST_TEST(code_of(cities().by_division("410173")) == "410173");  // 航空港区
  BOOST_TEST(code_of(cities().by_division("133100")) == "133100");  // 雄安新区
  BOOST_TEST(code_of(cities().by_division("130638")) == "133100");  // 雄县
  BOOST_TEST(code_of(cities().by_division("130629")) == "133100");  // 容城县
  BOOST_TEST(code_of(cities().by_division("130632")) == "133100");  // 安新县
  BOOST_TEST(code_of(cities().by_division("130602")) == "1306");    // 保定市竞秀区
  BOOST_TEST(code_of(cities().by_division("130682")) == "1306");    // 定州市
  BOOST_TEST(code_of(cities().by_division("411082")) == "4110");    // 长葛市
  BOOST_TEST(code_of(cities().by_division("429004")) == "429004");  // 仙桃市
  BOOST_TEST(code_of(cities().by_division("429021")) == "429021");  // 神农架林区
  BOOST_TEST(code_of(cities().by_division("469002")) == "469002");  // 琼海市
  BOOST_TEST(code_of(cities().by_division("460105")) == "4601");    // 海口市秀英区
  BOOST_TEST(code_of(cities().by_division("659001")) == "659001");  // 石河子市
  BOOST_TEST(code_of(cities().by_division("371202")) == "3701");    // former 莱芜市
  BOOST_TEST(code_of(cities().by_division("652201")) == "6505");    // former 哈密地区
  BOOST_TEST(code_of(cities().by_division(" 130104 ")) == "1301");
  // Unknown or malformed.
  BOOST_TEST(cities().by_division("130000") == nullptr);  // the province itself
  BOOST_TEST(cities().by_division("419002") == nullptr);
  BOOST_TEST(cities().by_division("990101") == nullptr);
  BOOST_TEST(cities().by_division("13010") == nullptr);
  BOOST_TEST(cities().by_division("1301") == nullptr);
  BOOST_TEST(cities().by_division("1301045") == nullptr);
  BOOST_TEST(cities().by_division("13O104") == nullptr);
  BOOST_TEST(cities().by_division("") == nullptr);
}

BOOST_AUTO_TEST_CASE(by_name) {
  BOOST_TEST(code_of(cities().by_name("石家庄")) == "1301");
  BOOST_TEST(code_of(cities().by_name("石家庄市")) == "1301");
  BOOST_TEST(code_of(cities().by_name(" 石家庄市 ")) == "1301");
  BOOST_TEST(code_of(cities().by_name("恩施州")) == "4228");
  BOOST_TEST(code_of(cities().by_name("延边朝鲜族自治州")) == "2224");
  BOOST_TEST(code_of(cities().by_name("仙桃")) == "429004");
  BOOST_TEST(cities().by_name("河北省") == nullptr);
  BOOST_TEST(cities().by_name("石家") == nullptr);
  BOOST_TEST(cities().by_name("") == nullptr);
}

BOOST_AUTO_TEST_CASE(find_in_text) {
  auto find = [](const std::string& text) { return code_of(cities().find_in_text(text)); };
  BOOST_TEST(find("石家庄市市场监督管理局") == "1301");
  BOOST_TEST(find("河北省保定市莲池区东风中路123号") == "1306");
  BOOST_TEST(find("雄安新区管委会") == "133100");
  BOOST_TEST(find("河北雄安新区容城县某某大街") == "133100");
  BOOST_TEST(find("石家庄高新区") == "1301");
  BOOST_TEST(find("石 家 庄 市 市场监督管理局") == "1301");
  BOOST_TEST(find("济源示范区市场监管局") == "419001");
  BOOST_TEST(find("济源产城融合示范区") == "419001");
  BOOST_TEST(find("航空港区市场监管局（知识产权局）") == "410173");
  BOOST_TEST(find("郑州航空港经济综合实验区管委会") == "410173");
  BOOST_TEST(find("郑州市航空港区") == "410173");  // the longer, more precise name
  BOOST_TEST(find("许昌市市场监督管理局") == "4110");
  BOOST_TEST(find("河南省许昌市魏都区") == "4110");
  // A full name beats a short one elsewhere; a longer name beats one inside it.
  BOOST_TEST(find("张家口 保定市") == "1306");
  BOOST_TEST(find("安徽马鞍山") == "3405");
  BOOST_TEST(find("黑龙江省五大连池市") == "(null)");  // not 大连市
  BOOST_TEST(find("四川省乐山市峨眉山市") == "5111");  // not 眉山市
  BOOST_TEST(find("吉林省长春市朝阳区") == "2201");
  // Short names inside street names, district names and province names do not count.
  BOOST_TEST(find("中山东路100号") == "(null)");
  BOOST_TEST(find("北京大街8号") == "(null)");
  BOOST_TEST(find("辽源市西安区") == "2204");
  BOOST_TEST(find("西安区") == "(null)");
  BOOST_TEST(find("吉林省") == "(null)");
  BOOST_TEST(find("河北省石家庄市长安区中山东路") == "1301");
  // Generic words that are also short names are not taken for cities.
  BOOST_TEST(find("东方红机械厂") == "(null)");
  BOOST_TEST(find("白银饰品") == "(null)");
  BOOST_TEST(find("") == "(null)");
  BOOST_TEST(find("无") == "(null)");
  BOOST_TEST(find("河北省") == "(null)");
}

BOOST_AUTO_TEST_SUITE_END()
