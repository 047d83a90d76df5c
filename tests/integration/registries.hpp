// The fake IdP that mints a token per request and the fake registries that take its tokens,
// for the exchange and publish suites.
#pragma once

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "integration/harness.hpp"
#include "support/fake_registry.hpp"

namespace ambient_oidc::test {

// A fake IdP that mints a new token per request, and the registries that take its tokens.
struct Registries {
    Minter minter;
    Idp idp{Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost", [this](FakeServer::Options& options) {
                options.route = minter.route(Idp::kRequestToken);
            }};
    FakeRegistry registry{idp.pki, minter};

    // Every secret of the run: the request token, every token minted, every credential.
    std::vector<std::string> secrets() const {
        std::vector<std::string> all = {Idp::kRequestToken};
        for (const auto& token : minter.tokens()) {
            all.push_back(token);
        }
        for (const auto& credential : registry.issued()) {
            all.push_back(credential);
        }
        return all;
    }
};

}  // namespace ambient_oidc::test
