#include "exchange/registry.hpp"

#include "core/error.hpp"
#include "exchange/azure.hpp"
#include "exchange/crates_io.hpp"
#include "exchange/docker_hub.hpp"
#include "exchange/jfrog.hpp"
#include "exchange/npm.hpp"
#include "exchange/octo_sts.hpp"
#include "exchange/pypi.hpp"
#include "exchange/rubygems.hpp"
#include "exchange/vault.hpp"

namespace ambient_oidc::exchange {

const ServiceList& all_services() {
    static const ServiceList services = [] {
        ServiceList list;
        list.push_back(std::make_unique<Pypi>());
        list.push_back(std::make_unique<CratesIo>());
        list.push_back(std::make_unique<Npm>());
        list.push_back(std::make_unique<Rubygems>());
        list.push_back(std::make_unique<Nuget>());
        list.push_back(std::make_unique<DockerHub>());
        list.push_back(std::make_unique<Jfrog>());
        list.push_back(std::make_unique<Vault>());
        list.push_back(std::make_unique<Azure>());
        list.push_back(std::make_unique<OctoSts>());
        return list;
    }();
    return services;
}

const Service* find_service(const std::string& name) {
    for (const auto& service : all_services()) {
        if (service->name() == name) {
            return service.get();
        }
    }
    return nullptr;
}

const Service& service_named(const std::string& name, const std::string& what) {
    if (const Service* service = find_service(name)) {
        return *service;
    }
    std::string known;
    for (const auto& service : all_services()) {
        known += (known.empty() ? "" : ", ") + service->name();
    }
    throw Error(ErrorKind::Usage,
                what + ": unknown service '" + name + "'; known services: " + known);
}

const std::vector<Option>& all_options() {
    static const std::vector<Option> options = [] {
        std::vector<Option> list;
        for (const auto& service : all_services()) {
            for (const Option& option : service->options()) {
                bool known = false;
                for (const Option& listed : list) {
                    known = known || std::string(listed.name) == option.name;
                }
                if (!known) {
                    list.push_back(option);
                }
            }
        }
        return list;
    }();
    return options;
}

bool takes_option(const Service& service, const std::string& option) {
    if (option == "audience") {
        return true;
    }
    for (const Option& own : service.options()) {
        if (option == own.name) {
            return true;
        }
    }
    return false;
}

void check_flags(const Service& service, const config::Flags& flags) {
    for (const Option& option : all_options()) {
        if (flags.count(option.name) != 0 && !takes_option(service, option.name)) {
            throw Error(ErrorKind::Usage, "option --" + std::string(option.name) +
                                              " does not apply to the " + service.name() +
                                              " exchange");
        }
    }
}

}  // namespace ambient_oidc::exchange
