#include "importers/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace ipsurvey::importers {

bool is_builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
         (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
  // Only the first section (positive numbers) decides.
  bool in_quotes = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (in_quotes) {
      if (c == '"') in_quotes = false;
      continue;
    }
    switch (c) {
      case '"': in_quotes = true; continue;
      case '\\':
      case '_':
      case '*': ++i; continue;  // the next character is literal / padding
      case '[': {
        const size_t close = code.find(']', i);
        if (close == std::string_view::npos) return false;
        const std::string_view inner = code.substr(i + 1, close - i - 1);
        // Elapsed time [h], [mm], [ss] is a time format.
        if (!inner.empty() && (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 'm' ||
                               inner[0] == 'M' || inner[0] == 's' || inner[0] == 'S')) {
          bool all_same = true;
          for (char k : inner) all_same &= (k == inner[0]);
          if (all_same) return true;
        }
        i = close;
        continue;
      }
      case ';': return false;
      case 'y': case 'Y': case 'd': case 'D': case 'm': case 'M':
      case 'h': case 'H': case 's': case 'S':
        return true;
      case 'e': case 'E':  // "e" is the era year in East-Asian formats, unless scientific ("0.00E+00")
        if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) return false;
        return true;
      case 'G': case 'g':  // "General", else the era of a Japanese date ("ggge")
        if (code.size() - i >= 7 && std::equal(code.begin() + i, code.begin() + i + 7, "general",
                                               [](char a, char b) { return (a | 0x20) == b; })) {
          i += 6;
          continue;
        }
        return true;
      default:
        break;
    }
    // 年 (E5 B9 B4), 月 (E6 9C 88), 日 (E6 97 A5) outside quotes.
    if (static_cast<unsigned char>(c) >= 0xE0 && i + 2 < code.size()) {
      const std::string_view ch = code.substr(i, 3);
      if (ch == "年" || ch == "月" || ch == "日" || ch == "时" || ch == "分" || ch == "秒") return true;
      i += 2;
    }
  }
  return false;
}

namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

void put_digits(std::string& out, int value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or "HH:MM:SS" without printf (hot path).
void format_iso(std::string& out, bool has_date, int y, int mo, int d, int h, int mi, int s) {
  out.clear();
  if (has_date) {
    put_digits(out, y, 4);
    out.push_back('-');
    put_digits(out, mo, 2);
    out.push_back('-');
    put_digits(out, d, 2);
    if (h == 0 && mi == 0 && s == 0) return;
    out.push_back('T');
  }
  put_digits(out, h, 2);
  out.push_back(':');
  put_digits(out, mi, 2);
  out.push_back(':');
  put_digits(out, s, 2);
}

}  // namespace

bool serial_to_iso(double serial, bool date1904, std::string& out) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.99999) return false;
  int64_t total_seconds = static_cast<int64_t>(std::llround(serial * 86400.0));
  int64_t days = total_seconds / 86400;
  const int64_t secs = total_seconds % 86400;
  const int h = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
            sec = static_cast<int>(secs % 60);
  if (days == 0) {
    // Serial day 0 ("1900-01-00", or the 1904 epoch) holds pure times.
    format_iso(out, false, 0, 0, 0, h, mi, sec);
    return true;
  }
  int64_t epoch;  // days since 1970 of serial day 0
  if (date1904) {
    epoch = days_from_civil(1904, 1, 1);
  } else {
    // Excel counts a 29 February 1900 that never was (serial 60).
    epoch = days_from_civil(1899, 12, 31);
    if (days >= 60) --days;
  }
  int y;
  unsigned m, d;
  civil_from_days(epoch + days, y, m, d);
  if (y > 9999) return false;
  format_iso(out, true, y, static_cast<int>(m), static_cast<int>(d), h, mi, sec);
  return true;
}

bool normalize_iso_datetime(std::string_view t, std::string& out) {
  // YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±hh:mm]  or  THH:MM:SS / HH:MM:SS
  auto digits = [&](size_t pos, size_t n, int& v) {
    if (pos + n > t.size()) return false;
    v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  size_t pos = 0;
  bool has_date = false;
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
    if (!digits(0, 4, y) || !digits(5, 2, mo) || !digits(8, 2, d)) return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    has_date = true;
    pos = 10;
  }
  if (pos < t.size() && (t[pos] == 'T' || t[pos] == ' ')) ++pos;
  if (pos < t.size() && t[pos] != 'Z' && t[pos] != '+' && t[pos] != '-') {
    if (!digits(pos, 2, h) || pos + 2 >= t.size() || t[pos + 2] != ':' || !digits(pos + 3, 2, mi))
      return false;
    pos += 5;
    if (pos < t.size() && t[pos] == ':') {
      if (!digits(pos + 1, 2, s)) return false;
      pos += 3;
    }
    if (pos < t.size() && t[pos] == '.') {
      ++pos;
      while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    }
    if (h > 23 || mi > 59 || s > 60) return false;
  } else if (!has_date) {
    return false;
  }
  // A zone suffix is accepted and ignored (forms carry calendar dates).
  format_iso(out, has_date, y, mo, d, h, mi, s);
  return true;
}

bool iso_to_serial(std::string_view text, double& serial) {
  std::string iso;  // "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or "HH:MM:SS"
  if (!normalize_iso_datetime(text, iso)) return false;
  const auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (iso[at + k] - '0');
    return v;
  };
  int64_t days = 0;
  size_t time_at = 0;
  if (iso.size() >= 10 && iso[4] == '-') {
    const int y = num(0, 4);
    const auto m = static_cast<unsigned>(num(5, 2)), d = static_cast<unsigned>(num(8, 2));
    const int64_t z = days_from_civil(y, m, d);
    int yy;
    unsigned mm, dd;
    civil_from_days(z, yy, mm, dd);
    if (yy != y || mm != m || dd != d) return false;  // 2022-02-30
    days = z - days_from_civil(1899, 12, 31);
    if (days < 1) return false;
    if (days >= 60) ++days;  // Excel's 29 February 1900
    if (iso.size() == 10) {
      serial = static_cast<double>(days);
      return true;
    }
    time_at = 11;
  }
  const int seconds = num(time_at, 2) * 3600 + num(time_at + 3, 2) * 60 + num(time_at + 6, 2);
  serial = static_cast<double>(days) + seconds / 86400.0;
  return true;
}

}  // namespace ipsurvey::importers
