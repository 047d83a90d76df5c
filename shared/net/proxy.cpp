#include "net/proxy.hpp"

#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "net/url.hpp"

namespace ambient_oidc::net {

namespace {

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

std::optional<std::string> first_set(const Environment& env, const char* lower_name,
                                     const char* upper_name) {
    if (auto value = env.non_empty(lower_name)) {
        return value;
    }
    return env.non_empty(upper_name);
}

}  // namespace

bool no_proxy_matches(const std::string& list, const std::string& host) {
    const std::string name = lower(host);
    std::stringstream entries(list);
    for (std::string entry; std::getline(entries, entry, ',');) {
        entry = lower(trim(entry, " \t"));
        if (entry == "*") {
            return true;
        }
        if (!entry.empty() && entry.front() != '[' &&
            std::count(entry.begin(), entry.end(), ':') == 1) {
            entry = entry.substr(0, entry.find(':'));  // host:port
        }
        if (!entry.empty() && entry.front() == '.') {
            entry.erase(0, 1);
        }
        if (entry.empty()) {
            continue;
        }
        if (name == entry || (name.size() > entry.size() &&
                              name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
                              name[name.size() - entry.size() - 1] == '.')) {
            return true;
        }
    }
    return false;
}

ProxySettings ProxySettings::from_environment(const Environment& env) {
    ProxySettings settings;
    settings.no_proxy_ = first_set(env, "no_proxy", "NO_PROXY").value_or("");
    const auto value = first_set(env, "https_proxy", "HTTPS_PROXY");
    if (!value) {
        return settings;
    }
    std::string text = *value;
    if (text.find("://") == std::string::npos) {
        text = "http://" + text;
    }
    const auto scheme_end = text.find("://") + 3;
    // The last '@' ends the user information, so that a password may hold '/', '?', '#' or
    // '@' as typed (a proxy URL has no path worth an '@').
    const auto at = text.rfind('@');
    Proxy proxy;
    if (at != std::string::npos && at >= scheme_end) {
        const std::string raw = text.substr(scheme_end, at - scheme_end);
        const std::string userinfo = percent_decode(raw);
        proxy.authorization = "Basic " + base64(userinfo);
        settings.secrets_ = {raw, userinfo, proxy.authorization.substr(6)};
        for (const std::string* form : {&raw, &userinfo}) {
            if (const auto colon = form->find(':'); colon != std::string::npos) {
                settings.secrets_.push_back(form->substr(colon + 1));
            }
        }
        text.erase(scheme_end, at + 1 - scheme_end);
    }
    Url url;
    try {
        url = parse_url(text);
    } catch (const std::invalid_argument& error) {
        // The secrets are known before anything is parsed: no part of them reaches the error.
        throw Error(ErrorKind::Usage,
                    redact_secrets(std::string("HTTPS_PROXY: ") + error.what(), settings.secrets_));
    }
    if (url.scheme != "http") {
        throw Error(ErrorKind::Usage,
                    "HTTPS_PROXY: only http:// proxies are supported (the tunnel to the server "
                    "is still TLS)");
    }
    // Without a port, curl's default for proxies.
    const std::string authority = text.substr(scheme_end, text.find('/', scheme_end) - scheme_end);
    const auto bracket = authority.rfind(']');
    const bool has_port =
        authority.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos;
    proxy.host = url.host;
    proxy.port = has_port ? url.port : 1080;
    settings.proxy_ = proxy;
    return settings;
}

std::optional<Proxy> ProxySettings::for_host(const std::string& host) const {
    if (!proxy_) {
        return std::nullopt;
    }
    return no_proxy_matches(no_proxy_, host) ? std::nullopt : proxy_;
}

}  // namespace ambient_oidc::net
