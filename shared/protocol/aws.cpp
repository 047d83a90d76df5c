#include "protocol/aws.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace ambient_oidc::protocol {

namespace {

constexpr const char* kDefaultAudience = "sts.amazonaws.com";

[[noreturn]] void usage(const std::string& message) {
    throw Error(ErrorKind::Usage, message);
}

bool session_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("+=,.@-").find(c) != std::string_view::npos;
}

bool valid_session_name(const std::string& name) {
    return name.size() >= 2 && name.size() <= 64 &&
           std::all_of(name.begin(), name.end(), session_name_char);
}

// arn:PARTITION:iam::ACCOUNT:role/NAME, printable ASCII, as IAM writes role ARNs.
bool valid_role_arn(const std::string& arn) {
    return arn.size() >= 20 && arn.size() <= 2048 && arn.rfind("arn:", 0) == 0 &&
           arn.find(":role/") != std::string::npos &&
           std::all_of(arn.begin(), arn.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

long long duration_seconds(const std::optional<std::string>& text) {
    if (!text) {
        return 3600;
    }
    Millis duration{0};
    try {
        duration = parse_duration(*text);
    } catch (const std::invalid_argument& error) {
        usage(std::string("--duration: ") + error.what());
    }
    const long long seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    if (seconds < 900 || seconds > 43200) {
        usage("--duration: the role's session lasts 15m to 12h (as STS allows), got '" +
              printable(*text, 40) + "'");
    }
    return seconds;
}

net::Url endpoint_from(const std::string& text, const std::string& origin) {
    net::Url url;
    try {
        url = net::parse_url(text);
    } catch (const std::invalid_argument& error) {
        usage(origin + ": " + error.what());
    }
    if (url.scheme != "https") {
        usage(origin + ": must be an https:// URL (the token must not travel in the clear)");
    }
    return url;
}

}  // namespace

net::Url sts_endpoint(const Environment& env, const config::Settings& settings) {
    if (!settings.aws_sts_endpoint.empty()) {
        return endpoint_from(settings.aws_sts_endpoint, "providers.aws.sts_endpoint");
    }
    for (const char* variable : {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
        if (const auto value = env.non_empty(variable)) {
            return endpoint_from(*value, variable);
        }
    }
    for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
        if (const auto region = env.non_empty(variable)) {
            if (region->size() > 64 || !std::all_of(region->begin(), region->end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                })) {
                usage(std::string(variable) + ": '" + printable(*region, 64) +
                      "' is not an AWS region's name (such as eu-west-1)");
            }
            // China's regions are a partition of their own, under amazonaws.com.cn.
            const char* domain =
                region->rfind("cn-", 0) == 0 ? ".amazonaws.com.cn/" : ".amazonaws.com/";
            return endpoint_from("https://sts." + *region + domain, variable);
        }
    }
    return endpoint_from("https://sts.amazonaws.com/", "the default STS endpoint");
}

std::string account_of(const std::string& role_arn) {
    // arn:PARTITION:iam::ACCOUNT:role/NAME: the fifth field, when it is an account's 12 digits.
    std::size_t at = 0;
    for (int field = 0; field < 4 && at != std::string::npos; ++field) {
        at = role_arn.find(':', at);
        at = at == std::string::npos ? at : at + 1;
    }
    if (at == std::string::npos) {
        return "";
    }
    const std::string account = role_arn.substr(at, role_arn.find(':', at) - at);
    const bool digits =
        account.size() == 12 &&
        std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; });
    return digits ? account : "";
}

void write_aws_credentials(const net::AwsCredentials& credentials, const std::string& account_id,
                           std::ostream& out) {
    out << "{\"Version\":1,\"AccessKeyId\":" << json_quote(credentials.access_key_id)
        << ",\"SecretAccessKey\":" << json_quote(credentials.secret_access_key)
        << ",\"SessionToken\":" << json_quote(credentials.session_token)
        << ",\"Expiration\":" << json_quote(format_rfc3339(credentials.expiration));
    if (!account_id.empty()) {
        out << ",\"AccountId\":" << json_quote(account_id);
    }
    out << "}\n";
    out.flush();
}

void run_aws_credential_process(const AwsOptions& options, const Environment& env,
                                const config::Settings& settings, const ObtainFn& obtain,
                                const AssumeRoleFn& assume_role, std::ostream& out) {
    if (!options.role_arn) {
        usage(
            "aws-credential-process needs --role-arn ARN (the role to assume, such as "
            "arn:aws:iam::123456789012:role/ci)");
    }
    if (!valid_role_arn(*options.role_arn)) {
        usage("--role-arn: '" + printable(*options.role_arn, 100) +
              "' is not a role's ARN (arn:aws:iam::ACCOUNT:role/NAME)");
    }
    if (options.session_name && !valid_session_name(*options.session_name)) {
        usage("--role-session-name: '" + printable(*options.session_name, 100) +
              "' is not a session name: 2 to 64 of A-Z a-z 0-9 + = , . @ -");
    }
    net::AssumeRoleRequest request;
    request.endpoint = sts_endpoint(env, settings);
    request.role_arn = *options.role_arn;
    request.duration_seconds = duration_seconds(options.duration);
    request.min_validity = settings.min_validity;
    const provider::Obtained obtained = obtain(options.audience.value_or(kDefaultAudience));
    request.web_identity_token = obtained.token.token.reveal();
    if (options.session_name) {
        request.session_name = *options.session_name;
    } else {
        std::string name = "ambient-oidc-" + obtained.provider;
        std::replace_if(
            name.begin(), name.end(), [](char c) { return !session_name_char(c); }, '-');
        request.session_name = name.substr(0, 64);
    }
    write_aws_credentials(assume_role(request), account_of(request.role_arn), out);
}

}  // namespace ambient_oidc::protocol
