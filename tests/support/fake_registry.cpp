#include "support/fake_registry.hpp"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <stdexcept>

#include "core/json.hpp"
#include "support/fake_services.hpp"  // json_field
#include "support/jwt.hpp"
#include "token/jwt.hpp"

namespace ambient_oidc::test {

namespace {

const HeaderList kJson = {{"Content-Type", "application/json"}};

std::string path_of(const SeenRequest& request) {
    return request.target.substr(0, request.target.find('?'));
}

std::string audience_of(const std::string& token) {
    try {
        const auto value = token::decode_jwt(token).claims->get("aud");
        return value.isString() ? value.toString() : "";
    } catch (const std::exception&) {
        return "";
    }
}

long long unix_in(std::chrono::seconds from_now) {
    return std::chrono::duration_cast<std::chrono::seconds>(
               (std::chrono::system_clock::now() + from_now).time_since_epoch())
        .count();
}

// The refusal each service answers with, in its own form.
Step refusal_step(const std::string& service, const std::string& code, const std::string& text) {
    if (service == "pypi") {
        return Step::respond(422,
                             R"({"message":"Token request failed","errors":[{"code":)" +
                                 json_quote(code) + R"(,"description":)" + json_quote(text) + "}]}",
                             kJson);
    }
    if (service == "crates-io") {
        return Step::respond(400, R"({"errors":[{"detail":)" + json_quote(text) + "}]}", kJson);
    }
    return Step::respond(401, R"({"error":)" + json_quote(text) + "}", kJson);
}

}  // namespace

std::function<std::optional<Step>(const SeenRequest&)> Minter::route(std::string bearer) {
    return [this, bearer](const SeenRequest& request) -> std::optional<Step> {
        if (request.header("Authorization") != "Bearer " + bearer) {
            return Step::respond(401);
        }
        std::lock_guard<std::mutex> lock(mutex_);
        const std::string token = make_token(request.query_param("audience").value_or(""), 300, 0,
                                             "minted-" + std::to_string(++next_));
        tokens_.push_back(token);
        return Step::token_json(token);
    };
}

void Minter::trust(const std::string& token) {
    std::lock_guard<std::mutex> lock(mutex_);
    tokens_.push_back(token);
}

bool Minter::minted(const std::string& token) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& known : tokens_) {
        if (known == token) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> Minter::tokens() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tokens_;
}

FakeRegistry::FakeRegistry(const TestPki& pki, const Minter& minter)
    : minter_(minter), server_([&] {
          FakeServer::Options options;
          options.cert_file = pki.cert_file;
          options.key_file = pki.key_file;
          options.route = [this](const SeenRequest& request) { return handle(request); };
          return options;
      }()) {}

std::string FakeRegistry::url(const std::string& path) const {
    return server_.url(path);
}

void FakeRegistry::script(std::vector<Step> faults) {
    std::lock_guard<std::mutex> lock(mutex_);
    faults_ = std::move(faults);
}

void FakeRegistry::lose_answers(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    lose_ = n;
}

void FakeRegistry::refuse(int status, std::string body) {
    std::lock_guard<std::mutex> lock(mutex_);
    refusal_ = std::make_pair(status, std::move(body));
}

std::vector<std::string> FakeRegistry::exchange_tokens() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return exchange_tokens_;
}

std::vector<std::string> FakeRegistry::issued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return issued_;
}

std::vector<std::string> FakeRegistry::revoked() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return revoked_;
}

std::vector<std::string> FakeRegistry::refusals() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return refusals_;
}

std::vector<std::string> FakeRegistry::uploads(const std::string& service) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = uploads_.find(service);
    return found == uploads_.end() ? std::vector<std::string>{} : found->second;
}

bool FakeRegistry::valid_credential(const std::string& credential) const {
    bool issued = false;
    for (const auto& known : issued_) {
        issued = issued || known == credential;
    }
    for (const auto& gone : revoked_) {
        issued = issued && gone != credential;
    }
    return issued && !credential.empty();
}

std::optional<Step> FakeRegistry::exchange(
    const std::string& service, const std::string& token, const std::string& audience, bool once,
    const std::function<Step(const std::string& credential)>& answer) {
    exchange_tokens_.push_back(token);
    if (!faults_.empty()) {
        Step fault = faults_.front();
        faults_.erase(faults_.begin());
        return fault;
    }
    auto refused = [&](const std::string& code, const std::string& text) {
        refusals_.push_back(code + ": " + text);
        return refusal_step(service, code, text);
    };
    if (refusal_) {
        refusals_.push_back(refusal_->second);
        return Step::respond(refusal_->first, refusal_->second, kJson);
    }
    if (!minter_.minted(token)) {
        return refused("invalid-token", "the token was not issued by a trusted identity provider");
    }
    if (audience_of(token) != audience) {
        return refused("invalid-audience", "the token's audience is not " + audience);
    }
    if (once && !used_.insert(token).second) {
        return refused("invalid-reuse-token", "invalid token: already used");
    }
    const std::string credential =
        service + "-credential-" + std::to_string(++next_) + "-" + std::to_string(unix_in({}));
    issued_.push_back(credential);
    if (lose_ > 0) {
        --lose_;
        return Step::truncated(answer(credential).body);
    }
    return answer(credential);
}

std::optional<Step> FakeRegistry::handle(const SeenRequest& request) {
    const std::string path = path_of(request);
    std::lock_guard<std::mutex> lock(mutex_);
    if (request.method == "GET" && path == "/_/oidc/audience") {
        return Step::respond(200, R"({"audience":"pypi"})", kJson);
    }
    if (request.method == "POST" && path == "/_/oidc/mint-token") {
        return exchange("pypi", json_field(request.body, "token"), "pypi", true,
                        [](const std::string& credential) {
                            return Step::respond(
                                200,
                                R"({"success":true,"token":)" + json_quote(credential) +
                                    R"(,"expires":)" +
                                    std::to_string(unix_in(std::chrono::minutes(15))) + "}",
                                kJson);
                        });
    }
    if (request.method == "POST" && path == "/legacy/") {
        // twine: Basic __token__:<credential>, a multipart form with the distribution's name.
        const std::string authorization = request.header("Authorization").value_or("");
        for (const auto& credential : issued_) {
            if (authorization == "Basic " + base64("__token__:" + credential) &&
                valid_credential(credential)) {
                uploads_["pypi"].push_back(credential);
                return Step::respond(200, "OK", {{"Content-Type", "text/plain"}});
            }
        }
        return Step::respond(403, "Invalid or non-existent authentication information.",
                             {{"Content-Type", "text/plain"}});
    }
    return Step::respond(404, R"({"errors":[{"detail":"Not Found"}]})", kJson);
}

}  // namespace ambient_oidc::test
