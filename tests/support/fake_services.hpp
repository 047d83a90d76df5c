// Fake token endpoints of the services ambient-oidc trades the token with for a credential of
// theirs (Docker Hub, JFrog, Vault/OpenBao, Microsoft Entra, octo-sts), on one HTTPS server on
// 127.0.0.1, at the paths the real services use. Each accepts only a JWT the fake IdP minted
// and answers with a credential it issued (issued() says which); faults can be scripted first.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/fake_server.hpp"
#include "support/test_pki.hpp"

namespace ambient_oidc::test {

class FakeServices {
  public:
    // Says whether the fake IdP minted a JWT (Minter::minted of support/fake_registry).
    using Minted = std::function<bool(const std::string& jwt)>;

    FakeServices(const TestPki& pki, Minted minted);

    // The next exchange requests, of any service, get these answers in turn instead of the
    // service's; later ones are served. Revocations are never scripted.
    void script(std::vector<Step> faults);
    // How long the credentials issued from now on live (default an hour).
    void set_lifetime(std::chrono::seconds lifetime);

    // "https://127.0.0.1:PORT" followed by path.
    std::string url(const std::string& path = "") const;
    // The exchange requests seen (scripted faults included), in order.
    std::vector<SeenRequest> exchanges() const;
    // The JWT each exchange request carried, in order ("" when it had none).
    std::vector<std::string> subject_tokens() const;
    // True when this fake issued credential (and did not see it revoked).
    bool issued(const std::string& credential) const;
    // The credentials revoked (Vault's revoke-self), in order.
    std::vector<std::string> revoked() const;

    // Answers in each service's own error form.
    static Step vault_error(int status, const std::vector<std::string>& errors);
    static Step entra_error(int status, const std::string& error, int code,
                            const std::string& description);
    static Step docker_error(int status, const std::string& message);
    static Step jfrog_error(int status, const std::string& message);
    static Step octo_sts_error(int status, const std::string& message);

  private:
    std::optional<Step> answer(const SeenRequest& request);
    std::string issue(const std::string& prefix);

    Minted minted_;
    mutable std::mutex mutex_;
    std::vector<Step> faults_;
    std::chrono::seconds lifetime_{3600};
    std::vector<SeenRequest> exchanges_;
    std::vector<std::string> subject_tokens_;
    std::set<std::string> issued_;
    std::vector<std::string> revoked_;
    unsigned long serial_ = 0;
    FakeServer server_;
};

// The value of a JSON body's string member, or "" (not JSON, not an object, absent).
std::string json_field(const std::string& body, const std::string& name);

}  // namespace ambient_oidc::test
