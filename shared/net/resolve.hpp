// Host name resolution under the attempt's deadline. getaddrinfo cannot be cancelled, so a name
// lookup runs on a detached thread that is abandoned when the deadline passes or a signal arrives;
// literal addresses are converted inline.
#pragma once

#include <Poco/Net/SocketAddress.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace ambient_oidc::net {

// The addresses of host, in getaddrinfo's order. Throws AttemptError: Transient when the name
// does not resolve or the deadline passes, Interrupted on a signal.
std::vector<Poco::Net::SocketAddress> resolve(const std::string& host, std::uint16_t port,
                                              SteadyTime deadline);

}  // namespace ambient_oidc::net
