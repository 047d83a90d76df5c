#include "support/preconditions.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace ambient_oidc::test {

namespace {

using boost::test_tools::assertion_result;
using boost::unit_test::test_unit_id;

bool no_skip() {
    const char* value = std::getenv("AMBIENT_OIDC_TEST_NO_SKIP");
    return value != nullptr && std::string(value) == "1";
}

// A precondition that is met when met() says so; otherwise it prints the SKIP line and skips,
// or, with AMBIENT_OIDC_TEST_NO_SKIP=1, lets the case run (and fail).
template <typename Met>
boost::unit_test::precondition skip_unless(Met met, std::string reason) {
    return boost::unit_test::precondition([met, reason](test_unit_id id) -> assertion_result {
        if (met() || no_skip())
            return true;
        const std::string name =
            boost::unit_test::framework::get(id, boost::unit_test::TUT_ANY).full_name();
        std::cout << "SKIP " << name << ": " << reason << std::endl;
        assertion_result result(false);
        result.message() << reason;
        return result;
    });
}

}  // namespace

std::string find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0)
            return dir + "/" + program;
    }
    return "";
}

boost::unit_test::precondition needs_root(std::string why) {
    return skip_unless([] { return ::geteuid() == 0; }, "needs root to " + why);
}

boost::unit_test::precondition needs_private_mount_namespace() {
    return skip_unless(
        [] {
            return ::geteuid() == 0 &&
                   std::system("unshare --mount --propagation private true >/dev/null 2>&1") == 0;
        },
        "needs a private mount namespace (root, with CAP_SYS_ADMIN): unshare --mount failed");
}

boost::unit_test::precondition needs_program(std::string program) {
    return skip_unless([program] { return !find_on_path(program).empty(); },
                       "needs " + program + " on PATH (a real client), which this machine lacks");
}

boost::unit_test::precondition needs_python_grpc() {
    return skip_unless(
        [] {
            static const bool has =  // asked once: importing grpc takes a while
                std::system("/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1") == 0;
            return has;
        },
        "needs /usr/bin/python3 with gRPC (Debian's python3-grpcio; scripts/deps installs it)");
}

}  // namespace ambient_oidc::test
