// The name a container registry goes by, in the `registries` configuration and in the Docker
// helper's lookups.
#pragma once

#include <string>
#include <string_view>

namespace ambient_oidc::config {

// "host[:port]" with the host in lower case (registry names ignore case), and Docker Hub's
// names (docker.io, index.docker.io, registry-1.docker.io) all as "docker.io". Throws
// std::invalid_argument saying what is wrong: a scheme or a path, user information, a query,
// no host or a bad one, a bad port.
std::string registry_name(std::string_view name);

// A git host as the `git` configuration and git's `host` value name it: "host[:port]" with the
// host in lower case. Throws std::invalid_argument as registry_name does.
std::string git_host_name(std::string_view name);

}  // namespace ambient_oidc::config
