#include "config/registry_name.hpp"

#include <stdexcept>

#include "net/url.hpp"

namespace ambient_oidc::config {

namespace {

// host[:port] with the host in lower case; what names the thing in errors; docker_aliases maps
// Docker Hub's names to docker.io.
std::string host_port(std::string_view name, const char* what, bool docker_aliases) {
    if (name.find("://") != std::string_view::npos || name.find('/') != std::string_view::npos) {
        throw std::invalid_argument(std::string(what) +
                                    " is named host[:port], without a scheme or a path");
    }
    if (name.find('@') != std::string_view::npos) {
        throw std::invalid_argument("user information ('user@') is not supported");
    }
    if (name.find_first_of("?#") != std::string_view::npos) {
        throw std::invalid_argument("a query or fragment is not supported");
    }
    const net::Authority authority = net::parse_authority(name);
    std::string host = authority.host;
    if (docker_aliases && (host == "index.docker.io" || host == "registry-1.docker.io")) {
        host = "docker.io";
    }
    if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    return authority.port.empty() ? host : host + ":" + authority.port;
}

}  // namespace

std::string registry_name(std::string_view name) {
    return host_port(name, "a registry", true);
}

std::string git_host_name(std::string_view name) {
    return host_port(name, "a git host", false);
}

}  // namespace ambient_oidc::config
