#define BOOST_TEST_MODULE ambient_oidc_unit
#include <boost/test/unit_test.hpp>
