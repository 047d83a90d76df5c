#include "support/fake_registry.hpp"

#include <Poco/JSON/Object.h>

#include <openssl/sha.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "core/json.hpp"
#include "support/fake_services.hpp"  // json_field
#include "support/jwt.hpp"
#include "token/jwt.hpp"

namespace ambient_oidc::test {

namespace {

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

std::string sha256_hex(const std::string& bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static const char* kHex = "0123456789abcdef";
    std::string hex;
    for (const unsigned char byte : digest) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
    }
    return hex;
}

std::uint32_t le32(const std::string& bytes, std::size_t at) {
    if (at + 4 > bytes.size()) {
        throw std::invalid_argument("short");
    }
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    }
    return value;
}

// The sparse index's path of a crate (cargo's layout: 1/a, 2/ab, 3/a/abc, ab/cd/abcd...).
std::string index_path(std::string name) {
    for (char& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (name.size() <= 2) {
        return std::to_string(name.size()) + "/" + name;
    }
    if (name.size() == 3) {
        return "3/" + name.substr(0, 1) + "/" + name;
    }
    return name.substr(0, 2) + "/" + name.substr(2, 2) + "/" + name;
}

}  // namespace

std::function<std::optional<Step>(const SeenRequest&)> Minter::route(std::string bearer) {
    return [this, bearer](const SeenRequest& request) -> std::optional<Step> {
        if (request.header("Authorization") != "Bearer " + bearer) {
            return Step::respond(401);
        }
        std::lock_guard<std::mutex> lock(mutex_);
        const std::string token = make_token(request.query_param("audience").value_or(""), 300,
                                             token_bytes_, "minted-" + std::to_string(++next_));
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

FakeRegistry::FakeRegistry(const TestPki& pki, const Minter& minter,
                           FakeServer::Options server_options)
    : minter_(minter), server_([&] {
          FakeServer::Options options = std::move(server_options);
          options.tls = true;
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

void FakeRegistry::trust_npm_package(const std::string& escaped_name) {
    std::lock_guard<std::mutex> lock(mutex_);
    npm_packages_.insert(escaped_name);
}

void FakeRegistry::refuse_revocations() {
    std::lock_guard<std::mutex> lock(mutex_);
    refuse_revocations_ = true;
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
    const std::string path = request.path();
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
    const std::string npm_exchange = "/-/npm/v1/oidc/token/exchange/package/";
    if (request.method == "POST" && path.rfind(npm_exchange, 0) == 0) {
        const std::string authorization = request.header("Authorization").value_or("");
        const std::string token =
            authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : "";
        if (!npm_packages_.count(path.substr(npm_exchange.size()))) {
            exchange_tokens_.push_back(token);
            return Step::respond(404, R"({"message":"package not found"})", kJson);
        }
        return exchange("npm", token, kNpmAudience, false, [](const std::string& credential) {
            return Step::respond(200, R"({"token":)" + json_quote(credential) + "}", kJson);
        });
    }
    if (request.method == "PUT" && npm_packages_.count(path.substr(1))) {
        // npm publish: the package document, with `Authorization: Bearer <credential>`.
        const std::string authorization = request.header("Authorization").value_or("");
        if (authorization.rfind("Bearer ", 0) != 0 || !valid_credential(authorization.substr(7))) {
            return Step::respond(401, R"({"error":"unauthorized"})", kJson);
        }
        uploads_["npm"].push_back(authorization.substr(7));
        return Step::respond(200, R"({"ok":true})", kJson);
    }
    if (request.method == "POST" && path == "/api/v1/oidc/trusted_publisher/exchange_token") {
        return exchange("rubygems", json_field(request.body, "jwt"), "rubygems.org", false,
                        [](const std::string& credential) {
                            return Step::respond(
                                200,
                                R"({"rubygems_api_key":)" + json_quote(credential) +
                                    R"(,"name":"ci","expires_at":"2200-01-01T00:00:00Z"})",
                                kJson);
                        });
    }
    if (request.method == "POST" && path == "/api/v1/gems") {
        // gem push: the .gem file, with `Authorization: <API key>`.
        const std::string key = request.header("Authorization").value_or("");
        if (!valid_credential(key)) {
            return Step::respond(401, "Access Denied. Please sign up for an account.",
                                 {{"Content-Type", "text/plain"}});
        }
        uploads_["rubygems"].push_back(key);
        return Step::respond(200, "Successfully registered gem: demo (0.1.0)",
                             {{"Content-Type", "text/plain"}});
    }
    if (request.method == "POST" && path == "/api/v2/token") {
        const std::string authorization = request.header("Authorization").value_or("");
        const std::string token =
            authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : "";
        if (json_field(request.body, "username") != "ci-owner" ||
            json_field(request.body, "tokenType") != "ApiKey") {
            exchange_tokens_.push_back(token);
            return Step::respond(401, R"({"error":"no trusted publishing policy for this user"})",
                                 kJson);
        }
        return exchange(
            "nuget", token, "https://www.nuget.org", true, [](const std::string& credential) {
                return Step::respond(200, R"({"apiKey":)" + json_quote(credential) + "}", kJson);
            });
    }
    if (auto crates = handle_crates(request, path)) {
        return crates;
    }
    return Step::respond(404, R"({"errors":[{"detail":"Not Found"}]})", kJson);
}

std::optional<Step> FakeRegistry::handle_crates(const SeenRequest& request,
                                                const std::string& path) {
    const std::string authorization = request.header("Authorization").value_or("");
    if (path == "/api/v1/trusted_publishing/tokens" && request.method == "POST") {
        return exchange("crates-io", json_field(request.body, "jwt"), "crates.io", true,
                        [](const std::string& credential) {
                            return Step::respond(200, R"({"token":)" + json_quote(credential) + "}",
                                                 kJson);
                        });
    }
    if (path == "/api/v1/trusted_publishing/tokens" && request.method == "DELETE") {
        if (refuse_revocations_) {
            return Step::respond(403, R"({"errors":[{"detail":"revocation refused"}]})", kJson);
        }
        if (!valid_credential(authorization)) {
            return Step::respond(401, R"({"errors":[{"detail":"not a live token"}]})", kJson);
        }
        revoked_.push_back(authorization);
        return Step::respond(204);
    }
    if (path == "/index/config.json") {
        return Step::respond(200,
                             R"({"dl":")" + server_.url("/api/v1/crates") + R"(","api":")" +
                                 server_.url("") + R"("})",
                             kJson);
    }
    if (path.rfind("/index/", 0) == 0) {
        const auto entry = index_.find(path.substr(7));
        if (entry == index_.end()) {
            return Step::respond(404, "", {{"Content-Type", "text/plain"}});
        }
        return Step::respond(200, entry->second, {{"Content-Type", "text/plain"}});
    }
    if (path == "/api/v1/crates/new" && request.method == "PUT") {
        if (!valid_credential(authorization)) {
            return Step::respond(403, R"({"errors":[{"detail":"this token is not valid"}]})",
                                 kJson);
        }
        try {  // u32 JSON length, the JSON, u32 .crate length, the .crate (little-endian)
            const std::uint32_t json_length = le32(request.body, 0);
            const std::string json = request.body.substr(4, json_length);
            const std::uint32_t crate_length = le32(request.body, 4 + json_length);
            const std::string crate = request.body.substr(8 + json_length, crate_length);
            const std::string name = json_field(json, "name");
            const std::string version = json_field(json, "vers");
            index_[index_path(name)] += R"({"name":)" + json_quote(name) + R"(,"vers":)" +
                                        json_quote(version) + R"(,"deps":[],"cksum":")" +
                                        sha256_hex(crate) + R"(","features":{},"yanked":false})" +
                                        "\n";
            uploads_["crates-io"].push_back(authorization);
        } catch (const std::exception&) {
            return Step::respond(400, R"({"errors":[{"detail":"malformed upload"}]})", kJson);
        }
        return Step::respond(
            200, R"({"warnings":{"invalid_categories":[],"invalid_badges":[],"other":[]}})", kJson);
    }
    return std::nullopt;
}

}  // namespace ambient_oidc::test
