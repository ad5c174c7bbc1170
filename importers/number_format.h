// Which number formats show dates, and how a serial date becomes ISO text.
#pragma once

#include <string>
#include <string_view>

namespace ipsurvey::importers {

// True for the built-in date/time formats (14–22, 45–47, and the East-Asian
// 27–36, 50–58).
bool is_builtin_date_format(int id);
// True when a custom format code shows a date or time: after quoted literals,
// backslash escapes and [..] sections (colours, [$-804], [DBNum1]) are removed,
// it contains y, m, d, h, s, 年, 月 or 日 (but not only "General" and the like).
// Elapsed-time formats ([h]:mm) count as time formats.
bool is_date_format_code(std::string_view code);

// Converts an Excel serial (1900 or 1904 system) into "YYYY-MM-DD", or
// "YYYY-MM-DDTHH:MM:SS" when the time is not midnight, or "HH:MM:SS" for a
// pure time (0 <= serial < 1). False when the serial is not a representable
// date (negative, or past 9999-12-31). Rounds to the nearest second.
bool serial_to_iso(double serial, bool date1904, std::string& out);

// Normalises an ISO 8601 date-time ("2022-04-08T00:00:00.000Z") to the form
// serial_to_iso gives; false when it is not a date.
bool normalize_iso_datetime(std::string_view text, std::string& out);

// The inverse of serial_to_iso in the 1900 system: the serial of an ISO date,
// date-time or time (as normalize_iso_datetime accepts), to the second. False
// for other text, impossible dates, and dates before 1900-01-01 or after
// 9999-12-31.
bool iso_to_serial(std::string_view text, double& serial);

}  // namespace ipsurvey::importers
