// Absolute http(s) URLs: parsed and checked once, before any attempt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ambient_oidc::net {

struct Url {
    std::string scheme;  // "http" or "https", lower case
    std::string host;    // without brackets for IPv6 literals
    std::uint16_t port = 0;
    std::string path;   // starts with '/'
    std::string query;  // without '?', may be empty

    // "path?query" (or "path"), as sent on the request line.
    std::string target() const;
    // "host" or "host:port" when the port is not the scheme's default, as sent in Host.
    std::string authority() const;
    // The URL rebuilt from its parts (without any fragment).
    std::string str() const;
};

// True for a DNS name or IPv4 address (letters, digits, '.', '-', '_') or an IPv6 address
// (without brackets).
bool valid_host(const std::string& host);

// Parses an absolute http:// or https:// URL. Throws std::invalid_argument naming what is wrong:
// another scheme, no host or a bad one, user info, a bad port, spaces or control characters.
Url parse_url(std::string_view text);

// "host[:port]": the host in lower case, without brackets for IPv6; the port as written, or
// empty.
struct Authority {
    std::string host;
    std::string port;
};

// Parses "host[:port]". Throws std::invalid_argument naming what is wrong: user information, no
// host or a bad one, a bad port, spaces or control characters.
Authority parse_authority(std::string_view text);

// A URI a credential helper is asked about, of any scheme (https, grpcs, ...): scheme in lower
// case, its authority, the port made explicit for the schemes whose default is known (https and
// grpcs 443, http and grpc 80), and the path ("/" when there is none) without query or fragment.
struct ServiceUri {
    std::string scheme;
    Authority authority;
    std::string path;
};

// Parses scheme://host[:port][/path][?query][#fragment]. Throws std::invalid_argument as
// parse_authority does, or when there is no scheme.
ServiceUri parse_service_uri(std::string_view text);

// True when uri is under prefix: the same scheme, host (case-insensitively) and port, and a path
// that is prefix's path or continues it after a '/' ("/a" covers "/a" and "/a/b", not "/ab").
bool is_under(const ServiceUri& uri, const ServiceUri& prefix);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

// Percent-decodes text ('+' is kept as is); invalid escapes are kept literally.
std::string percent_decode(std::string_view text);

// Sets query parameter name=value: every existing parameter of that name is removed, the others
// are kept as written, and name=percent_encode(value) is appended.
void set_query_param(Url& url, std::string_view name, std::string_view value);

}  // namespace ambient_oidc::net
