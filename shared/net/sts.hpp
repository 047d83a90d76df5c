// AWS STS AssumeRoleWithWebIdentity (ambient-oidc(1) AWS): the request (unsigned, as AWS
// specifies), one attempt of it, and the reading of STS's XML answers with Poco's XML parser.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/log.hpp"
#include "net/http.hpp"
#include "net/url.hpp"

namespace ambient_oidc::net {

struct AssumeRoleRequest {
    Url endpoint;
    std::string role_arn;
    std::string session_name;
    long long duration_seconds = 3600;
    std::string web_identity_token;
    // How long the credentials must stay valid after the answer (min-validity): credentials that
    // expire sooner are refused (Failure::InvalidToken).
    Millis min_validity{0};
};

struct AwsCredentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;
    WallTime expiration;
};

// The largest STS answer read.
constexpr std::size_t kMaxStsResponse = 64 * 1024;

// The POST request: Action=AssumeRoleWithWebIdentity&Version=2011-06-15&... form-encoded.
HttpRequest assume_role_http_request(const AssumeRoleRequest& request);

// Reads a 2xx answer's Credentials. Throws AttemptError(InvalidToken) for a body that is not
// XML (a document type declaration included, in any encoding), not an
// AssumeRoleWithWebIdentityResponse, or lacks a credential or a valid Expiration (RFC 3339, each
// field in its range).
AwsCredentials parse_sts_credentials(std::string_view body);

// Throws the AttemptError a non-2xx answer calls for: Transient for 5xx, 408, 429 and the STS
// codes Throttling, ThrottlingException, RequestLimitExceeded, IDPCommunicationError and
// ServiceUnavailable; Rejected, with STS's Code and Message (masked by log), otherwise.
[[noreturn]] void throw_sts_error(const HttpResponse& response, WallTime now, const Logger& log);

// One attempt of the exchange under attempt_deadline: sends the request and returns the
// credentials, registering the secret key and the session token with log as secrets. Throws
// AttemptError (see HttpClient::send, parse_sts_credentials and throw_sts_error), InvalidToken
// for credentials that expire less than request.min_validity after now.
AwsCredentials assume_role_with_web_identity(HttpClient& http, const AssumeRoleRequest& request,
                                             SteadyTime attempt_deadline, WallTime now,
                                             Logger& log);

}  // namespace ambient_oidc::net
