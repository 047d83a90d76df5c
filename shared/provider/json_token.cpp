#include "provider/json_token.hpp"

#include <stdexcept>

#include "core/json.hpp"
#include "net/failure.hpp"

namespace ambient_oidc::provider {

std::string token_from_json(const std::string& body, const std::string& field) {
    auto invalid = [](const std::string& why) {
        return net::AttemptError(net::Failure::InvalidToken, "the response " + why);
    };
    if (body.empty()) {
        throw invalid("body is empty");
    }
    Poco::JSON::Object::Ptr object;
    try {
        object = parse_json_object(body);
    } catch (const std::invalid_argument& error) {
        throw invalid(std::string("is ") + error.what());
    }
    if (!object->has(field) || !object->get(field).isString()) {
        throw invalid("has no \"" + field + "\" string");
    }
    std::string token = object->get(field).toString();
    if (token.empty()) {
        throw invalid("has an empty \"" + field + "\"");
    }
    return token;
}

}  // namespace ambient_oidc::provider
