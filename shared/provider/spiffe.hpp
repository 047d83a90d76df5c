// The SPIFFE Workload API (SPIRE's agent, Teleport's tbot): FetchJWTSVID, a unary gRPC call on
// the agent's Unix socket (SPIFFE_ENDPOINT_SOCKET, or providers.spiffe.socket), with the
// `workload.spiffe.io: true` header the API demands; the answer's first JWT-SVID (the first for
// providers.spiffe.spiffe_id when that is set) is the token. The agent mints one per request
// and keeps its own cache, so tokens are not cached here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/failure.hpp"
#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Spiffe : public Provider {
  public:
    static constexpr Variable kSocket{"SPIFFE_ENDPOINT_SOCKET", "spiffe", false,
                                      "the Workload API's socket: unix:///path or unix:/path"};

    std::string name() const override { return "spiffe"; }
    bool mints() const override { return true; }  // an SVID per request
    std::string requirement() const override;
    std::vector<Variable> variables() const override { return {kSocket}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Throws Error(Usage) for an address that is not an absolute unix: one.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

// The socket path of a Workload API address: unix:///path or unix:/path (SPIFFE's Workload
// Endpoint specification). Throws Error(Usage), naming where the address comes from, for another
// scheme (tcp: is not spoken here), an authority, a relative path, a query or a fragment.
std::string workload_socket_path(std::string_view address, const std::string& where);

// A JWTSVIDRequest {repeated string audience = 1; string spiffe_id = 2;}, serialized.
std::string jwt_svid_request(const std::string& audience, const std::string& spiffe_id);

struct JwtSvid {
    std::string spiffe_id;
    std::string svid;
};

// The SVIDs of a FetchJWTSVID response body: one gRPC-framed JWTSVIDResponse {repeated JWTSVID
// svids = 1;}, each JWTSVID {string spiffe_id = 1; string svid = 2; ...}; unknown fields are
// skipped. Throws net::AttemptError(InvalidToken) naming what is wrong, never quoting the body.
std::vector<JwtSvid> decode_jwt_svid_response(std::string_view body);

// The failure a FetchJWTSVID status other than OK stands for: Transient for UNAVAILABLE,
// DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED and a PERMISSION_DENIED saying "no identity
// issued" (an agent that has not attested the workload yet); Rejected otherwise. The message
// quotes grpc-message on one line, with what log knows as secret masked.
net::AttemptError workload_api_failure(int status, const std::string& message, const Logger& log);

}  // namespace ambient_oidc::provider
