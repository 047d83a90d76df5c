// Cirrus CI: tasks get their ID token in CIRRUS_OIDC_TOKEN, and CIRRUS_CI=true.
#pragma once

#include "provider/variable_token.hpp"

namespace ambient_oidc::provider {

class Cirrus : public VariableToken {
  public:
    static constexpr Variable kToken{"CIRRUS_OIDC_TOKEN", "cirrus", true, "the task's ID token"};
    static constexpr Variable kMarker{"CIRRUS_CI", "cirrus", false, "true in Cirrus CI tasks"};
    Cirrus()
        : VariableToken("cirrus", kToken, "Cirrus CI chooses the audience of CIRRUS_OIDC_TOKEN",
                        kMarker,
                        "Cirrus CI gave this task no ID token; to use another identity here, "
                        "name it with --provider") {}
};

}  // namespace ambient_oidc::provider
