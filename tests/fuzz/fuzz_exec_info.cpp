// The Kubernetes exec credential protocol: `ambient-oidc exec-credential` with kubectl's
// KUBERNETES_EXEC_INFO. Input: the variable's value.
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "fuzz_protocol_stub.hpp"
#include "protocol/kubernetes.hpp"

namespace protocol = ambient_oidc::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ambient_oidc::config::Settings settings;  // no audience configured
    static const protocol::ObtainFn obtain = fuzz::fixed_token_obtain();
    std::ostringstream out;
    try {
        protocol::run_exec_credential(std::string(fuzz::text(data, size)), std::nullopt, settings,
                                      obtain, out);
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
        FUZZ_CHECK(out.str().empty());  // nothing on stdout on failure
        return 0;
    }
    // kubectl reads back one ExecCredential of the version it asked for.
    const auto answer = ambient_oidc::parse_json_object(out.str());
    const std::string version = answer->getValue<std::string>("apiVersion");
    FUZZ_CHECK(version == protocol::kExecCredentialV1 ||
               version == protocol::kExecCredentialV1beta1);
    FUZZ_CHECK(answer->getValue<std::string>("kind") == "ExecCredential");
    FUZZ_CHECK(!answer->getObject("status")->getValue<std::string>("token").empty());
    return 0;
}
