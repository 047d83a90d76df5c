// A git smart-HTTP server over HTTPS on 127.0.0.1: Debian's `git http-backend`, run as a CGI
// program for each request behind a FakeServer, serving the bare repositories of a directory.
// A request whose Authorization the test does not accept is answered 401 with
// `WWW-Authenticate: Basic`, which makes git ask its credential helpers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "support/fake_server.hpp"
#include "support/test_pki.hpp"

namespace ambient_oidc::test {

class GitServer {
  public:
    // Says whether a request's Authorization header value (nullopt: none) is accepted.
    using Accept = std::function<bool(const std::optional<std::string>& authorization)>;

    // Serves the bare repositories under root (e.g. root/team/repo.git) with pki's certificate.
    GitServer(const TestPki& pki, std::string root, Accept accept);

    // "https://127.0.0.1:PORT" followed by path.
    std::string url(const std::string& path) const;
    // "127.0.0.1:PORT", git's host value for this server.
    std::string host() const;
    // The requests seen, in order.
    std::vector<SeenRequest> seen() const { return server_.seen(); }

  private:
    std::optional<Step> answer(const SeenRequest& request) const;

    std::string root_;
    Accept accept_;
    FakeServer server_;
};

// Creates a bare repository at path with one commit on main that adds file with text; returns
// the commit's ID. Throws std::runtime_error when git fails.
std::string make_bare_repository(const std::string& path, const std::string& file,
                                 const std::string& text);

// Adds a commit on main to the bare repository at path (through a clone in scratch); returns
// its ID.
std::string add_commit(const std::string& path, const std::string& scratch, const std::string& file,
                       const std::string& text);

}  // namespace ambient_oidc::test
