#include "protocol/vault.hpp"

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/text.hpp"

namespace ambient_oidc::protocol {

int run_vault(const std::string& action, bool role_configured, std::istream& in, std::ostream& out,
              Logger& log, const VaultTokenFn& get_token, const VaultEraseFn& erase) {
    if (action == "store") {
        // The CLI hands over a token it got by `vault login`; the token here is ambient.
        read_stream(in, 64 * 1024);
        return 0;
    }
    if (action == "erase") {
        erase();
        return 0;
    }
    if (action != "get") {
        throw Error(ErrorKind::Usage,
                    "unknown action '" + printable(action, 40) +
                        "'; usage: vault-token-helper-ambient-oidc get|store|erase");
    }
    if (!role_configured) {
        log.warn(kNoVaultRole);
        return 0;
    }
    const ServiceCredential token = get_token();
    out << token.value << '\n';
    return 0;
}

}  // namespace ambient_oidc::protocol
