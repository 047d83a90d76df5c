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

// Checks that no secret, nor any 12-character piece of one, is on stderr.
inline void check_no_secret(const ProcessResult& result, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        for (std::size_t at = 0; at + 12 <= secret.size(); at += 6) {
            const std::string piece = secret.substr(at, 12);
            if (piece.find_first_not_of("abcdefghijklmnopqrstuvwxyz-.") == std::string::npos) {
                continue;  // a word, as in "pypi-credential-"
            }
            BOOST_TEST(result.err.find(piece) == std::string::npos,
                       "a piece of a secret reached stderr: " << piece);
        }
    }
}

}  // namespace ambient_oidc::test
