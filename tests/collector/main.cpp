#define BOOST_TEST_MODULE collector
#include <boost/test/unit_test.hpp>
