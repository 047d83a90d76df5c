// A fake AWS STS on 127.0.0.1 (HTTPS): AssumeRoleWithWebIdentity answered as scripted (success,
// 5xx, STS error codes, bodies that are not XML or are too large), and GetCallerIdentity answered
// for the role, so that the real AWS CLI can be pointed at it.
#pragma once

#include <chrono>

#include <mutex>
#include <string>
#include <vector>

#include "support/fake_server.hpp"
#include "support/test_pki.hpp"

namespace ambient_oidc::test {

class FakeSts {
  public:
    static constexpr const char* kAccessKeyId = "ASIAFAKESTS0EXAMPLE1";
    static constexpr const char* kSecretAccessKey = "fake/sts+secret0key0EXAMPLE0123456789abcd";
    static constexpr const char* kSessionToken = "FwoGZXIvYXdzFAKEsessiontoken0123456789";

    // A successful AssumeRoleWithWebIdentityResponse, expiring valid_for from now (in the past
    // when negative).
    static Step success(std::chrono::seconds valid_for = std::chrono::hours(1));
    // An STS ErrorResponse with that HTTP status, Code and Message.
    static Step error(int status, const std::string& code, const std::string& message);

    // Serves with pki's certificate.
    explicit FakeSts(const TestPki& pki);

    // AssumeRoleWithWebIdentity requests get answers in turn; once they are used up, success().
    void script(std::vector<Step> answers);
    // "https://127.0.0.1:PORT/".
    std::string url() const;
    // The AssumeRoleWithWebIdentity requests seen, in order.
    std::vector<SeenRequest> assume_role_requests() const;
    // The GetCallerIdentity requests seen, in order.
    std::vector<SeenRequest> caller_identity_requests() const;

  private:
    mutable std::mutex mutex_;
    std::vector<Step> answers_;
    std::vector<SeenRequest> assume_role_, caller_identity_;
    FakeServer server_;
};

// The percent-decoded value of a field of a form-encoded body ('+' is a space), or "".
std::string form_field(const std::string& body, const std::string& name);

}  // namespace ambient_oidc::test
