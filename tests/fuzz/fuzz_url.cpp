// net::parse_url, set_query_param, percent_encode/decode: URLs come from the environment
// (ACTIONS_ID_TOKEN_REQUEST_URL and the other providers' variables) and the config file.
// Input: "URL" or "URL\nNAME\nVALUE" (the query parameter to set; default audience=sigstore).
#include <stdexcept>

#include "fuzz_common.hpp"
#include "net/url.hpp"

using ambient_oidc::net::Url;
namespace net = ambient_oidc::net;

namespace {

bool same(const Url& a, const Url& b) {
    return a.scheme == b.scheme && a.host == b.host && a.port == b.port && a.path == b.path &&
           a.query == b.query;
}

// The query items whose name decodes to name, as set_query_param reads them.
int count_named(const std::string& query, std::string_view name, std::string* value) {
    int count = 0;
    for (const std::string_view item : fuzz::split(query, '&')) {
        const auto equals = item.find('=');
        if (!item.empty() && net::percent_decode(item.substr(0, equals)) == name) {
            ++count;
            *value = equals == std::string_view::npos
                         ? std::string()
                         : net::percent_decode(item.substr(equals + 1));
        }
    }
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::text(data, size);
    const auto lines = fuzz::split(input, '\n');
    const std::string_view text = lines[0];
    const std::string_view name = lines.size() > 1 ? lines[1] : "audience";
    const std::string_view value =
        lines.size() > 2 ? input.substr(lines[0].size() + lines[1].size() + 2) : "sigstore";

    FUZZ_CHECK(net::percent_decode(net::percent_encode(input)) == input);
    FUZZ_CHECK(net::percent_decode(input).size() <= input.size());

    Url url;
    try {
        url = net::parse_url(text);
    } catch (const std::invalid_argument&) {
        return 0;
    }
    FUZZ_CHECK(url.scheme == "http" || url.scheme == "https");
    FUZZ_CHECK(!url.host.empty());
    FUZZ_CHECK(url.port != 0);
    FUZZ_CHECK(!url.path.empty() && url.path[0] == '/');
    // What is sent on the wire parses back to the same URL.
    FUZZ_CHECK(same(net::parse_url(url.str()), url));

    net::set_query_param(url, name, value);
    std::string found;
    FUZZ_CHECK(count_named(url.query, name, &found) == 1);
    FUZZ_CHECK(found == value);
    FUZZ_CHECK(same(net::parse_url(url.str()), url));
    (void)url.target();
    (void)url.authority();
    return 0;
}
