// The spiffe provider's pure parts: the protocol buffers wire format, gRPC's message prefix, the
// FetchJWTSVID messages, Workload API addresses and the classification of gRPC statuses. The
// transport itself runs against a real gRPC server in tests/integration/spiffe_test.cpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "net/failure.hpp"
#include "net/grpc.hpp"
#include "net/protobuf.hpp"
#include "provider/spiffe.hpp"

namespace bdata = boost::unit_test::data;
namespace net = ambient_oidc::net;
namespace protobuf = ambient_oidc::net::protobuf;
using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::provider::decode_jwt_svid_response;
using ambient_oidc::provider::JwtSvid;
using ambient_oidc::provider::workload_socket_path;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (const int value : values) {
        out += static_cast<char>(value);
    }
    return out;
}

// A JWTSVID message with the fields given, and a hint and an unknown varint field after them.
std::string svid_message(const std::string& spiffe_id, const std::string& svid) {
    std::string message;
    protobuf::put_bytes(message, 1, spiffe_id);
    protobuf::put_bytes(message, 2, svid);
    protobuf::put_bytes(message, 3, "hint");
    message += bytes({7 << 3, 1});
    return message;
}

// The failure decode_jwt_svid_response throws for body ("" when it throws none).
std::string decode_failure(const std::string& body) {
    try {
        decode_jwt_svid_response(body);
    } catch (const net::AttemptError& error) {
        BOOST_TEST(static_cast<int>(error.failure()) ==
                   static_cast<int>(net::Failure::InvalidToken));
        return error.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(spiffe)

BOOST_AUTO_TEST_CASE(protobuf_fields_are_written_and_read_back) {
    std::string message;
    protobuf::put_bytes(message, 1, "sigstore");
    protobuf::put_bytes(message, 2, std::string(300, 'x'));  // a two-byte length
    protobuf::put_bytes(message, 536870911, "");             // the largest field number
    BOOST_TEST(message.substr(0, 10) == bytes({0x0a, 8}) + "sigstore");
    BOOST_TEST(message.substr(10, 3) == bytes({0x12, 0xac, 0x02}));
    message += bytes({0x18, 0x96, 0x01});                 // field 3, varint 150
    message += bytes({0x21, 1, 0, 0, 0, 0, 0, 0, 0x80});  // field 4, fixed64
    message += bytes({0x2d, 0x78, 0x56, 0x34, 0x12});     // field 5, fixed32
    protobuf::Reader reader(message);
    protobuf::Field field;
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST(field.number == 1u);
    BOOST_TEST(field.bytes == "sigstore");
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST(field.bytes.size() == 300u);
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST(field.number == 536870911u);
    BOOST_TEST(field.bytes.empty());
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST((field.number == 3 && field.type == protobuf::WireType::Varint));
    BOOST_TEST(field.varint == 150u);
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST((field.number == 4 && field.type == protobuf::WireType::Fixed64));
    BOOST_TEST(field.varint == 0x8000000000000001u);
    BOOST_REQUIRE(reader.next(field));
    BOOST_TEST((field.number == 5 && field.type == protobuf::WireType::Fixed32));
    BOOST_TEST(field.varint == 0x12345678u);
    BOOST_TEST(!reader.next(field));
}

BOOST_DATA_TEST_CASE(malformed_protobuf_is_refused,
                     bdata::make(std::vector<std::string>{
                         bytes({0x0a}),          // a length missing
                         bytes({0x0a, 5, 'a'}),  // a string past the end
                         bytes({0x08, 0x80}),    // a varint past the end
                         bytes({0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0x01}),                                // an 11-byte varint
                         bytes({0x02, 0}),                             // field number 0
                         bytes({0x0b}),                                // a group
                         bytes({0x0e}),                                // wire type 6
                         bytes({0x0d, 1, 2}),                          // a fixed32 cut short
                         bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x01}),  // field number > 2^29-1
                     }),
                     message) {
    protobuf::Reader reader(message);
    protobuf::Field field;
    BOOST_CHECK_THROW(while (reader.next(field)){}, std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(the_request_holds_the_audience_and_the_spiffe_id) {
    using ambient_oidc::provider::jwt_svid_request;
    BOOST_TEST(jwt_svid_request("sigstore", "") == bytes({0x0a, 8}) + "sigstore");
    BOOST_TEST(jwt_svid_request("sigstore", "spiffe://example.org/ci") ==
               bytes({0x0a, 8}) + "sigstore" + bytes({0x12, 23}) + "spiffe://example.org/ci");
}

BOOST_AUTO_TEST_CASE(grpc_messages_are_framed_with_a_five_byte_prefix) {
    BOOST_TEST(net::grpc_frame("abc") == bytes({0, 0, 0, 0, 3}) + "abc");
    BOOST_TEST(net::grpc_frame("") == bytes({0, 0, 0, 0, 0}));
    const std::string big(70000, 'x');
    BOOST_TEST(net::grpc_frame(big).substr(0, 5) == bytes({0, 0, 1, 0x11, 0x70}));
    BOOST_TEST(net::grpc_message(net::grpc_frame(big)) == big);
    BOOST_TEST(net::grpc_message(bytes({0, 0, 0, 0, 0})).empty());
}

BOOST_DATA_TEST_CASE(bad_grpc_bodies_are_refused,
                     bdata::make(std::vector<std::string>{
                         "", bytes({0, 0, 0}), bytes({1, 0, 0, 0, 1}) + "x", bytes({2, 0, 0, 0, 0}),
                         bytes({0, 0, 0, 0, 5}) + "abc", bytes({0, 0, 0, 0, 1}) + "ab"}) ^
                         bdata::make(std::vector<std::string>{
                             "no message", "prefix is cut short", "compressed", "malformed",
                             "cut short: 3 of 5 bytes", "more than one message"}),
                     body, why) {
    try {
        net::grpc_message(body);
        BOOST_FAIL("accepted");
    } catch (const std::invalid_argument& error) {
        BOOST_TEST(std::string(error.what()).find(why) != std::string::npos, error.what());
    }
}

BOOST_AUTO_TEST_CASE(the_svids_of_a_response_are_read_in_order) {
    std::string response;
    protobuf::put_bytes(response, 1, svid_message("spiffe://example.org/a", "token-a"));
    response += bytes({0x10, 5});  // an unknown field between the SVIDs
    protobuf::put_bytes(response, 1, svid_message("spiffe://example.org/b", "token-b"));
    const std::vector<JwtSvid> svids = decode_jwt_svid_response(net::grpc_frame(response));
    BOOST_REQUIRE(svids.size() == 2u);
    BOOST_TEST(svids[0].spiffe_id == "spiffe://example.org/a");
    BOOST_TEST(svids[0].svid == "token-a");
    BOOST_TEST(svids[1].svid == "token-b");
    BOOST_TEST(decode_jwt_svid_response(net::grpc_frame("")).empty());
}

BOOST_AUTO_TEST_CASE(unusable_responses_are_invalid_tokens_that_quote_no_token) {
    const std::string secret = "eyJhbGciOiJFUzI1NiJ9.c2VjcmV0.c2ln";
    std::string svid;
    protobuf::put_bytes(svid, 2, secret);
    std::string response;
    protobuf::put_bytes(response, 1, svid);
    // Cut short at every length: never accepted, never quoted.
    const std::string framed = net::grpc_frame(response);
    for (std::size_t size = 0; size < framed.size(); ++size) {
        const std::string failure = decode_failure(framed.substr(0, size));
        BOOST_TEST(!failure.empty(), size);
        BOOST_TEST(failure.find("c2VjcmV0") == std::string::npos, failure);
    }
    // Message by message: what is refused, and why ("" when it is read).
    const std::vector<std::pair<std::string, std::string>> cases = {
        {bytes({0x08, 1}), "a svids field that is not a message"},
        {bytes({0x0d, 0, 0, 0, 0}), "a svids field that is not a message"},
        {bytes({0x10, 5}), ""},           // an unknown field
        {bytes({0x15, 0, 0, 0, 0}), ""},  // an unknown fixed32
        {bytes({0x0a, 2, 0x08, 1}), "a JWTSVID field 1 that is not a string"},
        {bytes({0x0a, 2, 0x10, 1}), "a JWTSVID field 2 that is not a string"},
        {bytes({0x0a, 2, 0x18, 1}), ""},  // an unknown JWTSVID field
        {bytes({0x0a, 0}), ""},           // an empty JWTSVID
        {bytes({0x0a, 2, 0x12, 1}), "field 2 runs past the end"},
        {bytes({0x09, 1, 2, 3}), "field 1 runs past the end"},
        {bytes({0x08}), "a varint runs past the end"},
        {bytes({0x0f}), "unsupported wire type 7"},
    };
    for (const auto& [message, why] : cases) {
        const std::string failure = decode_failure(net::grpc_frame(message));
        BOOST_TEST((failure.empty() ? why.empty() : failure.find(why) != std::string::npos),
                   failure << " for a case expecting '" << why << "'");
    }
}

BOOST_AUTO_TEST_CASE(workload_api_addresses) {
    BOOST_TEST(workload_socket_path("unix:///run/spire/agent.sock", "X") ==
               "/run/spire/agent.sock");
    BOOST_TEST(workload_socket_path("unix:/run/spire/agent.sock", "X") == "/run/spire/agent.sock");
    BOOST_TEST(workload_socket_path("unix:///run/a%20b.sock", "X") == "/run/a b.sock");
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"unix:agent.sock", "relative path"},
        {"unix:", "relative path"},
        {"unix://", "names a host"},
        {"unix://host/agent.sock", "names a host"},
        {"unix:///agent.sock?x=1", "query or a fragment"},
        {"unix:///agent.sock#x", "query or a fragment"},
        {"tcp://127.0.0.1:8081", "over a Unix socket only"},
        {"/run/spire/agent.sock", "not a unix: address"},
        {"UNIX:///x", "not a unix: address"},
        {"unix:///" + std::string(107, 'a'), "at most 107 bytes"},
        {"unix:///a%00b", "no NUL"},
    };
    for (const auto& [address, why] : refused) {
        try {
            workload_socket_path(address, "SPIFFE_ENDPOINT_SOCKET");
            BOOST_ERROR("accepted " + address);
        } catch (const Error& error) {
            BOOST_TEST(static_cast<int>(error.kind()) == static_cast<int>(ErrorKind::Usage));
            const std::string what = error.what();
            BOOST_TEST(what.find("SPIFFE_ENDPOINT_SOCKET: ") == 0u, what);
            BOOST_TEST(what.find(why) != std::string::npos, what);
        }
    }
    BOOST_TEST(workload_socket_path("unix:///" + std::string(106, 'a'), "X").size() == 107u);
}

BOOST_AUTO_TEST_CASE(grpc_statuses_are_classified_as_the_contract_says) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    const std::vector<int> retried = {4, 8, 10, 14};
    for (int code = 1; code <= 17; ++code) {
        const net::AttemptError failure =
            ambient_oidc::provider::workload_api_failure(code, "why", log);
        const bool transient = std::find(retried.begin(), retried.end(), code) != retried.end();
        BOOST_TEST((failure.failure() == net::Failure::Transient) == transient, code);
        BOOST_TEST((failure.failure() == net::Failure::Rejected) == !transient, code);
        BOOST_TEST(std::string(failure.what()) ==
                       "the Workload API answered " + net::grpc_code_name(code) + ": why",
                   code);
    }
    BOOST_TEST(net::grpc_code_name(14) == "UNAVAILABLE");
    BOOST_TEST(net::grpc_code_name(17) == "code 17");
    const auto not_yet = ambient_oidc::provider::workload_api_failure(7, "no identity issued", log);
    BOOST_TEST(static_cast<int>(not_yet.failure()) == static_cast<int>(net::Failure::Transient));
    BOOST_TEST(std::string(not_yet.what()).find("has not attested this workload yet") !=
               std::string::npos);
    // Other PERMISSION_DENIEDs are final; the message is masked and kept on one line.
    log.add_secret("s3cret-value");
    const auto denied = ambient_oidc::provider::workload_api_failure(
        7, "denied for s3cret-value\nsecond line", log);
    BOOST_TEST(static_cast<int>(denied.failure()) == static_cast<int>(net::Failure::Rejected));
    BOOST_TEST(std::string(denied.what()) ==
               "the Workload API answered PERMISSION_DENIED: denied for ***?second line");
    BOOST_TEST(std::string(ambient_oidc::provider::workload_api_failure(3, "", log).what()) ==
               "the Workload API answered INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(present_with_the_variable_or_the_configured_socket) {
    const ambient_oidc::provider::Spiffe spiffe;
    ambient_oidc::config::Settings settings;
    BOOST_TEST(!spiffe.detect({}, settings));
    BOOST_TEST(!spiffe.detect({{"SPIFFE_ENDPOINT_SOCKET", ""}}, settings));
    BOOST_TEST(spiffe.detect({{"SPIFFE_ENDPOINT_SOCKET", "unix:///a"}}, settings));
    settings.spiffe_socket = "unix:///run/spire/agent.sock";
    BOOST_TEST(spiffe.detect({}, settings));
    BOOST_TEST(spiffe.requirement() ==
               "SPIFFE_ENDPOINT_SOCKET set, or providers.spiffe.socket configured");
    BOOST_TEST(!spiffe.cache_context({{"SPIFFE_ENDPOINT_SOCKET", "unix:///a"}}, settings));
}

BOOST_AUTO_TEST_SUITE_END()
