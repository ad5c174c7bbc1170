#include <sodium.h>

#include <boost/test/unit_test.hpp>

#include "collector/html.h"
#include "collector/login_limiter.h"
#include "collector/session_store.h"

using namespace ipsurvey::collector;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {
struct Sodium {
  Sodium() { BOOST_REQUIRE(sodium_init() >= 0); }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(web_session)

BOOST_FIXTURE_TEST_CASE(sessions_have_random_256_bit_ids_and_their_own_tokens, Sodium) {
  SessionStore store;
  const Session a = store.create("city_a", "$argon2id$a");
  const Session b = store.create("city_a", "$argon2id$a");
  BOOST_TEST(a.id.size() == 64u);
  BOOST_TEST(a.id.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(a.id != b.id);
  BOOST_TEST(a.csrf != b.csrf);
  BOOST_TEST(a.csrf != a.id);
  BOOST_TEST(store.touch(a.id)->account == "city_a");
  BOOST_TEST(!store.touch("0" + a.id.substr(1)).has_value());
  BOOST_TEST(!store.touch("").has_value());
  BOOST_TEST(same_token(a.csrf, a.csrf));
  BOOST_TEST(!same_token(a.csrf, b.csrf));
  BOOST_TEST(!same_token("", ""));
}

BOOST_FIXTURE_TEST_CASE(an_idle_session_ends_after_30_minutes, Sodium) {
  SessionStore store;
  const Session s = store.create("p", "h");
  store.advance_clock_for_test(minutes(29));
  BOOST_TEST(store.touch(s.id).has_value());  // and this request keeps it alive
  store.advance_clock_for_test(minutes(29));
  BOOST_TEST(store.touch(s.id).has_value());
  store.advance_clock_for_test(minutes(31));
  BOOST_TEST(!store.touch(s.id).has_value());
  BOOST_TEST(store.size() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_busy_session_still_ends_12_hours_after_sign_in, Sodium) {
  SessionStore store;
  const Session s = store.create("p", "h");
  for (int i = 0; i < 12 * 3; ++i) {
    store.advance_clock_for_test(minutes(20));
    if (i < 12 * 3 - 1) BOOST_TEST(store.touch(s.id).has_value());
  }
  store.advance_clock_for_test(minutes(1));
  BOOST_TEST(!store.touch(s.id).has_value());
}

BOOST_FIXTURE_TEST_CASE(removing_an_account_ends_all_its_sessions, Sodium) {
  SessionStore store;
  const Session a1 = store.create("a", "h"), a2 = store.create("a", "h"), b = store.create("b", "h");
  store.remove_account("a");
  BOOST_TEST(!store.touch(a1.id).has_value());
  BOOST_TEST(!store.touch(a2.id).has_value());
  BOOST_TEST(store.touch(b.id).has_value());
  store.remove(b.id);
  BOOST_TEST(!store.touch(b.id).has_value());
}

BOOST_AUTO_TEST_CASE(five_failures_per_account_and_address_then_wait_out_the_window) {
  LoginLimiter limiter;
  for (int i = 0; i < LoginLimiter::kPerPair; ++i) {
    BOOST_TEST(limiter.wait_seconds("city_a", "10.0.0.1") == 0);
    limiter.failed("city_a", "10.0.0.1");
  }
  const long wait = limiter.wait_seconds("city_a", "10.0.0.1");
  BOOST_TEST(wait > 0);
  BOOST_TEST(wait <= 15 * 60 + 1);
  BOOST_TEST(limiter.wait_seconds("city_a", "10.0.0.2") == 0);  // another address
  BOOST_TEST(limiter.wait_seconds("city_b", "10.0.0.1") == 0);  // another account
  limiter.advance_clock_for_test(minutes(16));
  BOOST_TEST(limiter.wait_seconds("city_a", "10.0.0.1") == 0);
}

BOOST_AUTO_TEST_CASE(one_address_trying_many_accounts_is_limited_too) {
  LoginLimiter limiter;
  for (int i = 0; i < LoginLimiter::kPerAddress; ++i) limiter.failed("account" + std::to_string(i), "10.0.0.9");
  BOOST_TEST(limiter.wait_seconds("someone_else", "10.0.0.9") > 0);
  BOOST_TEST(limiter.wait_seconds("someone_else", "10.0.0.8") == 0);
}

BOOST_AUTO_TEST_CASE(a_successful_sign_in_clears_its_pair) {
  LoginLimiter limiter;
  for (int i = 0; i < LoginLimiter::kPerPair - 1; ++i) limiter.failed("a", "x");
  limiter.succeeded("a", "x");
  limiter.failed("a", "x");
  BOOST_TEST(limiter.wait_seconds("a", "x") == 0);
}

BOOST_AUTO_TEST_CASE(html_escapes_every_markup_character) {
  BOOST_TEST(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  Html h;
  h.raw("<td").attr("title", "\"><script>").raw(">").text("<script>alert(1)</script>").raw("</td>");
  BOOST_TEST(h.str() == "<td title=\"&quot;&gt;&lt;script&gt;\">&lt;script&gt;alert(1)&lt;/script&gt;</td>");
  BOOST_TEST(url_encode("石家庄 a&b=c") == "%E7%9F%B3%E5%AE%B6%E5%BA%84%20a%26b%3Dc");
}

BOOST_AUTO_TEST_SUITE_END()
