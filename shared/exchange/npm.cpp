#include "exchange/npm.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "exchange/answer.hpp"

namespace ambient_oidc::exchange {

namespace {

constexpr const char* kRegistry = "https://registry.npmjs.org/";

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

bool valid_part(const std::string& part) {
    return !part.empty() && part[0] != '.' && part[0] != '_' &&
           std::all_of(part.begin(), part.end(), name_char);
}

// The `name` of ./package.json, or "" when there is no such file or name.
std::string package_json_name() {
    const FileRead file = read_regular_file("package.json", 1024 * 1024);
    if (!file.ok) {
        return "";
    }
    try {
        const auto value = parse_json_object(file.text)->get("name");
        return value.isString() ? value.toString() : "";
    } catch (const std::invalid_argument&) {
        return "";
    }
}

}  // namespace

std::string npm_escaped_name(const std::string& name) {
    if (name.empty() || name.size() > 214) {
        throw std::invalid_argument("is not an npm package name (1 to 214 characters)");
    }
    if (name[0] == '@') {
        const auto slash = name.find('/');
        if (slash == std::string::npos || !valid_part(name.substr(1, slash - 1)) ||
            !valid_part(name.substr(slash + 1))) {
            throw std::invalid_argument("is not a scoped npm package name (@scope/name)");
        }
        return name.substr(0, slash) + "%2f" + name.substr(slash + 1);
    }
    if (!valid_part(name)) {
        throw std::invalid_argument(
            "is not an npm package name (lower case letters, digits and - . _ ~)");
    }
    return name;
}

std::string npm_nerf_dart(const net::Url& registry) {
    std::string path = registry.path.empty() ? "/" : registry.path;
    if (path.back() != '/') {
        path += '/';
    }
    return "//" + registry.authority() + path;
}

std::vector<Option> Npm::options() const {
    return {kRegistryOption,
            {"package", "NAME", "npm: the package to publish (default: ./package.json's name)"}};
}

Plan Npm::plan(const Inputs& inputs) const {
    const net::Url registry = url_option(inputs, "registry", kRegistry);
    const auto given = inputs.get("package");
    const std::string name = given.value_or(package_json_name());
    if (name.empty()) {
        throw Error(ErrorKind::Usage, "npm needs the package's name: " + inputs.where("package") +
                                          ", or a ./package.json with a \"name\"");
    }
    std::string escaped;
    try {
        escaped = npm_escaped_name(name);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage,
                    (given ? inputs.where("package") : std::string("./package.json's name")) +
                        ": '" + printable(name, 100) + "' " + error.what());
    }
    Plan plan;
    plan.audience = "npm:" + registry.host;
    const std::string nerf_dart = npm_nerf_dart(registry);
    const std::string base = registry.scheme + ":" + nerf_dart;  // https://HOST/PATH/
    plan.url = net::parse_url(base + "-/npm/v1/oidc/token/exchange/package/" + escaped);
    plan.values["what"] = "package " + name;
    plan.values["nerf_dart"] = nerf_dart;
    if (inputs.get("registry")) {
        plan.values["registry"] = registry.str();
    }
    return plan;
}

net::HttpRequest Npm::request(const Plan& plan, const std::string& token) const {
    return bearer_request("POST", plan.url, token);
}

Credential Npm::parse(std::string_view body, WallTime) const {
    Credential credential;
    credential.secret = required_string(*answer_object(body, title()), "token", title());
    return credential;
}

Variables Npm::variables(const Plan& plan, const Credential& credential) const {
    Variables variables = {
        {"NODE_AUTH_TOKEN", credential.secret},
        {"npm_config_" + plan.value("nerf_dart") + ":_authToken", credential.secret}};
    if (const std::string registry = plan.value("registry"); !registry.empty()) {
        variables.emplace_back("npm_config_registry", registry);
    }
    return variables;
}

}  // namespace ambient_oidc::exchange
