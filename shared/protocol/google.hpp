// Google's executable-sourced credentials (ambient-oidc(1) GOOGLE CLOUD): a Google client library
// with workload identity federation runs `ambient-oidc google-executable`, describes the
// request in GOOGLE_EXTERNAL_ACCOUNT_* variables, and reads a JSON response on stdout, in
// success and in failure. Nothing may go to stderr: the Python library reads it with stdout.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "core/environment.hpp"
#include "core/error.hpp"
#include "protocol/docker.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::protocol {

constexpr const char* kGoogleJwtType = "urn:ietf:params:oauth:token-type:jwt";
constexpr const char* kGoogleIdTokenType = "urn:ietf:params:oauth:token-type:id_token";

// What the library asks for.
struct GoogleRequest {
    std::string audience;     // of the OIDC token
    std::string token_type;   // echoed in the response
    std::string output_file;  // empty: none
};

// Reads the request from env: the audience is flag_audience, else "https:" followed by
// GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE; the token type GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE (jwt or
// id_token), default jwt. Throws Error(Usage) when there is no audience, for another token type,
// and when GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE is 1 (there is nobody to ask).
GoogleRequest parse_google_request(const Environment& env,
                                   const std::optional<std::string>& flag_audience);

// The success response for obtained: {"version":1,"success":true,"token_type",...}.
std::string google_success(const GoogleRequest& request, const provider::Obtained& obtained);

// Writes the success response on out and, when the request names an output file, to that file
// as well (atomically, mode 0600). Throws Error for a failed write.
void write_google_response(const GoogleRequest& request, const provider::Obtained& obtained,
                           std::ostream& out);

// The response's code for an error kind: USAGE, NO_CREDENTIAL, UNAVAILABLE, TIMEOUT, REJECTED,
// INVALID_TOKEN or INTERNAL.
std::string google_error_code(ErrorKind kind);

// Reports a failure as the protocol wants it: {"version":1,"success":false,"code","message"} on
// out, the message with every secret log knows masked; nothing on stderr. Returns the exit code.
int report_google_failure(const Error& error, std::ostream& out, const Logger& log);

// The whole command: parses the request, obtains the token and writes the response. Throws Error.
void run_google_executable(const Environment& env, const std::optional<std::string>& flag_audience,
                           const ObtainFn& obtain, std::ostream& out);

}  // namespace ambient_oidc::protocol
