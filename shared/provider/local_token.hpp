// Tokens that are already on the machine: in a file or in a variable.
#pragma once

#include <string>

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

// Reads the token in a file: it must be a regular file of at most 64 KiB (read without
// blocking, so a FIFO or a device cannot hang the run). Throws Error(Rejected) naming the path
// when it cannot be read, Error(InvalidToken) when it is larger, and Error(Usage) when it cannot
// be trusted (untrusted_file_reason: another user, or a directory others may write, could have
// put the token there).
std::string read_token_file(const std::string& path, const std::string& what);

// The token in the variable (name: a name that fits variable's pattern, else variable.name),
// trimmed, registered with the logger as a secret. Throws Error(NoCredential) when it is unset or
// empty, Error(InvalidToken) when it is larger than 64 KiB.
std::string read_token_variable(const FetchContext& context, const Variable& variable,
                                const std::string& name = "");

// A provider whose token is in the file a variable names (AWS web identity, AKS workload
// identity): present when the variable is set.
class FileNamedByVariable : public Provider {
  public:
    explicit FileNamedByVariable(const Variable& variable) : variable_(variable) {}
    std::string requirement() const override { return std::string(variable_.name) + " set"; }
    std::vector<Variable> variables() const override { return {variable_}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;

  private:
    Variable variable_;
};

}  // namespace ambient_oidc::provider
