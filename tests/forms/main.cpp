#define BOOST_TEST_MODULE forms
#include <boost/test/unit_test.hpp>
