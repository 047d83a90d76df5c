// The AWS credential_process protocol (ambient-oidc(1) AWS): an AWS CLI or SDK runs
// `ambient-oidc aws-credential-process --role-arn ARN` whenever it needs credentials and reads
// them as JSON on stdout; this trades the OIDC token for the role's with STS.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "config/settings.hpp"
#include "core/environment.hpp"
#include "net/sts.hpp"
#include "protocol/docker.hpp"

namespace ambient_oidc::protocol {

// The options of the command, as given (nullopt: not given).
struct AwsOptions {
    std::optional<std::string> role_arn;
    std::optional<std::string> session_name;
    std::optional<std::string> duration;
    std::optional<std::string> audience;
};

// Sends one AssumeRoleWithWebIdentity through the run's retry loop. Throws Error.
using AssumeRoleFn = std::function<net::AwsCredentials(const net::AssumeRoleRequest&)>;

// The STS endpoint: providers.aws.sts_endpoint, else AWS_ENDPOINT_URL_STS, else
// AWS_ENDPOINT_URL, else https://sts.REGION.amazonaws.com for AWS_REGION or AWS_DEFAULT_REGION
// (sts.REGION.amazonaws.com.cn for China's cn-* regions), else https://sts.amazonaws.com. Throws
// Error(Usage) for one that is not an https:// URL or a region that is not a region's name.
net::Url sts_endpoint(const Environment& env, const config::Settings& settings);

// The account of arn:PARTITION:iam::ACCOUNT:role/NAME (12 digits), or "" when it holds none.
std::string account_of(const std::string& role_arn);

// Writes {"Version":1,"AccessKeyId","SecretAccessKey","SessionToken","Expiration"} as one line,
// and "AccountId" when account_id is not empty.
void write_aws_credentials(const net::AwsCredentials& credentials, const std::string& account_id,
                           std::ostream& out);

// The whole command: checks the options (--role-arn required; --role-session-name
// [A-Za-z0-9+=,.@-]{2,64}, default ambient-oidc-PROVIDER; --duration 15m to 12h, default 1h;
// --audience default sts.amazonaws.com) and the endpoint before anything is fetched, obtains the
// token, trades it, and writes the credentials. Throws Error; nothing is written on failure.
void run_aws_credential_process(const AwsOptions& options, const Environment& env,
                                const config::Settings& settings, const ObtainFn& obtain,
                                const AssumeRoleFn& assume_role, std::ostream& out);

}  // namespace ambient_oidc::protocol
