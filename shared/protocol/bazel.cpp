#include "protocol/bazel.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/json.hpp"
#include "net/url.hpp"

namespace ambient_oidc::protocol {

const config::UriEntry* find_uri(const config::Settings& settings, const std::string& uri) {
    net::ServiceUri asked;
    try {
        asked = net::parse_service_uri(uri);
    } catch (const std::invalid_argument&) {
        return nullptr;  // user information, no host: nothing configured can cover it
    }
    const config::UriEntry* best = nullptr;
    std::size_t best_length = 0;
    for (const auto& [prefix, entry] : settings.uris) {
        try {
            const net::ServiceUri configured = net::parse_service_uri(prefix);
            if (net::is_under(asked, configured) &&
                (best == nullptr || configured.path.size() > best_length)) {
                best = &entry;
                best_length = configured.path.size();
            }
        } catch (const std::invalid_argument&) {
            // The configuration refuses such a prefix; one set otherwise never matches.
        }
    }
    return best;
}

void run_bazel_get(const config::Settings& settings, std::istream& in, std::ostream& out,
                   const ObtainFn& obtain) {
    const auto text = read_stream(in, 64 * 1024);
    if (!text) {
        throw Error(ErrorKind::Usage, "the request on stdin is larger than 64 KiB");
    }
    Poco::JSON::Object::Ptr request;
    try {
        request = parse_json_object(*text);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage, std::string("the request on stdin is ") + error.what());
    }
    if (!request->has("uri") || !request->get("uri").isString()) {
        throw Error(ErrorKind::Usage, "the request on stdin has no \"uri\" string");
    }
    const config::UriEntry* entry = find_uri(settings, request->get("uri").toString());
    if (entry == nullptr) {
        out << "{}\n";
        return;
    }
    const provider::Obtained obtained =
        obtain(entry->audience.empty() ? settings.audience : entry->audience);
    out << "{\"headers\":{\"Authorization\":["
        << json_quote("Bearer " + obtained.token.token.reveal())
        << "]},\"expires\":" << json_quote(format_rfc3339(obtained.token.expires_at)) << "}\n";
}

}  // namespace ambient_oidc::protocol
