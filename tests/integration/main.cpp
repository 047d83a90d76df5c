#define BOOST_TEST_MODULE ambient_oidc_integration
#include <boost/test/unit_test.hpp>
