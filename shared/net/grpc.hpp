// Unary gRPC calls over HTTP/2 on a Unix socket (the SPIFFE Workload API's transport): HTTP/2
// with prior knowledge, framed and parsed by nghttp2; the gRPC parts (the request headers, the
// 5-byte message prefix, grpc-status and grpc-message from the trailers) here. The whole call
// runs under the attempt's deadline: the socket is non-blocking and every wait is a poll that
// ends at the deadline or on SIGINT/SIGTERM (core/clock.hpp wait_for), whatever the server does.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "net/http.hpp"

namespace ambient_oidc::net {

// gRPC's status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
enum class GrpcCode : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};

// "UNAVAILABLE" for 14; "code N" for a number outside 0-16.
std::string grpc_code_name(int code);

struct GrpcCall {
    std::string socket_path;  // an absolute path to a Unix socket
    std::string method;       // "/Service/Method"
    Headers metadata;         // sent after the gRPC headers, e.g. {"workload.spiffe.io", "true"}
    std::string request;      // the request message, serialized (framed here)
    std::size_t max_response = 1024 * 1024;  // the largest response body accepted, framing included
};

struct GrpcResult {
    int status = 0;       // grpc-status (or the code a non-200 HTTP status maps to)
    std::string message;  // grpc-message, percent-decoded
    std::string body;     // the response's DATA: gRPC-framed messages (grpc_message reads one)
};

// The request message with gRPC's prefix: a zero byte (not compressed) and its length as four
// big-endian bytes.
std::string grpc_frame(std::string_view message);

// The one message of a unary response body: its prefix, then exactly that many bytes. Throws
// std::invalid_argument naming what is wrong (no message, a compressed one, a cut one, more than
// one).
std::string_view grpc_message(std::string_view body);

// Makes the call and returns its status. Throws AttemptError: Transient when the socket is
// missing or refuses the connection, when the peer closes the connection or resets the stream
// before the trailers, for an HTTP/2 protocol error, or when the deadline passes; Rejected
// when this user may not connect to the socket; InvalidToken for a response body larger than
// call.max_response; Interrupted on SIGINT/SIGTERM.
GrpcResult grpc_unary(const GrpcCall& call, SteadyTime deadline);

}  // namespace ambient_oidc::net
