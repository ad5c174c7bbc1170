#include "forms/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "forms/utf8_scan.h"

namespace ipsurvey {
namespace {

constexpr int kDepthCeiling = 256;  // whatever the caller asks, recursion stays shallow

class Parser {
 public:
  Parser(std::string_view s, int max_depth)
      : s_(s), max_depth_(std::clamp(max_depth, 1, kDepthCeiling)) {}

  // The whole input as one value (whitespace around it allowed).
  bool document(FieldValue* out) {
    skip_ws();
    bool is_null = false;
    if (!value(out, 1, &is_null)) return false;
    if (is_null) return fail_at(value_start_, "不能是 null");
    skip_ws();
    if (pos_ != s_.size()) return fail("值之后还有多余的内容");
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& what) { return fail_at(pos_, what); }
  bool fail_at(size_t at, const std::string& what) {
    if (error_.empty()) error_ = "JSON 第 " + std::to_string(at) + " 字节：" + what;
    return false;
  }

  void skip_ws() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool value(FieldValue* out, int depth, bool* is_null) {
    *is_null = false;
    value_start_ = pos_;
    if (pos_ >= s_.size()) return fail("缺少值（输入提前结束）");
    const char c = s_[pos_];
    switch (c) {
      case '{': return object(out, depth);
      case '[': return array(out, depth);
      case '"':
        out->kind = FieldValue::Kind::Text;
        return string(&out->text);
      case 't':
        out->kind = FieldValue::Kind::Bool;
        out->boolean = true;
        return literal("true");
      case 'f':
        out->kind = FieldValue::Kind::Bool;
        out->boolean = false;
        return literal("false");
      case 'n':
        *is_null = true;
        return literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          out->kind = FieldValue::Kind::Number;
          return number(&out->number);
        }
        return fail("不是合法的 JSON 值");
    }
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("不是合法的 JSON 值");
    pos_ += word.size();
    return true;
  }

  bool object(FieldValue* out, int depth) {
    if (depth > max_depth_) return fail("嵌套超过 " + std::to_string(max_depth_) + " 层");
    const size_t object_at = pos_;
    out->kind = FieldValue::Kind::Object;
    ++pos_;  // '{'
    std::vector<std::string> null_keys;  // members given null: left out, still checked for duplicates
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("应为用双引号括起的键");
      std::string key;
      if (!string(&key)) return false;
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("键之后应为 ':'");
      ++pos_;
      skip_ws();
      FieldValue item;
      bool is_null = false;
      if (!value(&item, depth + 1, &is_null)) return false;
      if (is_null) {
        null_keys.push_back(std::move(key));
      } else {
        out->keys.push_back(std::move(key));
        out->items.push_back(std::move(item));
      }
      skip_ws();
      if (pos_ >= s_.size()) return fail("对象没有结束（缺少 '}'）");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        break;
      }
      return fail("对象成员之间应为 ',' 或 '}'");
    }
    // Duplicate keys, in O(n log n) whatever the number of members.
    std::vector<std::string_view> all(out->keys.begin(), out->keys.end());
    all.insert(all.end(), null_keys.begin(), null_keys.end());
    std::sort(all.begin(), all.end());
    const auto dup = std::adjacent_find(all.begin(), all.end());
    if (dup != all.end()) return fail_at(object_at, "对象中的键 \"" + std::string(*dup) + "\" 重复");
    return true;
  }

  bool array(FieldValue* out, int depth) {
    if (depth > max_depth_) return fail("嵌套超过 " + std::to_string(max_depth_) + " 层");
    ++pos_;  // '['
    std::vector<FieldValue> items;
    bool all_strings = true;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
    } else {
      while (true) {
        skip_ws();
        FieldValue item;
        bool is_null = false;
        if (!value(&item, depth + 1, &is_null)) return false;
        if (is_null) return fail_at(value_start_, "数组元素不能是 null");
        all_strings = all_strings && item.kind == FieldValue::Kind::Text;
        items.push_back(std::move(item));
        skip_ws();
        if (pos_ >= s_.size()) return fail("数组没有结束（缺少 ']'）");
        if (s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (s_[pos_] == ']') {
          ++pos_;
          break;
        }
        return fail("数组元素之间应为 ',' 或 ']'");
      }
    }
    if (all_strings) {
      out->kind = FieldValue::Kind::List;
      out->list.reserve(items.size());
      for (FieldValue& v : items) out->list.push_back(std::move(v.text));
    } else {
      out->kind = FieldValue::Kind::Array;
      out->items = std::move(items);
    }
    return true;
  }

  bool hex4(uint32_t* v) {
    if (s_.size() - pos_ < 4) return fail("\\u 之后应有 4 位十六进制数");
    uint32_t x = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_ + k];
      x <<= 4;
      if (c >= '0' && c <= '9') x |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') x |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') x |= static_cast<uint32_t>(c - 'A' + 10);
      else return fail("\\u 之后应有 4 位十六进制数");
    }
    pos_ += 4;
    *v = x;
    return true;
  }

  bool string(std::string* out) {
    ++pos_;  // '"'
    out->clear();
    while (true) {
      // Copy a run of plain bytes at once.
      const size_t start = pos_;
      while (pos_ < s_.size()) {
        const auto c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c < 0x80) {
          ++pos_;
          continue;
        }
        const utf8::Decoded d = utf8::decode(s_, pos_);
        if (d.cp == 0xFFFD && d.len == 1) return fail("字符串不是合法的 UTF-8");
        pos_ += d.len;
      }
      out->append(s_.data() + start, pos_ - start);
      if (pos_ >= s_.size()) return fail("字符串没有结束（缺少 '\"'）");
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') return fail("字符串中有未转义的控制字符");
      if (++pos_ >= s_.size()) return fail("字符串没有结束（缺少 '\"'）");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          const size_t esc_at = pos_ - 2;
          uint32_t cp = 0;
          if (!hex4(&cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_at(esc_at, "孤立的 UTF-16 低代理项");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (s_.substr(pos_, 2) != "\\u") return fail_at(esc_at, "UTF-16 高代理项之后缺少低代理项");
            pos_ += 2;
            if (!hex4(&low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail_at(esc_at, "UTF-16 高代理项之后缺少低代理项");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8::append(*out, static_cast<char32_t>(cp));
          break;
        }
        default: return fail_at(pos_ - 2, "未知的转义序列");
      }
    }
  }

  bool number(double* out) {
    const size_t start = pos_;
    const auto digit = [&](size_t i) { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; };
    if (s_[pos_] == '-') ++pos_;
    if (!digit(pos_)) return fail_at(start, "不是合法的数字");
    if (s_[pos_] == '0') {
      ++pos_;
      if (digit(pos_)) return fail_at(start, "数字不能以 0 开头");
    } else {
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digit(pos_)) return fail_at(start, "小数点之后应有数字");
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit(pos_)) return fail_at(start, "指数之后应有数字");
      while (digit(pos_)) ++pos_;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    const auto r = std::from_chars(first, last, *out);
    if (r.ec == std::errc::result_out_of_range) return fail_at(start, "数字超出范围");
    if (r.ec != std::errc() || r.ptr != last || !std::isfinite(*out)) return fail_at(start, "不是合法的数字");
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t value_start_ = 0;
  int max_depth_;
  std::string error_;
};

bool parse(std::string_view json, FieldValue* out, std::string* error, int max_depth) {
  Parser p(json, max_depth);
  *out = FieldValue{};
  if (p.document(out)) return true;
  if (error) *error = p.error();
  return false;
}

bool set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

}  // namespace

bool read_field_value_json(std::string_view json, FieldValue* value, std::string* error, int max_depth) {
  return parse(json, value, error, max_depth);
}

bool read_fields_json(std::string_view json, JsonFields* fields, std::string* error, int max_depth) {
  FieldValue v;
  if (!parse(json, &v, error, max_depth)) return false;
  if (v.kind != FieldValue::Kind::Object) return set_error(error, "JSON：字段应为一个对象 {...}");
  fields->clear();
  fields->reserve(v.keys.size());
  for (size_t i = 0; i < v.keys.size(); ++i) fields->emplace_back(std::move(v.keys[i]), std::move(v.items[i]));
  return true;
}

bool read_record_fields_json(std::string_view json, Record* record, std::string* error, int max_depth) {
  FieldValue v;
  if (!parse(json, &v, error, max_depth)) return false;
  if (v.kind != FieldValue::Kind::Object) return set_error(error, "JSON：字段应为一个对象 {...}");
  record->keys = std::move(v.keys);
  record->values = std::move(v.items);
  return true;
}

bool read_record_json(std::string_view json, Record* record, std::string* error, int max_depth) {
  FieldValue v;
  if (!parse(json, &v, error, max_depth)) return false;
  if (v.kind != FieldValue::Kind::Object) return set_error(error, "JSON：记录应为一个对象 {...}");
  Record r;
  bool has_form = false, has_fields = false;
  for (size_t i = 0; i < v.keys.size(); ++i) {
    const std::string& key = v.keys[i];
    FieldValue& item = v.items[i];
    const auto wrong = [&](const char* expected) {
      return set_error(error, "JSON：记录的 \"" + key + "\" 应为" + expected);
    };
    if (key == "form") {
      if (item.kind != FieldValue::Kind::Text) return wrong("字符串");
      r.form = std::move(item.text);
      has_form = true;
    } else if (key == "city") {
      if (item.kind != FieldValue::Kind::Text) return wrong("字符串");
      r.city = std::move(item.text);
    } else if (key == "needs_correction") {
      if (item.kind != FieldValue::Kind::Bool) return wrong("true 或 false");
      r.needs_correction = item.boolean;
    } else if (key == "source") {
      if (item.kind != FieldValue::Kind::Object) return wrong("对象");
      for (size_t k = 0; k < item.keys.size(); ++k) {
        const FieldValue& s = item.items[k];
        if (item.keys[k] == "sheet") {
          if (s.kind != FieldValue::Kind::Text) return wrong("对象，其 \"sheet\" 为字符串");
          r.sheet = s.text;
        } else if (item.keys[k] == "row") {
          if (s.kind != FieldValue::Kind::Number || s.number < 0 || s.number > 2147483647.0 ||
              s.number != std::floor(s.number))
            return wrong("对象，其 \"row\" 为非负整数");
          r.row = static_cast<int>(s.number);
        }
      }
    } else if (key == "fields") {
      if (item.kind != FieldValue::Kind::Object) return wrong("对象");
      r.keys = std::move(item.keys);
      r.values = std::move(item.items);
      has_fields = true;
    } else if (key == "cells") {
      if (item.kind != FieldValue::Kind::Object) return wrong("对象");
      for (size_t k = 0; k < item.keys.size(); ++k) {
        const FieldValue& s = item.items[k];
        SourceRef ref;
        if (s.kind == FieldValue::Kind::Text) {
          ref.cell = s.text;
        } else if (s.kind == FieldValue::Kind::Number && s.number >= 0 && s.number <= 2147483647.0 &&
                   s.number == std::floor(s.number)) {
          ref.line = static_cast<int>(s.number);
        } else {
          return wrong("对象，其值为单元格（字符串）或行号（非负整数）");
        }
        r.sources.emplace_back(item.keys[k], std::move(ref));
      }
    }
  }
  if (!has_form) return set_error(error, "JSON：记录缺少 \"form\"");
  if (!has_fields) return set_error(error, "JSON：记录缺少 \"fields\"");
  *record = std::move(r);
  return true;
}

}  // namespace ipsurvey
