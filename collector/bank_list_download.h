// A bank's list (interface.md, "Exports for banks") as a download: GET
// /api/export and the pages' /exports/download share it. The province may ask
// for any bank, a bank account only for its own (403 otherwise); other roles
// get 403. Parameters: bank, city, round, format (xlsx, the default, or csv).
// The export is written to the audit log under the account. Refusals are
// thrown as HttpError.
#pragma once

#include <map>
#include <string>

#include "collector/http_exchange.h"
#include "db/account_store.h"

namespace ipsurvey::collector {

void send_bank_list(Exchange& x, const db::Account& account, const std::map<std::string, std::string>& query);

}  // namespace ipsurvey::collector
