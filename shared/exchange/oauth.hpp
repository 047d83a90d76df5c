// What the OAuth-shaped exchanges share (Docker Hub, JFrog, Microsoft Entra): the RFC 8693
// token-exchange names, a form POST, an {"access_token", "expires_in"} answer, and a required
// option checked before any token is fetched.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

constexpr const char* kTokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr const char* kIdTokenType = "urn:ietf:params:oauth:token-type:id_token";

// base with suffix ("/oauth/token") after its path, its query dropped: a service's URL may be a
// mirror under a path prefix.
net::Url append_path(net::Url base, const std::string& suffix);

// A POST of fields, application/x-www-form-urlencoded, reading the body of a refusal too.
net::HttpRequest form_post(const net::Url& url,
                           const std::vector<std::pair<std::string, std::string>>& fields);

// {"access_token", "expires_in"?, "username"?}: the credential, its expiry (now + expires_in)
// and the user name when the service names one. Throws net::AttemptError(InvalidToken) for an
// answer without an access token.
Credential access_token_answer(std::string_view body, const std::string& title, WallTime now);

// The option's value. Throws Error(Usage) "<where>: required" when it is not set.
std::string required_option(const Inputs& inputs, const std::string& option);

}  // namespace ambient_oidc::exchange
