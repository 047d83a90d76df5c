// The fake SPIFFE Workload API of fake_workload_api.py (Debian's python3-grpcio: a real gRPC
// server) run in the background for the tests, with its sockets in a temporary directory: the
// API on agent.sock, and sockets that misbehave below gRPC (half-close.sock, half-stall.sock,
// silent.sock, not-listening.sock). Each test scripts the answers of its calls.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace ambient_oidc::test {

// The Python that has Debian's grpcio.
constexpr const char* kDebianPython = "/usr/bin/python3";

class FakeWorkloadApi {
  public:
    struct Svid {
        std::string spiffe_id;
        std::string svid;  // "" : the fake mints an unsigned JWT for the requested audience
    };
    // One call as the fake saw it.
    struct Call {
        std::string socket;  // "agent.sock", "half-close.sock", ...
        std::map<std::string, std::string> metadata;
        std::vector<std::string> audience;
        std::string spiffe_id;
    };

    // Answers, in the fake's JSON: {"ok":true}, {"code":N,"message":"..."}, {"stall":true}.
    static std::string ok() { return R"({"ok":true})"; }
    // Exactly these SVIDs, whatever spiffe_id the call asks for (SPIRE would filter them).
    static std::string ok_with(const std::vector<Svid>& svids);
    static std::string status(int code, const std::string& message);
    static std::string stall() { return R"({"stall":true})"; }

    // Starts the fake and waits until it serves (at most 60 s). Throws std::runtime_error when it
    // cannot start.
    FakeWorkloadApi();
    // Stops it (SIGTERM, then SIGKILL) and removes its directory.
    ~FakeWorkloadApi();
    FakeWorkloadApi(const FakeWorkloadApi&) = delete;
    FakeWorkloadApi& operator=(const FakeWorkloadApi&) = delete;

    // From now on, calls get answers in turn, then ok(); ok() answers with svids. Forgets the
    // calls seen so far.
    void script(const std::vector<std::string>& answers, const std::vector<Svid>& svids);
    // The calls seen since the last script(), in order.
    std::vector<Call> calls() const;
    // The path of one of its sockets ("agent.sock" by default).
    std::string path(const std::string& socket = "agent.sock") const;
    const std::string& dir() const { return dir_.path(); }
    // Calls FetchJWTSVID on agent.sock with grpcio's own client, without the security header,
    // then with it, and returns the status codes' names, one line each ("INVALID_ARGUMENT\nOK\n").
    std::string probe() const;

  private:
    TempDir dir_;
    pid_t pid_ = -1;
    int generation_ = 0;
};

// The fake shared by a test program's cases (started on first use, stopped at exit).
FakeWorkloadApi& shared_workload_api();

}  // namespace ambient_oidc::test
