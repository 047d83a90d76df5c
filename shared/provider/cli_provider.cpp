#include "provider/cli_provider.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "provider/command.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::provider {

std::vector<Variable> CliProvider::variables() const {
    return {{variable(), literal_name(), false, "set in the CI's jobs"},
            {job_variable(), literal_name(), false, "the job, to keep cached tokens apart"},
            {"PATH", literal_name(), false, "where the CI's command-line tool is looked for"}};
}

bool CliProvider::detect(const Environment& env, const config::Settings&) const {
    return env.get(variable()).has_value();
}

std::optional<std::string> CliProvider::cache_context(const Environment& env,
                                                      const config::Settings&) const {
    return env.non_empty(job_variable());
}

std::string CliProvider::fetch(FetchContext& context, const std::string& audience) const {
    const auto path = find_program(program(), context.env);
    if (!path) {
        throw Error(ErrorKind::NoCredential,
                    name() + ": " + program() + " is not on PATH; " + install_hint());
    }
    std::vector<std::string> argv = {*path};
    const auto rest = arguments(audience);
    argv.insert(argv.end(), rest.begin(), rest.end());
    context.log.debug(name() + ": running " + *path);
    return context.with_retry(name(), [&](SteadyTime attempt_deadline) {
        return std::string(
            trim(run_command(argv, context.env, attempt_deadline, token::kMaxTokenBytes)));
    });
}

std::vector<std::string> Buildkite::arguments(const std::string& audience) const {
    return {"oidc", "request-token", "--audience", audience};
}

std::vector<std::string> Circleci::arguments(const std::string& audience) const {
    return {"run", "oidc", "get", "--claims", "{\"aud\":" + json_quote(audience) + "}"};
}

}  // namespace ambient_oidc::provider
