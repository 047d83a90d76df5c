// The SPIFFE Workload API's FetchJWTSVID answer, ours to read after nghttp2 has taken the HTTP/2
// frames apart: the gRPC message prefix (net::grpc_message) and the hand-written protocol
// buffers reading of JWTSVIDResponse and JWTSVID (provider::decode_jwt_svid_response). Every
// failure is an InvalidToken that quotes no input; what is read encodes back to the same SVIDs.
// Input: the response body (DATA), prefix included.
#include <string>

#include "fuzz_common.hpp"
#include "net/failure.hpp"
#include "net/grpc.hpp"
#include "net/protobuf.hpp"
#include "provider/spiffe.hpp"

namespace net = ambient_oidc::net;
namespace provider = ambient_oidc::provider;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(fuzz::text(data, size));
    std::vector<provider::JwtSvid> svids;
    try {
        svids = provider::decode_jwt_svid_response(body);
    } catch (const net::AttemptError& error) {
        FUZZ_CHECK(error.failure() == net::Failure::InvalidToken);
        const std::string what = error.what();
        FUZZ_CHECK(what.find('\n') == std::string::npos);
        FUZZ_CHECK(what.size() < 200);  // names what is wrong, quotes nothing
        return 0;
    }
    // Read, it is one whole message, and its SVIDs encode back to themselves.
    const std::string_view message = net::grpc_message(body);
    FUZZ_CHECK(message.size() + 5 == body.size());
    std::string again;
    for (const auto& svid : svids) {
        FUZZ_CHECK(svid.spiffe_id.size() + svid.svid.size() <= message.size());
        std::string inner;
        net::protobuf::put_bytes(inner, 1, svid.spiffe_id);
        net::protobuf::put_bytes(inner, 2, svid.svid);
        net::protobuf::put_bytes(again, 1, inner);
    }
    const auto decoded = provider::decode_jwt_svid_response(net::grpc_frame(again));
    FUZZ_CHECK(decoded.size() == svids.size());
    for (std::size_t i = 0; i < svids.size(); ++i) {
        FUZZ_CHECK(decoded[i].spiffe_id == svids[i].spiffe_id);
        FUZZ_CHECK(decoded[i].svid == svids[i].svid);
    }
    return 0;
}
