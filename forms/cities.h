// China's prefecture-level divisions (GB/T 2260) and the special zones the
// province's seeds name, from forms/data/cities.tsv. Used to find a
// submission's city from --city, the ledger's unit, an address or a credit
// code. Immutable after first use; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ipsurvey {

struct City {
  std::string code;        // "1301" (prefecture), or 6 digits for a zone/county-level city under the province ("419001")
  std::string name;        // "石家庄市"
  std::string short_name;  // "石家庄"
  std::string province;    // "河北省"
  std::vector<std::string> aliases;  // other names, e.g. "济源示范区", "济源产城融合示范区"
};

class Cities {
 public:
  static const Cities& instance();  // the embedded table

  const std::vector<City>& all() const { return cities_; }
  // By full name, short name or alias ("石家庄", "石家庄市", "雄安新区"); null if none.
  const City* by_name(std::string_view name) const;
  // The city a 6-digit division code belongs to ("130104" -> 石家庄市; "419001" -> 济源市);
  // null when unknown.
  const City* by_division(std::string_view division) const;
  // The first city named in free text (a unit "石家庄市市场监督管理局", an address
  // "河北省保定市莲池区…"); the longest match wins; null if none.
  const City* find_in_text(std::string_view text) const;

 private:
  Cities();
  // A name searched for in free text: strong = full name or an alias of 3+ characters,
  // weak = a short name or a 2-character alias (checked against street names etc.).
  struct TextName {
    std::string text;
    size_t city;
    bool strong;
  };
  std::vector<City> cities_;
  std::unordered_map<std::string, size_t> names_;      // full, short, alias -> index
  std::unordered_map<std::string, size_t> divisions_;  // 6-digit code, 4- or 2-digit prefix -> index
  std::vector<TextName> text_names_;
  // text_names_ by their first bytes, for scanning text once: start_bucket_[the
  // first two bytes] is 1 + the index in starts_ of the names starting so (0:
  // none), each bucket ordered by the names' third byte (-1 for two-byte names).
  struct Start {
    int third;
    size_t name;
  };
  std::vector<std::vector<Start>> starts_;
  std::vector<uint16_t> start_bucket_;
  bool first_bytes_[256] = {};  // bytes some name starts with
};

}  // namespace ipsurvey
