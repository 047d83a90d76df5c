#include "net/grpc.hpp"

#include <nghttp2/nghttp2.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"
#include "core/unique_fd.hpp"
#include "core/version.hpp"
#include "net/failure.hpp"
#include "net/url.hpp"

namespace ambient_oidc::net {

namespace {

// The response headers and trailers together may not exceed this.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

struct SessionDeleter {
    void operator()(nghttp2_session* session) const { nghttp2_session_del(session); }
};
struct CallbacksDeleter {
    void operator()(nghttp2_session_callbacks* callbacks) const {
        nghttp2_session_callbacks_del(callbacks);
    }
};
struct OptionDeleter {
    void operator()(nghttp2_option* option) const { nghttp2_option_del(option); }
};

// What one call has seen of its stream, filled in by nghttp2's callbacks.
struct Exchange {
    std::int32_t stream_id = -1;
    std::string_view request;  // the framed request, sent as DATA
    std::size_t request_sent = 0;
    std::size_t max_body = 0;

    int http_status = 0;  // of the final response head, once it arrived
    Headers headers, trailers;
    std::size_t header_bytes = 0;
    bool in_trailers = false;  // the header block being read comes after the final response head
    std::string body;
    bool closed = false;
    std::uint32_t close_error = NGHTTP2_NO_ERROR;
    // Set by a callback that failed the session, with the AttemptError to throw for it.
    std::optional<AttemptError> failure;
};

Exchange& exchange_of(void* user_data) {
    return *static_cast<Exchange*>(user_data);
}

int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    Exchange& exchange = exchange_of(user_data);
    if (frame->hd.type == NGHTTP2_HEADERS && frame->hd.stream_id == exchange.stream_id) {
        exchange.in_trailers = exchange.http_status != 0;
    }
    return 0;
}

int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
              std::size_t name_length, const std::uint8_t* value, std::size_t value_length,
              std::uint8_t, void* user_data) {
    Exchange& exchange = exchange_of(user_data);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != exchange.stream_id) {
        return 0;
    }
    exchange.header_bytes += name_length + value_length + 32;  // as RFC 9113 counts a field
    if (exchange.header_bytes > kMaxHeaderBytes) {
        exchange.failure.emplace(Failure::Transient,
                                 "malformed response: the headers are larger than 64 KiB");
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    const std::string key(reinterpret_cast<const char*>(name), name_length);
    const std::string text(reinterpret_cast<const char*>(value), value_length);
    if (exchange.in_trailers) {
        exchange.trailers.emplace_back(key, text);
    } else if (key == ":status") {
        // nghttp2 checked that it is three digits; an interim (1xx) head is skipped.
        const int status = std::stoi(text);
        exchange.headers.clear();
        if (status >= 200) {
            exchange.http_status = status;
        }
    } else {
        exchange.headers.emplace_back(key, text);
    }
    return 0;
}

int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id, const std::uint8_t* data,
                  std::size_t length, void* user_data) {
    Exchange& exchange = exchange_of(user_data);
    if (stream_id != exchange.stream_id) {
        return 0;
    }
    if (length > exchange.max_body - exchange.body.size()) {
        exchange.failure.emplace(
            Failure::InvalidToken,
            "the response is larger than " + std::to_string(exchange.max_body / 1024) + " KiB");
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    exchange.body.append(reinterpret_cast<const char*>(data), length);
    return 0;
}

int on_stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t error_code,
                    void* user_data) {
    Exchange& exchange = exchange_of(user_data);
    if (stream_id == exchange.stream_id) {
        exchange.closed = true;
        exchange.close_error = error_code;
    }
    return 0;
}

ssize_t read_request(nghttp2_session*, std::int32_t, std::uint8_t* buffer, std::size_t length,
                     std::uint32_t* flags, nghttp2_data_source*, void* user_data) {
    Exchange& exchange = exchange_of(user_data);
    const std::size_t count = std::min(length, exchange.request.size() - exchange.request_sent);
    std::memcpy(buffer, exchange.request.data() + exchange.request_sent, count);
    exchange.request_sent += count;
    if (exchange.request_sent == exchange.request.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    }
    return static_cast<ssize_t>(count);
}

std::unique_ptr<nghttp2_session, SessionDeleter> new_session(Exchange& exchange) {
    nghttp2_session_callbacks* raw_callbacks = nullptr;
    nghttp2_option* raw_option = nullptr;
    if (nghttp2_session_callbacks_new(&raw_callbacks) != 0 ||
        nghttp2_option_new(&raw_option) != 0) {
        throw std::bad_alloc();
    }
    const std::unique_ptr<nghttp2_session_callbacks, CallbacksDeleter> callbacks(raw_callbacks);
    const std::unique_ptr<nghttp2_option, OptionDeleter> option(raw_option);
    nghttp2_session_callbacks_set_on_begin_headers_callback(raw_callbacks, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(raw_callbacks, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(raw_callbacks, on_data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(raw_callbacks, on_stream_close);
    // The server may announce no more than one stream; this call needs no more.
    nghttp2_option_set_peer_max_concurrent_streams(raw_option, 1);
    nghttp2_session* session = nullptr;
    if (nghttp2_session_client_new2(&session, raw_callbacks, &exchange, raw_option) != 0) {
        throw std::bad_alloc();
    }
    return std::unique_ptr<nghttp2_session, SessionDeleter>(session);
}

nghttp2_nv header(const std::string& name, const std::string& value) {
    return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
                      value.size(), NGHTTP2_NV_FLAG_NONE};
}

// The gRPC request headers (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md):
// pseudo-headers first, then the call's metadata.
Headers request_headers(const GrpcCall& call, SteadyTime deadline) {
    const long long left = std::chrono::duration_cast<std::chrono::milliseconds>(
                               deadline - std::chrono::steady_clock::now())
                               .count();
    Headers headers = {{":method", "POST"},
                       {":scheme", "http"},
                       {":path", call.method},
                       {":authority", "localhost"},
                       {"content-type", "application/grpc"},
                       {"te", "trailers"},
                       {"user-agent", "ambient-oidc/" AMBIENT_OIDC_VERSION},
                       {"grpc-timeout", std::to_string(std::clamp(left, 1LL, 99'999'999LL)) + "m"}};
    for (const auto& [name, value] : call.metadata) {
        headers.emplace_back(lower(name), value);
    }
    return headers;
}

// Connects a non-blocking Unix socket to path.
UniqueFd connect_unix(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        throw AttemptError(Failure::Rejected, "the socket path " + path + " is longer than " +
                                                  std::to_string(sizeof address.sun_path - 1) +
                                                  " bytes");
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        throw std::runtime_error(std::string("cannot create a Unix socket: ") +
                                 std::strerror(errno));
    }
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        return fd;
    }
    const int error = errno;
    const std::string what = "cannot connect to " + path + ": ";
    switch (error) {
        case ENOENT: throw AttemptError(Failure::Transient, what + "there is no socket there");
        case ECONNREFUSED:
            throw AttemptError(Failure::Transient,
                               what + "nothing listens on it (" + std::strerror(error) + ")");
        case EAGAIN:
            throw AttemptError(Failure::Transient, what + "its queue of connections is full");
        case EACCES:
        case EPERM:
            throw AttemptError(Failure::Rejected,
                               what + std::strerror(error) +
                                   " (this user may not use the socket or a directory above it)");
        default: throw AttemptError(Failure::Transient, what + std::strerror(error));
    }
}

// Runs the session on fd until the call's stream closes, under deadline.
void run_session(nghttp2_session* session, int fd, Exchange& exchange, SteadyTime deadline) {
    std::string out;  // bytes nghttp2 produced that the socket has not taken yet
    std::size_t received = 0;
    auto stage = [&] {
        return exchange.http_status != 0
                   ? "reading the response"
                   : (exchange.request_sent < exchange.request.size() || !out.empty()
                          ? "sending the request"
                          : "waiting for the response");
    };
    auto nghttp2_failed = [&](long code) {
        if (exchange.failure) {
            throw *exchange.failure;
        }
        throw AttemptError(Failure::Transient, std::string("HTTP/2 error while ") + stage() + ": " +
                                                   nghttp2_strerror(static_cast<int>(code)));
    };
    while (!exchange.closed) {
        for (;;) {
            const std::uint8_t* data = nullptr;
            const ssize_t produced = nghttp2_session_mem_send(session, &data);
            if (produced < 0) {
                nghttp2_failed(produced);
            }
            if (produced == 0) {
                break;
            }
            out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(produced));
        }
        if (out.empty() && nghttp2_session_want_read(session) == 0) {
            throw AttemptError(Failure::Transient,
                               std::string("the server ended the HTTP/2 session while ") + stage());
        }
        switch (wait_for(fd, static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), deadline)) {
            case WaitResult::Ready: break;
            case WaitResult::TimedOut:
                throw AttemptError(Failure::Transient, std::string("timed out while ") + stage());
            case WaitResult::Interrupted:
                throw AttemptError(Failure::Interrupted,
                                   std::string("interrupted while ") + stage());
        }
        if (!out.empty()) {
            const ssize_t sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (sent > 0) {
                out.erase(0, static_cast<std::size_t>(sent));
            } else if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                throw AttemptError(Failure::Transient,
                                   std::string(std::strerror(errno)) + " while " + stage());
            }
        }
        std::uint8_t buffer[16 * 1024];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0) {
            throw AttemptError(Failure::Transient,
                               received == 0
                                   ? std::string("the server closed the connection without a "
                                                 "response")
                                   : std::string("truncated response: the connection closed "
                                                 "while ") +
                                         stage());
        }
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                continue;
            }
            throw AttemptError(Failure::Transient,
                               std::string(std::strerror(errno)) + " while " + stage());
        }
        received += static_cast<std::size_t>(got);
        const ssize_t consumed =
            nghttp2_session_mem_recv(session, buffer, static_cast<std::size_t>(got));
        if (consumed < 0) {
            nghttp2_failed(consumed);
        }
    }
}

std::optional<std::string> header_value(const Headers& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

// The gRPC status an HTTP status other than 200 stands for (gRPC's http-grpc-status-mapping.md).
int code_for_http_status(int status) {
    switch (status) {
        case 400: return static_cast<int>(GrpcCode::Internal);
        case 401: return static_cast<int>(GrpcCode::Unauthenticated);
        case 403: return static_cast<int>(GrpcCode::PermissionDenied);
        case 404: return static_cast<int>(GrpcCode::Unimplemented);
        case 429:
        case 502:
        case 503:
        case 504: return static_cast<int>(GrpcCode::Unavailable);
        default: return static_cast<int>(GrpcCode::Unknown);
    }
}

// The call's outcome from what the closed stream brought.
GrpcResult result_of(Exchange& exchange) {
    const auto status = header_value(exchange.trailers, "grpc-status")
                            ? header_value(exchange.trailers, "grpc-status")
                            : header_value(exchange.headers, "grpc-status");  // Trailers-Only
    if (exchange.close_error != NGHTTP2_NO_ERROR && !status) {
        throw AttemptError(Failure::Transient, std::string("the server reset the stream (") +
                                                   nghttp2_http2_strerror(exchange.close_error) +
                                                   ")");
    }
    if (exchange.http_status == 0) {
        throw AttemptError(Failure::Transient, "the stream ended without a response");
    }
    GrpcResult result;
    if (exchange.http_status != 200) {
        result.status = code_for_http_status(exchange.http_status);
        result.message = "HTTP status " + std::to_string(exchange.http_status);
        return result;
    }
    const std::string content_type = header_value(exchange.headers, "content-type").value_or("");
    if (content_type != "application/grpc" && content_type.rfind("application/grpc+", 0) != 0 &&
        content_type.rfind("application/grpc;", 0) != 0) {
        result.status = static_cast<int>(GrpcCode::Unknown);
        result.message = "the response's content-type is '" + printable(content_type, 100) +
                         "', not application/grpc";
        return result;
    }
    if (!status) {
        throw AttemptError(Failure::Transient,
                           "truncated response: the stream ended without grpc-status");
    }
    const bool digits =
        !status->empty() && status->size() <= 3 &&
        std::all_of(status->begin(), status->end(), [](char c) { return c >= '0' && c <= '9'; });
    result.status = digits ? std::stoi(*status) : static_cast<int>(GrpcCode::Unknown);
    const auto message = header_value(exchange.trailers, "grpc-message")
                             ? header_value(exchange.trailers, "grpc-message")
                             : header_value(exchange.headers, "grpc-message");
    result.message = percent_decode(message.value_or(""));
    if (!digits) {
        result.message = "a bad grpc-status '" + printable(*status, 20) + "'" +
                         (result.message.empty() ? "" : ": " + result.message);
    }
    result.body = std::move(exchange.body);
    return result;
}

}  // namespace

std::string grpc_code_name(int code) {
    static const char* const kNames[] = {"OK",
                                         "CANCELLED",
                                         "UNKNOWN",
                                         "INVALID_ARGUMENT",
                                         "DEADLINE_EXCEEDED",
                                         "NOT_FOUND",
                                         "ALREADY_EXISTS",
                                         "PERMISSION_DENIED",
                                         "RESOURCE_EXHAUSTED",
                                         "FAILED_PRECONDITION",
                                         "ABORTED",
                                         "OUT_OF_RANGE",
                                         "UNIMPLEMENTED",
                                         "INTERNAL",
                                         "UNAVAILABLE",
                                         "DATA_LOSS",
                                         "UNAUTHENTICATED"};
    if (code < 0 || code > 16) {
        return "code " + std::to_string(code);
    }
    return kNames[code];
}

std::string grpc_frame(std::string_view message) {
    std::string framed(5, '\0');
    const auto size = static_cast<std::uint32_t>(message.size());
    framed[1] = static_cast<char>(size >> 24);
    framed[2] = static_cast<char>(size >> 16);
    framed[3] = static_cast<char>(size >> 8);
    framed[4] = static_cast<char>(size);
    framed.append(message.data(), message.size());
    return framed;
}

std::string_view grpc_message(std::string_view body) {
    if (body.empty()) {
        throw std::invalid_argument("the response holds no message");
    }
    if (body.size() < 5) {
        throw std::invalid_argument("the response's message prefix is cut short");
    }
    if (body[0] != 0) {
        throw std::invalid_argument(body[0] == 1 ? "the response's message is compressed, "
                                                   "which was not asked for"
                                                 : "the response's message prefix is malformed");
    }
    std::uint32_t size = 0;
    for (std::size_t i = 1; i < 5; ++i) {
        size = size << 8 | static_cast<unsigned char>(body[i]);
    }
    body.remove_prefix(5);
    if (size > body.size()) {
        throw std::invalid_argument(
            "the response's message is cut short: " + std::to_string(body.size()) + " of " +
            std::to_string(size) + " bytes");
    }
    if (size < body.size()) {
        throw std::invalid_argument("the response holds more than one message");
    }
    return body;
}

GrpcResult grpc_unary(const GrpcCall& call, SteadyTime deadline) {
    const UniqueFd fd = connect_unix(call.socket_path);
    const std::string request = grpc_frame(call.request);
    Exchange exchange;
    exchange.request = request;
    exchange.max_body = call.max_response;
    const auto session = new_session(exchange);
    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 0},  // the server opens none
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, kMaxHeaderBytes},
    };
    if (nghttp2_submit_settings(session.get(), NGHTTP2_FLAG_NONE, settings,
                                sizeof settings / sizeof settings[0]) != 0) {
        throw std::bad_alloc();
    }
    const Headers headers = request_headers(call, deadline);
    std::vector<nghttp2_nv> fields;
    for (const auto& [name, value] : headers) {
        fields.push_back(header(name, value));
    }
    nghttp2_data_provider body{};
    body.read_callback = read_request;
    exchange.stream_id = nghttp2_submit_request(session.get(), nullptr, fields.data(),
                                                fields.size(), &body, nullptr);
    if (exchange.stream_id < 0) {
        throw std::runtime_error(std::string("nghttp2_submit_request: ") +
                                 nghttp2_strerror(exchange.stream_id));
    }
    run_session(session.get(), fd.get(), exchange, deadline);
    return result_of(exchange);
}

}  // namespace ambient_oidc::net
