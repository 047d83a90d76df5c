// Preconditions for the test cases that need what a machine may lack: root, a private mount
// namespace, a real client program. Unmet, the case is skipped and one line
// "SKIP <case>: <reason>" goes to stdout (scripts/test lists those lines after ctest). With
// AMBIENT_OIDC_TEST_NO_SKIP=1 in the environment (.ci/run, as root, on a machine that has
// everything) the case runs anyway, so that an unmet need fails it instead of hiding it.
#pragma once

#include <boost/test/unit_test.hpp>
#include <string>

namespace ambient_oidc::test {

// The case runs only as root; why says what it does with root's rights.
boost::unit_test::precondition needs_root(std::string why);

// The case runs only where `unshare --mount --propagation private` works (root, and not in a
// container without CAP_SYS_ADMIN).
boost::unit_test::precondition needs_private_mount_namespace();

// The absolute path of program in a directory of the test's PATH, or "" when there is none.
std::string find_on_path(const std::string& program);

// The case runs only where program is found on PATH (a real client, such as kubectl).
boost::unit_test::precondition needs_program(std::string program);

// The case runs only where Debian's Python 3 has gRPC (python3-grpcio, which scripts/deps
// installs): the fake SPIFFE Workload API is a real gRPC server.
boost::unit_test::precondition needs_python_grpc();

}  // namespace ambient_oidc::test
