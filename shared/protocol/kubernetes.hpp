// The Kubernetes client-go exec credential plugin (ambient-oidc(1) KUBERNETES): kubectl runs
// `ambient-oidc exec-credential` for every command, describes the request in
// KUBERNETES_EXEC_INFO, and reads an ExecCredential with the token on stdout.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "config/settings.hpp"
#include "protocol/docker.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::protocol {

constexpr const char* kExecCredentialV1 = "client.authentication.k8s.io/v1";
constexpr const char* kExecCredentialV1beta1 = "client.authentication.k8s.io/v1beta1";

// What KUBERNETES_EXEC_INFO asks for.
struct ExecInfo {
    std::string api_version = kExecCredentialV1;
    std::optional<std::string> cluster_audience;  // spec.cluster.config.audience
};

// Parses KUBERNETES_EXEC_INFO; nullopt or empty text (an older client) asks for v1. Throws
// Error(Usage) for text that is not a JSON ExecCredential of version v1 or v1beta1, or whose
// spec.cluster.config.audience is there but not a non-empty string.
ExecInfo parse_exec_info(const std::optional<std::string>& text);

// The token's audience: flag_audience (--audience), else the cluster's, else the configured
// audience when one was set (never the default sigstore). Throws Error(Usage) when there is none.
std::string exec_credential_audience(const ExecInfo& info,
                                     const std::optional<std::string>& flag_audience,
                                     const config::Settings& settings);

// Writes the ExecCredential for obtained, of info's version, as one line.
void write_exec_credential(const ExecInfo& info, const provider::Obtained& obtained,
                           std::ostream& out);

// The whole command: parses exec_info, chooses the audience, obtains the token and writes the
// answer; nothing is written before the token is there. Throws Error.
void run_exec_credential(const std::optional<std::string>& exec_info,
                         const std::optional<std::string>& flag_audience,
                         const config::Settings& settings, const ObtainFn& obtain,
                         std::ostream& out);

}  // namespace ambient_oidc::protocol
