#include "protocol/inspect.hpp"

#include <cmath>
#include <optional>

#include "core/duration.hpp"
#include "core/json.hpp"

namespace ambient_oidc::protocol {

namespace {

std::optional<long long> seconds_left(const Poco::JSON::Object& claims, WallTime now) {
    if (!claims.has("exp") || !is_number(claims.get("exp"))) {
        return std::nullopt;
    }
    const double exp = claims.get("exp").convert<double>();
    if (!std::isfinite(exp) || std::fabs(exp) > 1e15) {
        return std::nullopt;
    }
    const auto now_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return static_cast<long long>(exp) - now_seconds;
}

void write_members(const Poco::JSON::Object& object, std::ostream& out) {
    for (const auto& [key, value] : object) {
        out << "  " << key << ": " << (value.isString() ? value.toString() : to_json(value))
            << '\n';
    }
}

}  // namespace

void write_inspection(const token::Jwt& jwt, const std::string& provider, WallTime now, bool json,
                      std::ostream& out) {
    const auto left = seconds_left(*jwt.claims, now);
    if (json) {
        out << "{\"provider\":" << json_quote(provider) << ",\"header\":" << to_json(jwt.header)
            << ",\"claims\":" << to_json(jwt.claims)
            << ",\"expires_in\":" << (left ? std::to_string(*left) : "null") << "}\n";
    } else {
        out << "provider: " << provider << "\nheader:\n";
        write_members(*jwt.header, out);
        out << "claims:\n";
        write_members(*jwt.claims, out);
        if (left) {
            out << "expires in: " << *left << "s" << (*left <= 0 ? " (expired)" : "") << '\n';
        }
    }
    out.flush();
}

}  // namespace ambient_oidc::protocol
