// Token endpoints that answer with a JSON object holding the token in one string field.
#pragma once

#include <string>

namespace ambient_oidc::provider {

// Returns body's string field `field`. Throws net::AttemptError(InvalidToken) naming what is
// wrong when the body is empty, not a JSON object, or lacks the field or has it empty.
std::string token_from_json(const std::string& body, const std::string& field);

}  // namespace ambient_oidc::provider
