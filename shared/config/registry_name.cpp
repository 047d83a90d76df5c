#include "config/registry_name.hpp"

#include <stdexcept>

#include "net/url.hpp"

namespace ambient_oidc::config {

std::string registry_name(std::string_view name) {
    if (name.find("://") != std::string_view::npos || name.find('/') != std::string_view::npos) {
        throw std::invalid_argument("a registry is named host[:port], without a scheme or a path");
    }
    if (name.find('@') != std::string_view::npos) {
        throw std::invalid_argument("user information ('user@') is not supported");
    }
    if (name.find_first_of("?#") != std::string_view::npos) {
        throw std::invalid_argument("a query or fragment is not supported");
    }
    const net::Authority authority = net::parse_authority(name);
    std::string host = authority.host;
    if (host == "index.docker.io" || host == "registry-1.docker.io") {
        host = "docker.io";
    }
    if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    return authority.port.empty() ? host : host + ":" + authority.port;
}

}  // namespace ambient_oidc::config
