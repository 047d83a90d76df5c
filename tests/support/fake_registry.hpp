// Loopback fakes of the package registries' trusted-publishing endpoints (PyPI, crates.io, npm,
// RubyGems, NuGet) and of their upload endpoints, on one HTTPS server, with the fake IdP that
// mints the tokens they take:
// - Minter (the IdP) gives every token a claim `jti` of its own and remembers it;
// - an exchange endpoint accepts only a token the Minter issued (or one trusted by hand, as a
//   CI variable's), for the service's audience, and only once where the service does (PyPI,
//   NuGet), and issues a credential;
// - an upload endpoint accepts only a credential it issued and has not revoked.
// Scripted faults (503, reset, stall, truncated body, 429) answer exchange requests before the
// real handling, and every token an exchange request carried is recorded.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/fake_server.hpp"
#include "support/test_pki.hpp"

namespace ambient_oidc::test {

// The fake IdP's memory: the tokens it minted.
class Minter {
  public:
    // Tokens of at least token_bytes (make_token's min_bytes: GitHub's are about 1.1 KB).
    explicit Minter(std::size_t token_bytes = 0) : token_bytes_(token_bytes) {}

    // A FakeServer route: a request with "Authorization: Bearer <bearer>" gets a new token
    // ({"value": ...}) for its `audience` query parameter; any other, 401.
    std::function<std::optional<Step>(const SeenRequest&)> route(std::string bearer);
    // Trusts a token the test made (a fixed token, as GitLab's variable holds).
    void trust(const std::string& token);
    bool minted(const std::string& token) const;
    std::vector<std::string> tokens() const;

  private:
    const std::size_t token_bytes_;
    mutable std::mutex mutex_;
    std::vector<std::string> tokens_;
    int next_ = 0;
};

class FakeRegistry {
  public:
    // Serves with pki's certificate, accepting tokens minter issued. server_options may set how
    // the server closes (close_first) and what it reports (on_request); its certificate and
    // route are the registry's.
    FakeRegistry(const TestPki& pki, const Minter& minter, FakeServer::Options server_options = {});

    // "https://127.0.0.1:PORT" followed by path.
    std::string url(const std::string& path = "") const;
    // The next exchange requests (of any service) get these steps instead of their answer.
    void script(std::vector<Step> faults);
    // The token each exchange request carried, in order (faulted ones included).
    std::vector<std::string> exchange_tokens() const;
    // The credentials issued, revoked, and the uploads accepted (by service: "pypi", ...).
    std::vector<std::string> issued() const;
    std::vector<std::string> revoked() const;
    std::vector<std::string> uploads(const std::string& service) const;
    // The refusals sent (status and body), in order.
    std::vector<std::string> refusals() const;
    // The next n exchanges that succeed are done (the token used, the credential issued) but
    // their answer is cut short, as when a connection drops on the way back.
    void lose_answers(int n);
    // npm: the package (as npm escapes it in URLs, "@scope%2fname") whose trusted publisher
    // accepts the IdP's tokens; any other is "package not found" (404).
    void trust_npm_package(const std::string& escaped_name);
    // Makes revocations fail with 403.
    void refuse_revocations();
    // Makes the exchange endpoints refuse with this status and body (PyPI's 422, ...).
    void refuse(int status, std::string body);

  private:
    std::optional<Step> handle(const SeenRequest& request);
    std::optional<Step> handle_crates(const SeenRequest& request, const std::string& path);
    std::optional<Step> exchange(const std::string& service, const std::string& token,
                                 const std::string& audience, bool once,
                                 const std::function<Step(const std::string& credential)>& answer);
    bool valid_credential(const std::string& credential) const;

    const Minter& minter_;
    mutable std::mutex mutex_;
    std::vector<Step> faults_;
    std::vector<std::string> exchange_tokens_, issued_, revoked_, refusals_;
    std::set<std::string> used_, npm_packages_;
    std::map<std::string, std::vector<std::string>> uploads_;
    std::map<std::string, std::string> index_;  // crates.io's sparse index, by path
    std::optional<std::pair<int, std::string>> refusal_;
    int next_ = 0;
    int lose_ = 0;
    bool refuse_revocations_ = false;
    FakeServer server_;
};

// The fake IdP's audience for npm at this registry: "npm:127.0.0.1".
constexpr const char* kNpmAudience = "npm:127.0.0.1";

}  // namespace ambient_oidc::test
