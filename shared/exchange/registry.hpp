// The exchange services, in the order `--help` and ambient-oidc(1) list them, and lookup by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

using ServiceList = std::vector<std::unique_ptr<Service>>;

// Every service (one instance each, made once).
const ServiceList& all_services();

// The service called name, or nullptr.
const Service* find_service(const std::string& name);

// The service called name. Throws Error(Usage) listing the known services otherwise; what names
// where the name came from ("exchange", "--exchange").
const Service& service_named(const std::string& name, const std::string& what);

// Every service's options, each name once (the first service's help), for the command line.
const std::vector<Option>& all_options();

// True when option is one of service's, or "audience".
bool takes_option(const Service& service, const std::string& option);

// Throws Error(Usage) for a flag that is another service's option but not this one's
// (`exchange pypi --package x`).
void check_flags(const Service& service, const config::Flags& flags);

}  // namespace ambient_oidc::exchange
