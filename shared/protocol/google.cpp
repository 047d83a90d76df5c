#include "protocol/google.hpp"

#include <chrono>

#include "core/atomic_file.hpp"
#include "core/json.hpp"
#include "core/output_path.hpp"
#include "core/text.hpp"

namespace ambient_oidc::protocol {

GoogleRequest parse_google_request(const Environment& env,
                                   const std::optional<std::string>& flag_audience) {
    if (env.get("GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE").value_or("0") == "1") {
        throw Error(ErrorKind::Usage,
                    "GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE is 1, but google-executable never asks "
                    "anyone anything: run the Google command non-interactively");
    }
    GoogleRequest request;
    if (flag_audience) {
        request.audience = *flag_audience;
    } else if (const auto audience = env.non_empty("GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE")) {
        request.audience = "https:" + *audience;
    } else {
        throw Error(ErrorKind::Usage,
                    "google-executable needs an audience: GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE is not "
                    "set (the Google library sets it from the credential file), and no "
                    "--audience was given");
    }
    request.token_type =
        env.non_empty("GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE").value_or(kGoogleJwtType);
    if (request.token_type != kGoogleJwtType && request.token_type != kGoogleIdTokenType) {
        throw Error(ErrorKind::Usage, "GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE is '" +
                                          printable(request.token_type, 100) +
                                          "'; google-executable gives OIDC tokens: use " +
                                          kGoogleJwtType + " in the credential file");
    }
    request.output_file = env.non_empty("GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE").value_or("");
    return request;
}

std::string google_success(const GoogleRequest& request, const provider::Obtained& obtained) {
    const auto expires = std::chrono::duration_cast<std::chrono::seconds>(
                             obtained.token.expires_at.time_since_epoch())
                             .count();
    return "{\"version\":1,\"success\":true,\"token_type\":" + json_quote(request.token_type) +
           ",\"id_token\":" + json_quote(obtained.token.token.reveal()) +
           ",\"expiration_time\":" + std::to_string(expires) + "}";
}

void write_google_response(const GoogleRequest& request, const provider::Obtained& obtained,
                           std::ostream& out) {
    const std::string response = google_success(request, obtained);
    if (!request.output_file.empty()) {
        refuse_foreign_links(request.output_file);
        write_file_atomic(request.output_file, response, 0600);
    }
    out << response << '\n';
    out.flush();
}

std::string google_error_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Usage: return "USAGE";
        case ErrorKind::NoCredential: return "NO_CREDENTIAL";
        case ErrorKind::Unavailable: return "UNAVAILABLE";
        case ErrorKind::Timeout: return "TIMEOUT";
        case ErrorKind::Rejected: return "REJECTED";
        case ErrorKind::InvalidToken: return "INVALID_TOKEN";
        case ErrorKind::Internal:
        case ErrorKind::CommandNotFound: break;
    }
    return "INTERNAL";
}

int report_google_failure(const Error& error, std::ostream& out, const Logger& log) {
    out << "{\"version\":1,\"success\":false,\"code\":"
        << json_quote(google_error_code(error.kind()))
        << ",\"message\":" << json_quote(log.redact(error.what())) << "}\n";
    out.flush();
    return exit_code(error.kind());
}

void run_google_executable(const Environment& env, const std::optional<std::string>& flag_audience,
                           const ObtainFn& obtain, std::ostream& out) {
    const GoogleRequest request = parse_google_request(env, flag_audience);
    if (!request.output_file.empty()) {
        refuse_foreign_links(request.output_file);  // before anything is fetched
    }
    write_google_response(request, obtain(request.audience), out);
}

}  // namespace ambient_oidc::protocol
