#include "collector/password_hash.h"

#include <boost/test/unit_test.hpp>

using namespace ipsurvey::collector;

BOOST_AUTO_TEST_SUITE(password_hash)

BOOST_AUTO_TEST_CASE(argon2id_hashes_verify_only_the_right_password) {
  const std::string hash = hash_password("correct horse battery");
  BOOST_TEST(hash.rfind("$argon2id$", 0) == 0u);
  BOOST_TEST(hash.find("correct horse") == std::string::npos);
  BOOST_TEST(verify_password(hash, "correct horse battery"));
  BOOST_TEST(!verify_password(hash, "correct horse batterx"));
  BOOST_TEST(!verify_password(hash, ""));
  BOOST_TEST(!verify_password("not a hash", "correct horse battery"));
  BOOST_TEST(!verify_password("", ""));
  BOOST_TEST(hash_password("correct horse battery") != hash);  // salted
}

BOOST_AUTO_TEST_CASE(passwords_of_10_to_128_bytes_are_accepted) {
  BOOST_TEST(!acceptable_password("short"));
  BOOST_TEST(acceptable_password("0123456789"));
  BOOST_TEST(acceptable_password(std::string(128, 'x')));
  BOOST_TEST(!acceptable_password(std::string(129, 'x')));
}

BOOST_AUTO_TEST_SUITE_END()
