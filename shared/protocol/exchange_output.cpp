#include "protocol/exchange_output.hpp"

#include "core/atomic_file.hpp"
#include "core/duration.hpp"
#include "core/json.hpp"
#include "core/output_path.hpp"

namespace ambient_oidc::protocol {

void write_credential(const exchange::Exchanged& exchanged, const std::string& service,
                      const TokenOutput& options, std::ostream& out) {
    const std::string& secret = exchanged.credential.secret;
    if (!options.output_file.empty()) {
        refuse_foreign_links(options.output_file);
        write_file_atomic(options.output_file, secret, 0600);
    }
    if (options.json) {
        out << "{\"service\":" << json_quote(service);
        if (options.output_file.empty()) {
            out << ",\"credential\":" << json_quote(secret);
        }
        if (exchanged.credential.expires_at) {
            out << ",\"expires_at\":"
                << json_quote(format_rfc3339(*exchanged.credential.expires_at));
        }
        out << ",\"provider\":" << json_quote(exchanged.provider) << "}\n";
    } else if (options.output_file.empty()) {
        out << secret << '\n';
    }
    out.flush();
}

}  // namespace ambient_oidc::protocol
