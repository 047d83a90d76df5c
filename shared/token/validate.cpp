#include "token/validate.hpp"

#include <Poco/JSON/Array.h>

#include <cmath>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/json.hpp"

namespace ambient_oidc::token {

namespace {

[[noreturn]] void invalid(const std::string& why) {
    throw Error(ErrorKind::InvalidToken, why);
}

[[noreturn]] void mismatch(const std::string& why) {
    throw AudienceMismatch(why);
}

void check_audience(const Poco::JSON::Object& claims, std::string_view audience) {
    const std::string expected =
        ", expected " + std::string(audience) + "; pass --audience or configure the issuer";
    if (!claims.has("aud")) {
        mismatch("the token has no aud claim" + expected);
    }
    const Poco::Dynamic::Var aud = claims.get("aud");
    if (aud.isString()) {
        const std::string value = aud.toString();
        if (value != audience) {
            mismatch("token audience is " + value + expected);
        }
        return;
    }
    if (aud.type() == typeid(Poco::JSON::Array::Ptr)) {
        std::string listed;
        for (const auto& item : *aud.extract<Poco::JSON::Array::Ptr>()) {
            if (!item.isString()) {
                invalid("the token's aud claim holds a value that is not a string");
            }
            if (item.toString() == audience) {
                return;
            }
            listed += (listed.empty() ? "" : ", ") + item.toString();
        }
        mismatch("token audiences are [" + listed + "]" + expected);
    }
    invalid("the token's aud claim is neither a string nor an array of strings");
}

WallTime check_expiry(const Poco::JSON::Object& claims, WallTime now) {
    if (!claims.has("exp") || !is_number(claims.get("exp"))) {
        invalid("the token has no numeric exp claim");
    }
    const double exp = claims.get("exp").convert<double>();
    // Up to 2200-01-01: the clock's time points end in 2262.
    if (!std::isfinite(exp) || exp < 0 || exp > 7258118400.0) {
        invalid("the token's exp claim is out of range");
    }
    const auto expires_at =
        WallTime(std::chrono::seconds(static_cast<std::chrono::seconds::rep>(exp)));
    if (expires_at <= now) {
        const auto ago = std::chrono::duration_cast<std::chrono::seconds>(now - expires_at);
        invalid("the token expired at " + format_rfc3339(expires_at) + " (" +
                std::to_string(ago.count()) + "s ago)");
    }
    return expires_at;
}

}  // namespace

std::vector<std::string> audiences(const Jwt& jwt) {
    std::vector<std::string> found;
    if (!jwt.claims || !jwt.claims->has("aud")) {
        return found;
    }
    const Poco::Dynamic::Var aud = jwt.claims->get("aud");
    if (aud.isString()) {
        found.push_back(aud.toString());
    } else if (aud.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& item : *aud.extract<Poco::JSON::Array::Ptr>()) {
            if (item.isString()) {
                found.push_back(item.toString());
            }
        }
    }
    return found;
}

ValidToken validate_token(std::string raw, std::string_view audience, WallTime now) {
    if (raw.empty()) {
        invalid("the token is empty");
    }
    if (raw.size() > kMaxTokenBytes) {
        invalid("the token is larger than 64 KiB");
    }
    Jwt jwt = decode_jwt(raw);
    const WallTime expires_at = check_expiry(*jwt.claims, now);
    check_audience(*jwt.claims, audience);
    return ValidToken{IdToken(std::move(raw)), std::move(jwt), expires_at};
}

}  // namespace ambient_oidc::token
