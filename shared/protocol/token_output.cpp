#include "protocol/token_output.hpp"

#include "core/atomic_file.hpp"
#include "core/json.hpp"
#include "core/output_path.hpp"

namespace ambient_oidc::protocol {

void write_token(const provider::Obtained& obtained, const TokenOutput& options,
                 std::ostream& out) {
    const std::string& raw = obtained.token.token.reveal();
    if (!options.output_file.empty()) {
        refuse_foreign_links(options.output_file);
        write_file_atomic(options.output_file, raw, 0600);
    }
    if (options.json) {
        out << "{";
        if (options.output_file.empty()) {
            out << "\"token\":" << json_quote(raw) << ",";
        }
        out << "\"provider\":" << json_quote(obtained.provider)
            << ",\"audience\":" << json_quote(obtained.audience)
            << ",\"expires_at\":" << json_quote(format_rfc3339(obtained.token.expires_at))
            << ",\"cached\":" << (obtained.cached ? "true" : "false") << "}\n";
    } else if (options.output_file.empty()) {
        out << raw << '\n';
    }
    out.flush();
}

}  // namespace ambient_oidc::protocol
