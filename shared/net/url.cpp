#include "net/url.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/text.hpp"

namespace ambient_oidc::net {

namespace {

std::uint16_t default_port(const std::string& scheme) {
    return scheme == "https" ? 443 : 80;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// getaddrinfo, like a browser, reads a host whose last label is a number (decimal, or hex after
// 0x) as an IPv4 address in any of inet_aton's forms ("127.1", "2130706433", "0x7f.0.0.1", octal
// "0177.0.0.1"). OpenSSL checks a certificate only against the standard dotted quad, so every
// other form is refused: the certificate must be checked against the address connected to.
void check_ipv4_form(const std::string& host) {
    const auto dot = host.find_last_of('.', host.size() > 1 ? host.size() - 2 : 0);
    std::string last = host.substr(dot == std::string::npos ? 0 : dot + 1);
    if (!last.empty() && last.back() == '.') {
        last.pop_back();
    }
    const bool hex = last.size() > 1 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') &&
                     std::all_of(last.begin() + 2, last.end(), [](char c) {
                         return std::isxdigit(static_cast<unsigned char>(c));
                     });
    const bool decimal = !last.empty() && std::all_of(last.begin(), last.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
    in_addr address{};
    if ((!hex && !decimal) || ::inet_pton(AF_INET, host.c_str(), &address) == 1) {
        return;
    }
    if (::inet_aton(host.c_str(), &address) != 0) {
        char standard[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, &address, standard, sizeof standard);
        throw std::invalid_argument("invalid URL: host '" + host +
                                    "' is an IPv4 address in a non-standard form: write it as " +
                                    standard);
    }
    throw std::invalid_argument("invalid URL: host '" + host +
                                "' ends in a number but is not an IPv4 address (a.b.c.d)");
}

}  // namespace

bool valid_host(const std::string& host) {
    if (host.find(':') != std::string::npos) {
        in6_addr address{};
        return ::inet_pton(AF_INET6, host.c_str(), &address) == 1;
    }
    return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
}

std::string Url::target() const {
    return query.empty() ? path : path + "?" + query;
}

std::string Url::authority() const {
    std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != default_port(scheme)) {
        shown += ":" + std::to_string(port);
    }
    return shown;
}

std::string Url::str() const {
    return scheme + "://" + authority() + target();
}

Url parse_url(std::string_view text) {
    auto fail = [&](const std::string& why) -> Url {
        throw std::invalid_argument("invalid URL: " + why);
    };
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            return fail("it contains a space or a control character");
        }
    }
    Url url;
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
        return fail("it is not absolute (expected https://host/...)");
    }
    url.scheme = std::string(text.substr(0, scheme_end));
    std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (url.scheme != "https" && url.scheme != "http") {
        return fail("scheme '" + url.scheme + "' is not http or https");
    }
    std::string_view rest = text.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('#'));
    const auto authority_end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, authority_end);
    const std::string_view tail =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (authority.find('@') != std::string_view::npos) {
        return fail("user info in the URL is not supported");
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return fail("unterminated IPv6 address");
        }
        url.host = std::string(authority.substr(1, close - 1));
        if (url.host.find(':') == std::string::npos) {
            return fail("only an IPv6 address goes in brackets");
        }
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return fail("unexpected text after the IPv6 address");
            }
            port_text = after.substr(1);
        }
    } else {
        const auto colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
        }
    }
    if (url.host.empty()) {
        return fail("no host");
    }
    if (!valid_host(url.host)) {
        return fail("bad host '" + url.host + "'");
    }
    if (url.host.find(':') == std::string::npos) {
        check_ipv4_form(url.host);
    }
    url.port = default_port(url.scheme);
    if (!port_text.empty()) {
        if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; })) {
            return fail("bad port '" + std::string(port_text) + "'");
        }
        const long port = std::stol(std::string(port_text));
        if (port < 1 || port > 65535) {
            return fail("port " + std::string(port_text) + " is out of range");
        }
        url.port = static_cast<std::uint16_t>(port);
    }
    const auto query_start = tail.find('?');
    url.path = std::string(tail.substr(0, query_start));
    if (url.path.empty()) {
        url.path = "/";
    }
    if (query_start != std::string_view::npos) {
        url.query = std::string(tail.substr(query_start + 1));
    }
    return url;
}

Authority parse_authority(std::string_view text) {
    if (text.find_first_of("/?#") != std::string_view::npos) {
        throw std::invalid_argument("invalid host '" + std::string(text) +
                                    "': a path, query or fragment is not expected");
    }
    const Url url = parse_url("http://" + std::string(text) + "/");
    Authority authority{lower(url.host), ""};
    const auto bracket = text.rfind(']');
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && colon + 1 < text.size() &&
        (bracket == std::string_view::npos || colon > bracket)) {
        authority.port = std::to_string(url.port);
    }
    return authority;
}

ServiceUri parse_service_uri(std::string_view text) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) {
        throw std::invalid_argument("invalid URI '" + std::string(text) +
                                    "': expected scheme://host[:port][/path]");
    }
    ServiceUri uri;
    uri.scheme = lower(text.substr(0, scheme_end));
    std::string_view rest = text.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("?#"));
    const auto slash = rest.find('/');
    uri.authority = parse_authority(rest.substr(0, slash));
    uri.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (uri.authority.port.empty()) {
        if (uri.scheme == "https" || uri.scheme == "grpcs") {
            uri.authority.port = "443";
        } else if (uri.scheme == "http" || uri.scheme == "grpc") {
            uri.authority.port = "80";
        }
    }
    return uri;
}

bool is_under(const ServiceUri& uri, const ServiceUri& prefix) {
    if (uri.scheme != prefix.scheme || uri.authority.host != prefix.authority.host ||
        uri.authority.port != prefix.authority.port ||
        uri.path.compare(0, prefix.path.size(), prefix.path) != 0) {
        return false;
    }
    return uri.path.size() == prefix.path.size() || prefix.path.back() == '/' ||
           uri.path[prefix.path.size()] == '/';
}

std::string percent_encode(std::string_view text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void set_query_param(Url& url, std::string_view name, std::string_view value) {
    std::string kept;
    std::string_view rest = url.query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view item = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (item.empty() || percent_decode(item.substr(0, item.find('='))) == name) {
            continue;
        }
        kept += std::string(item) + "&";
    }
    url.query = kept + percent_encode(name) + "=" + percent_encode(value);
}

}  // namespace ambient_oidc::net
