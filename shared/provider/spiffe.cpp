#include "provider/spiffe.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"
#include "net/grpc.hpp"
#include "net/protobuf.hpp"
#include "net/url.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::provider {

namespace {

constexpr const char* kConfigKey = "providers.spiffe.socket";

// The largest FetchJWTSVID response read: room for several SVIDs of the largest token size.
constexpr std::size_t kMaxResponse = 16 * token::kMaxTokenBytes;

[[noreturn]] void bad_answer(const std::string& why) {
    throw net::AttemptError(net::Failure::InvalidToken,
                            "the Workload API's FetchJWTSVID answer is unusable: " + why);
}

JwtSvid decode_svid(std::string_view message) {
    JwtSvid svid;
    net::protobuf::Reader reader(message);
    net::protobuf::Field field;
    while (reader.next(field)) {
        if (field.number != 1 && field.number != 2) {
            continue;  // hint, and whatever later versions add
        }
        if (field.type != net::protobuf::WireType::Bytes) {
            throw std::invalid_argument("a JWTSVID field " + std::to_string(field.number) +
                                        " that is not a string");
        }
        (field.number == 1 ? svid.spiffe_id : svid.svid) = std::string(field.bytes);
    }
    return svid;
}

}  // namespace

std::string Spiffe::requirement() const {
    return std::string(kSocket.name) + " set, or " + kConfigKey + " configured";
}

bool Spiffe::detect(const Environment& env, const config::Settings& settings) const {
    return !settings.spiffe_socket.empty() || env.non_empty(kSocket.name).has_value();
}

std::string workload_socket_path(std::string_view address, const std::string& where) {
    const auto refuse = [&](const std::string& why) {
        return Error(ErrorKind::Usage, where + ": '" + printable(address, 200) + "' " + why);
    };
    const std::string_view scheme = "unix:";
    if (address.substr(0, scheme.size()) != scheme) {
        throw refuse(address.substr(0, 4) == "tcp:"
                         ? "is a TCP address; ambient-oidc reaches the Workload API over a Unix "
                           "socket only (unix:///path)"
                         : "is not a unix: address (unix:///path or unix:/path)");
    }
    std::string_view rest = address.substr(scheme.size());
    if (rest.find_first_of("?#") != std::string_view::npos) {
        throw refuse("has a query or a fragment");
    }
    if (rest.substr(0, 2) == "//") {
        rest.remove_prefix(2);
        if (rest.empty() || rest.front() != '/') {
            throw refuse("names a host; write unix:///path for a socket at /path");
        }
    }
    if (rest.empty() || rest.front() != '/') {
        throw refuse("is a relative path; the socket's path must be absolute (unix:///path)");
    }
    const std::string path = net::percent_decode(rest);
    if (path.find('\0') != std::string::npos ||
        path.size() >= 108) {  // sizeof(sockaddr_un::sun_path)
        throw refuse("is not a usable socket path (at most 107 bytes, no NUL)");
    }
    return path;
}

std::string jwt_svid_request(const std::string& audience, const std::string& spiffe_id) {
    std::string message;
    net::protobuf::put_bytes(message, 1, audience);
    if (!spiffe_id.empty()) {
        net::protobuf::put_bytes(message, 2, spiffe_id);
    }
    return message;
}

std::vector<JwtSvid> decode_jwt_svid_response(std::string_view body) {
    std::vector<JwtSvid> svids;
    try {
        net::protobuf::Reader reader(net::grpc_message(body));
        net::protobuf::Field field;
        while (reader.next(field)) {
            if (field.number != 1) {
                continue;
            }
            if (field.type != net::protobuf::WireType::Bytes) {
                throw std::invalid_argument("a svids field that is not a message");
            }
            svids.push_back(decode_svid(field.bytes));
        }
    } catch (const std::invalid_argument& error) {
        bad_answer(error.what());
    }
    return svids;
}

net::AttemptError workload_api_failure(int status, const std::string& message, const Logger& log) {
    using net::GrpcCode;
    const std::string said = printable(log.redact(message), 400);
    const std::string what = "the Workload API answered " + net::grpc_code_name(status) +
                             (said.empty() ? "" : ": " + said);
    switch (static_cast<GrpcCode>(status)) {
        case GrpcCode::Unavailable:
        case GrpcCode::DeadlineExceeded:
        case GrpcCode::ResourceExhausted:
        case GrpcCode::Aborted: return net::AttemptError(net::Failure::Transient, what);
        case GrpcCode::PermissionDenied:
            if (message.find("no identity issued") != std::string::npos) {
                return net::AttemptError(net::Failure::Transient,
                                         what + " (the agent has not attested this workload yet)");
            }
            break;
        default: break;
    }
    return net::AttemptError(net::Failure::Rejected, what);
}

std::string Spiffe::fetch(FetchContext& context, const std::string& audience) const {
    const config::Settings& settings = context.settings;
    const bool configured = !settings.spiffe_socket.empty();
    const std::string address =
        configured ? settings.spiffe_socket : context.read(kSocket).value_or("");
    if (address.empty()) {
        throw Error(ErrorKind::NoCredential, name() + ": " + requirement());
    }
    net::GrpcCall call;
    call.socket_path = workload_socket_path(address, configured ? kConfigKey : kSocket.name);
    call.method = "/SpiffeWorkloadAPI/FetchJWTSVID";
    call.metadata = {{"workload.spiffe.io", "true"}};
    call.request = jwt_svid_request(audience, settings.spiffe_id);
    call.max_response = kMaxResponse;
    context.log.debug(name() + ": FetchJWTSVID on " + call.socket_path +
                      (settings.spiffe_id.empty() ? "" : " for " + settings.spiffe_id));
    return context.with_retry(name(), [&](SteadyTime deadline) {
        net::GrpcResult result = net::grpc_unary(call, deadline);
        if (result.status != 0) {
            throw workload_api_failure(result.status, result.message, context.log);
        }
        const std::vector<JwtSvid> svids = decode_jwt_svid_response(result.body);
        std::string returned;
        for (const JwtSvid& svid : svids) {
            context.log.add_secret(svid.svid);
            returned += (returned.empty() ? "" : ", ") + printable(svid.spiffe_id, 200);
        }
        for (const JwtSvid& svid : svids) {
            if (settings.spiffe_id.empty() || svid.spiffe_id == settings.spiffe_id) {
                if (svid.svid.empty()) {
                    bad_answer("the JWT-SVID of " + printable(svid.spiffe_id, 200) + " is empty");
                }
                context.log.info(name() + ": the JWT-SVID of " + printable(svid.spiffe_id, 200));
                return svid.svid;
            }
        }
        if (svids.empty()) {
            bad_answer("it holds no JWT-SVID");
        }
        bad_answer("it holds no JWT-SVID for " + settings.spiffe_id + " (only for " + returned +
                   ")");
    });
}

}  // namespace ambient_oidc::provider
