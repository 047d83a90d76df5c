#include "protocol/kubernetes.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace ambient_oidc::protocol {

namespace {

constexpr std::size_t kMaxExecInfo = 1024 * 1024;

[[noreturn]] void bad_info(const std::string& what) {
    throw Error(ErrorKind::Usage, "KUBERNETES_EXEC_INFO " + what);
}

Poco::JSON::Object::Ptr object_at(const Poco::JSON::Object::Ptr& parent, const std::string& key,
                                  const std::string& path) {
    if (parent.isNull() || !parent->has(key)) {
        return {};
    }
    const Poco::Dynamic::Var value = parent->get(key);
    if (value.isEmpty()) {
        return {};
    }
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
        bad_info("has " + path + " but it is not an object");
    }
    return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

ExecInfo parse_exec_info(const std::optional<std::string>& text) {
    ExecInfo info;
    if (!text || trim(*text).empty()) {
        return info;
    }
    if (text->size() > kMaxExecInfo) {
        bad_info("is larger than 1 MiB");
    }
    Poco::JSON::Object::Ptr request;
    try {
        request = parse_json_object(*text);
    } catch (const std::invalid_argument& error) {
        bad_info(std::string("is ") + error.what());
    }
    if (request->has("kind") &&
        !(request->get("kind").isString() && request->get("kind").toString() == "ExecCredential")) {
        bad_info("is not an ExecCredential (\"kind\" is not \"ExecCredential\")");
    }
    if (!request->has("apiVersion") || !request->get("apiVersion").isString()) {
        bad_info("has no \"apiVersion\" string");
    }
    info.api_version = request->get("apiVersion").toString();
    if (info.api_version != kExecCredentialV1 && info.api_version != kExecCredentialV1beta1) {
        bad_info("asks for apiVersion '" + printable(info.api_version, 100) + "'; expected " +
                 kExecCredentialV1 + " or " + kExecCredentialV1beta1);
    }
    const auto spec = object_at(request, "spec", "spec");
    const auto cluster = object_at(spec, "cluster", "spec.cluster");
    const auto config = object_at(cluster, "config", "spec.cluster.config");
    if (!config.isNull() && config->has("audience")) {
        const Poco::Dynamic::Var audience = config->get("audience");
        if (!audience.isString() || audience.toString().empty()) {
            bad_info(
                "has spec.cluster.config.audience but it is not a non-empty string: set "
                "audience in the cluster's client.authentication.k8s.io/exec extension");
        }
        info.cluster_audience = audience.toString();
    }
    return info;
}

std::string exec_credential_audience(const ExecInfo& info,
                                     const std::optional<std::string>& flag_audience,
                                     const config::Settings& settings) {
    if (flag_audience) {
        return *flag_audience;
    }
    if (info.cluster_audience) {
        return *info.cluster_audience;
    }
    if (settings.audience_configured) {
        return settings.audience;
    }
    throw Error(ErrorKind::Usage,
                "exec-credential needs the cluster's audience: add --audience AUD to the "
                "kubeconfig's exec args, or set audience in the cluster's "
                "client.authentication.k8s.io/exec extension with provideClusterInfo: true, or "
                "set AMBIENT_OIDC_AUDIENCE (the default sigstore is never used for a cluster)");
}

void write_exec_credential(const ExecInfo& info, const provider::Obtained& obtained,
                           std::ostream& out) {
    out << "{\"apiVersion\":" << json_quote(info.api_version)
        << ",\"kind\":\"ExecCredential\",\"status\":{\"token\":"
        << json_quote(obtained.token.token.reveal())
        << ",\"expirationTimestamp\":" << json_quote(format_rfc3339(obtained.token.expires_at))
        << "}}\n";
    out.flush();
}

void run_exec_credential(const std::optional<std::string>& exec_info,
                         const std::optional<std::string>& flag_audience,
                         const config::Settings& settings, const ObtainFn& obtain,
                         std::ostream& out) {
    const ExecInfo info = parse_exec_info(exec_info);
    const provider::Obtained obtained =
        obtain(exec_credential_audience(info, flag_audience, settings));
    write_exec_credential(info, obtained, out);
}

}  // namespace ambient_oidc::protocol
