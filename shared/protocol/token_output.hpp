// `ambient-oidc token`: hands the token over on stdout, in a file, or as JSON
// (ambient-oidc(1) COMMANDS).
#pragma once

#include <ostream>
#include <string>

#include "provider/obtain.hpp"

namespace ambient_oidc::protocol {

struct TokenOutput {
    std::string output_file;  // empty: stdout
    bool json = false;
};

// stdout: the token and one newline. output_file: the token written atomically, mode 0600, no
// newline, nothing printed. json: {"token","provider","audience","expires_at","cached"}; with
// output_file as well the JSON is printed without "token". Throws Error for a failed write, or
// for an output_file through another user's symbolic link or in another user's directory
// (refuse_foreign_links).
void write_token(const provider::Obtained& obtained, const TokenOutput& options, std::ostream& out);

}  // namespace ambient_oidc::protocol
