#include "db/migrations.h"

namespace ipsurvey::db {
namespace {

// 1: uploads and their bytes, survey records with their versions, problems,
// reviews, ledger filings and the audit log.
constexpr const char* kMigration1 = R"SQL(
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,          -- lowercase hex of the upload's bytes
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL
);

CREATE TABLE uploads (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  name TEXT NOT NULL,
  city TEXT NOT NULL DEFAULT '',    -- the uploading city (--city or the account's)
  account TEXT NOT NULL,
  round TEXT NOT NULL DEFAULT '',   -- --round when given
  received_at TEXT NOT NULL,        -- ISO 8601 UTC
  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'rejected')),
  file_count INTEGER NOT NULL DEFAULT 0,
  record_count INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  warning_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX uploads_by_sha256 ON uploads(sha256);
CREATE INDEX uploads_by_city ON uploads(city, id);

-- Each workbook of an upload: the upload itself, or each file of a zip.
-- A file's bytes seen before (a stored file, alone or in a zip) make it a duplicate.
CREATE TABLE upload_files (
  id INTEGER PRIMARY KEY,
  upload_id INTEGER NOT NULL REFERENCES uploads(id),
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'rejected', 'duplicate')),
  record_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX upload_files_by_upload ON upload_files(upload_id);
CREATE INDEX upload_files_by_sha256 ON upload_files(sha256) WHERE status = 'ok';

-- One enterprise per credit code per survey round.
CREATE TABLE enterprises (
  id INTEGER PRIMARY KEY,
  round TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  latest_record_id INTEGER,
  UNIQUE (round, credit_code)
);

-- Every survey record ever stored; `latest` marks the version that counts.
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  upload_id INTEGER NOT NULL REFERENCES uploads(id),
  file_id INTEGER NOT NULL REFERENCES upload_files(id),
  enterprise_id INTEGER REFERENCES enterprises(id),   -- NULL: no credit code
  version INTEGER NOT NULL DEFAULT 1,
  latest INTEGER NOT NULL DEFAULT 1,
  round TEXT NOT NULL,
  sheet TEXT NOT NULL,
  row INTEGER NOT NULL DEFAULT 0,
  city TEXT NOT NULL DEFAULT '',
  credit_code TEXT,
  enterprise_name TEXT,
  industry TEXT,
  enterprise_size TEXT,
  enterprise_nature TEXT,
  loan_amount_wan REAL,
  loan_term TEXT,
  max_cost TEXT,
  purposes INTEGER NOT NULL DEFAULT 0,   -- bit i: the i-th purpose option of forms.md
  banks TEXT NOT NULL DEFAULT '',        -- full bank names joined by 、 (filter on record_banks)
  high_tech INTEGER,                     -- 1 yes, 0 no, NULL not answered
  valid_patents INTEGER,
  ip_total INTEGER,                      -- trademarks + software copyrights + IC layouts
  risk_flags INTEGER NOT NULL DEFAULT 0, -- bits: 1 defendant, 2 penalties, 4 management change, 8 unaudited
  has_need INTEGER NOT NULL DEFAULT 0,   -- a credit code and an amount sought > 0
  rank_key INTEGER NOT NULL DEFAULT 0,   -- the roster's order (db/record_columns.h)
  needs_correction INTEGER NOT NULL DEFAULT 0,
  review TEXT NOT NULL DEFAULT 'pending'
    CHECK (review IN ('pending', 'approved', 'returned', 'rejected')),
  review_note TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL,                  -- the normalised fields, as JSON (interface.md)
  sources TEXT NOT NULL                  -- where each field was read (db/record_sources.h)
);
CREATE INDEX records_roster ON records(round, city, rank_key, credit_code)
  WHERE latest = 1 AND has_need = 1;
CREATE INDEX records_summary ON records(round, city, has_need, loan_amount_wan, industry, loan_term, max_cost,
  review, needs_correction, enterprise_id) WHERE latest = 1;
CREATE INDEX records_by_enterprise ON records(enterprise_id, version);
CREATE INDEX records_by_upload ON records(upload_id);

CREATE TABLE record_banks (
  bank TEXT NOT NULL,
  record_id INTEGER NOT NULL REFERENCES records(id),
  PRIMARY KEY (bank, record_id)
) WITHOUT ROWID;

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  upload_id INTEGER NOT NULL REFERENCES uploads(id),
  file_id INTEGER REFERENCES upload_files(id),
  record_id INTEGER,                 -- a survey record, when the problem is one of its cells
  ledger_id INTEGER,                 -- a ledger filing, likewise
  severity TEXT NOT NULL,
  code TEXT NOT NULL,
  sheet TEXT NOT NULL DEFAULT '',
  cell TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  field TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL
);
CREATE INDEX problems_by_file ON problems(file_id);
CREATE INDEX problems_by_record ON problems(record_id) WHERE record_id IS NOT NULL;

CREATE TABLE review_events (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES records(id),
  state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  account TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_events_by_record ON review_events(record_id);

-- Quarterly ledgers; `latest` marks the filing that counts for its city and quarter.
CREATE TABLE ledger_filings (
  id INTEGER PRIMARY KEY,
  upload_id INTEGER NOT NULL REFERENCES uploads(id),
  file_id INTEGER NOT NULL REFERENCES upload_files(id),
  sheet TEXT NOT NULL,
  city TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL DEFAULT '',
  year INTEGER,
  quarter INTEGER,
  filed_on TEXT NOT NULL DEFAULT '',     -- as the form says (YYYY-MM-DD)
  received_at TEXT NOT NULL,
  latest INTEGER NOT NULL DEFAULT 1,
  needs_correction INTEGER NOT NULL DEFAULT 0,
  fields TEXT NOT NULL,
  sources TEXT NOT NULL
);
CREATE INDEX ledger_by_period ON ledger_filings(year, quarter, city);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  account TEXT NOT NULL,
  action TEXT NOT NULL,        -- import, review, export
  city TEXT NOT NULL DEFAULT '',
  bank TEXT NOT NULL DEFAULT '',
  upload_id INTEGER,
  record_id INTEGER,
  record_count INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_time ON audit_log(at);
)SQL";

// 2: accounts for the web application (issue 5): the province, cities, banks.
constexpr const char* kMigration2 = R"SQL(
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('province', 'city', 'bank')),
  city TEXT NOT NULL DEFAULT '',           -- a city account's city (full name)
  bank TEXT NOT NULL DEFAULT '',           -- a bank account's bank (full name)
  password_hash TEXT NOT NULL,             -- crypto_pwhash_str (Argon2id), never the password
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  CHECK ((role = 'city') = (city <> '')),
  CHECK ((role = 'bank') = (bank <> ''))
);
)SQL";

// 3: indexes for the web pages (measured by tests/bench/bench_pages.py at
// 1,000,000 enterprises): the roster index covers every latest record, with
// has_need and review, so that a city's whole list (with or without a need)
// and a bank's approved list are read in order off it; record_banks gains an
// index by record for the exports page's counts per bank and city.
constexpr const char* kMigration3 = R"SQL(
DROP INDEX records_roster;
CREATE INDEX records_roster ON records(round, city, rank_key, credit_code, has_need, review) WHERE latest = 1;
CREATE INDEX record_banks_by_record ON record_banks(record_id);
)SQL";

}  // namespace

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {kMigration1, kMigration2, kMigration3};
  return list;
}

}  // namespace ipsurvey::db
