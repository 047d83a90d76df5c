#include "support/fake_services.hpp"

#include <Poco/JSON/Object.h>

#include <random>

#include "core/json.hpp"
#include "support/fake_sts.hpp"

namespace ambient_oidc::test {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The service whose exchange request this is ("" when none), and the JWT it carries.
std::pair<std::string, std::string> exchange_of(const SeenRequest& request) {
    const std::string path = request.path();
    if (request.method == "POST" && path == "/oauth/token") {
        return {"docker-hub", form_field(request.body, "subject_token")};
    }
    if (request.method == "POST" && ends_with(path, "/access/api/v1/oidc/token")) {
        return {"jfrog", json_field(request.body, "subject_token")};
    }
    if (request.method == "POST" && starts_with(path, "/v1/auth/") && ends_with(path, "/login")) {
        return {"vault", json_field(request.body, "jwt")};
    }
    if (request.method == "POST" && ends_with(path, "/oauth2/v2.0/token")) {
        return {"azure", form_field(request.body, "client_assertion")};
    }
    if (request.method == "GET" && path == "/sts/exchange") {
        const std::string authorization = request.header("Authorization").value_or("");
        return {"octo-sts", starts_with(authorization, "Bearer ") ? authorization.substr(7) : ""};
    }
    return {"", ""};
}

}  // namespace

std::string json_field(const std::string& body, const std::string& name) {
    try {
        const auto object = parse_json_object(body);
        const auto value = object->get(name);
        return value.isString() ? value.toString() : "";
    } catch (const std::exception&) {
        return "";
    }
}

FakeServices::FakeServices(const TestPki& pki, Minted minted)
    : minted_(std::move(minted)), server_([&] {
          FakeServer::Options options;
          options.cert_file = pki.cert_file;
          options.key_file = pki.key_file;
          options.route = [this](const SeenRequest& request) { return answer(request); };
          return options;
      }()) {}

void FakeServices::script(std::vector<Step> faults) {
    const std::lock_guard lock(mutex_);
    faults_ = std::move(faults);
}

void FakeServices::set_lifetime(std::chrono::seconds lifetime) {
    const std::lock_guard lock(mutex_);
    lifetime_ = lifetime;
}

std::string FakeServices::url(const std::string& path) const {
    return server_.url(path);
}

std::vector<SeenRequest> FakeServices::exchanges() const {
    const std::lock_guard lock(mutex_);
    return exchanges_;
}

std::vector<std::string> FakeServices::subject_tokens() const {
    const std::lock_guard lock(mutex_);
    return subject_tokens_;
}

bool FakeServices::issued(const std::string& credential) const {
    const std::lock_guard lock(mutex_);
    return issued_.count(credential) != 0;
}

std::vector<std::string> FakeServices::revoked() const {
    const std::lock_guard lock(mutex_);
    return revoked_;
}

std::string FakeServices::issue(const std::string& prefix) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const std::lock_guard lock(mutex_);
    const std::string credential =
        prefix + std::to_string(++serial_) + "x" + std::to_string(random() % 1'000'000'000'000ULL);
    issued_.insert(credential);
    return credential;
}

std::optional<Step> FakeServices::answer(const SeenRequest& request) {
    const std::string path = request.path();
    if (request.method == "POST" && path == "/v1/auth/token/revoke-self") {
        const std::string token = request.header("X-Vault-Token").value_or("");
        const std::lock_guard lock(mutex_);
        if (issued_.erase(token) == 0) {
            return vault_error(403, {"permission denied"});
        }
        revoked_.push_back(token);
        return Step::respond(204);
    }
    const auto [service, jwt] = exchange_of(request);
    if (service.empty()) {
        return Step::respond(404, "{\"message\":\"not found\"}", kJson);
    }
    std::chrono::seconds lifetime{};
    {
        const std::lock_guard lock(mutex_);
        exchanges_.push_back(request);
        subject_tokens_.push_back(jwt);
        if (!faults_.empty()) {
            Step fault = faults_.front();
            faults_.erase(faults_.begin());
            return fault;
        }
        lifetime = lifetime_;
    }
    const bool minted = !jwt.empty() && minted_(jwt);
    const std::string expires_in = std::to_string(lifetime.count());
    if (service == "docker-hub") {
        if (!minted) {
            return docker_error(401, "invalid subject token");
        }
        return Step::respond(200,
                             "{\"access_token\":" + json_quote(issue("dckr_oat_")) +
                                 ",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:"
                                 "access_token\",\"token_type\":\"Bearer\",\"expires_in\":" +
                                 expires_in + "}",
                             kJson);
    }
    if (service == "jfrog") {
        if (!minted) {
            return jfrog_error(401, "Failed to validate the OIDC token");
        }
        return Step::respond(200,
                             "{\"access_token\":" + json_quote(issue("jfrog-")) +
                                 ",\"token_type\":\"Bearer\",\"username\":\"ci-bot\","
                                 "\"expires_in\":" +
                                 expires_in + "}",
                             kJson);
    }
    if (service == "vault") {
        if (!minted) {
            return vault_error(400, {"error validating token: invalid signature"});
        }
        return Step::respond(
            200,
            "{\"request_id\":\"r\",\"auth\":{\"client_token\":" + json_quote(issue("hvs.")) +
                ",\"policies\":[\"default\"],\"lease_duration\":" + expires_in +
                ",\"renewable\":true}}",
            kJson);
    }
    if (service == "azure") {
        if (!minted) {
            return entra_error(401, "invalid_client", 700211,
                               "No matching federated identity record found for presented "
                               "assertion issuer.");
        }
        return Step::respond(200,
                             "{\"token_type\":\"Bearer\",\"expires_in\":" + expires_in +
                                 ",\"ext_expires_in\":" + expires_in +
                                 ",\"access_token\":" + json_quote(issue("eyJ0eXAi.entra.")) + "}",
                             kJson);
    }
    if (!minted) {  // octo-sts
        return octo_sts_error(401, "unable to verify bearer token");
    }
    return Step::respond(200, "{\"token\":" + json_quote(issue("ghs_")) + "}", kJson);
}

Step FakeServices::vault_error(int status, const std::vector<std::string>& errors) {
    std::string body = "{\"errors\":[";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        body += (i == 0 ? "" : ",") + json_quote(errors[i]);
    }
    return Step::respond(status, body + "]}", kJson);
}

Step FakeServices::entra_error(int status, const std::string& error, int code,
                               const std::string& description) {
    return Step::respond(status,
                         "{\"error\":" + json_quote(error) + ",\"error_description\":" +
                             json_quote("AADSTS" + std::to_string(code) + ": " + description +
                                        " Trace ID: 0000 Correlation ID: 1111 Timestamp: "
                                        "2026-12-02 14:00:00Z") +
                             ",\"error_codes\":[" + std::to_string(code) +
                             "],\"timestamp\":\"2026-12-02 14:00:00Z\",\"trace_id\":\"0000\"}",
                         kJson);
}

Step FakeServices::docker_error(int status, const std::string& message) {
    return Step::respond(status, "{\"message\":" + json_quote(message) + "}", kJson);
}

Step FakeServices::jfrog_error(int status, const std::string& message) {
    return Step::respond(
        status,
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":" + json_quote(message) + "}]}",
        kJson);
}

Step FakeServices::octo_sts_error(int status, const std::string& message) {
    return Step::respond(status, "{\"code\":16,\"message\":" + json_quote(message) + "}", kJson);
}

}  // namespace ambient_oidc::test
