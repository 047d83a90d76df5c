// The Kubernetes, Google and AWS protocols in memory: shapes, versions, audiences, error forms.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "net/failure.hpp"
#include "net/sts.hpp"
#include "protocol/aws.hpp"
#include "protocol/google.hpp"
#include "protocol/kubernetes.hpp"
#include "support/jwt.hpp"
#include "support/temp_dir.hpp"
#include "token/validate.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::Environment;
using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::config::Settings;
using ambient_oidc::provider::Obtained;
namespace protocol = ambient_oidc::protocol;
namespace net = ambient_oidc::net;

namespace {

constexpr long long kIat = 1'764'331'200;
constexpr long long kExp = kIat + 300;  // 2025-11-28T12:05:00Z

std::string jwt_for(const std::string& aud) {
    return ambient_oidc::test::make_jwt(R"({"aud":")" + aud + R"(","iat":)" + std::to_string(kIat) +
                                        R"(,"exp":)" + std::to_string(kExp) + "}");
}

Obtained obtained(const std::string& aud) {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(kIat));
    return Obtained{ambient_oidc::token::validate_token(jwt_for(aud), aud, now), "github-actions",
                    aud, false};
}

// An obtain function that records the audiences asked for.
struct Recorder {
    std::vector<std::string> audiences;
    std::optional<Error> failure;
    protocol::ObtainFn fn() {
        return [this](const std::string& audience) {
            audiences.push_back(audience);
            if (failure) {
                throw *failure;
            }
            return obtained(audience);
        };
    }
};

Poco::JSON::Object::Ptr parse(const std::string& text) {
    return ambient_oidc::parse_json_object(text);
}

Environment env_of(std::map<std::string, std::string, std::less<>> variables) {
    return Environment(std::move(variables));
}

ErrorKind kind_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.kind();
    }
    return ErrorKind::Internal;
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kubernetes_protocol)

BOOST_AUTO_TEST_CASE(answers_v1_and_v1beta1_in_kind) {
    for (const std::string version :
         {protocol::kExecCredentialV1, protocol::kExecCredentialV1beta1}) {
        Recorder recorder;
        std::ostringstream out;
        protocol::run_exec_credential(
            R"({"apiVersion":")" + version +
                R"(","kind":"ExecCredential","spec":{"interactive":false}})",
            std::string("my-cluster"), Settings{}, recorder.fn(), out);
        const auto answer = parse(out.str());
        BOOST_TEST(answer->getValue<std::string>("apiVersion") == version);
        BOOST_TEST(answer->getValue<std::string>("kind") == "ExecCredential");
        const auto status = answer->getObject("status");
        BOOST_TEST(status->getValue<std::string>("token") == jwt_for("my-cluster"));
        BOOST_TEST(status->getValue<std::string>("expirationTimestamp") == "2025-11-28T12:05:00Z");
        BOOST_TEST(out.str().find('\n') == out.str().size() - 1);  // one line
        BOOST_TEST(recorder.audiences == std::vector<std::string>{"my-cluster"});
    }
}

BOOST_AUTO_TEST_CASE(no_exec_info_is_v1) {
    for (const auto& info :
         std::vector<std::optional<std::string>>{std::optional<std::string>{}, {""}, {"  \n"}}) {
        const auto parsed = protocol::parse_exec_info(info);
        BOOST_TEST(parsed.api_version == protocol::kExecCredentialV1);
        BOOST_TEST(!parsed.cluster_audience);
    }
}

const char* const kBadExecInfo[] = {
    R"({"apiVersion":"client.authentication.k8s.io/v1alpha1","kind":"ExecCredential"})",
    R"({"apiVersion":"v1","kind":"ExecCredential"})",
    R"({"kind":"ExecCredential"})",
    R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Pod"})",
    R"({"apiVersion":1})",
    R"(not json)",
    R"([1,2])",
    R"({"apiVersion":"client.authentication.k8s.io/v1","spec":"x"})",
    R"({"apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"config":{"audience":""}}}})",
    R"({"apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"config":{"audience":5}}}})",
};

BOOST_DATA_TEST_CASE(unusable_exec_info_is_a_usage_error, bdata::make(kBadExecInfo), text) {
    BOOST_TEST(static_cast<int>(kind_of([&] { protocol::parse_exec_info(std::string(text)); })) ==
               static_cast<int>(ErrorKind::Usage));
    BOOST_TEST(message_of([&] {
                   protocol::parse_exec_info(std::string(text));
               }).find("KUBERNETES_EXEC_INFO") != std::string::npos);
}

const std::string kWithCluster =
    R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":)"
    R"({"cluster":{"server":"https://127.0.0.1:6443","config":{"audience":"cluster-aud"}}}})";

BOOST_AUTO_TEST_CASE(audience_flag_then_cluster_then_configured_never_the_default) {
    Settings configured;
    configured.audience = "configured-aud";
    configured.audience_configured = true;
    const auto with_cluster = protocol::parse_exec_info(kWithCluster);
    const auto without = protocol::parse_exec_info(std::nullopt);
    BOOST_TEST(protocol::exec_credential_audience(with_cluster, std::string("flag"), configured) ==
               "flag");
    BOOST_TEST(protocol::exec_credential_audience(with_cluster, std::nullopt, configured) ==
               "cluster-aud");
    BOOST_TEST(protocol::exec_credential_audience(without, std::nullopt, configured) ==
               "configured-aud");
    // The default sigstore is not an audience for a cluster: exit 2, saying what to set.
    Recorder recorder;
    std::ostringstream out;
    const auto run = [&] {
        protocol::run_exec_credential(std::nullopt, std::nullopt, Settings{}, recorder.fn(), out);
    };
    BOOST_TEST(static_cast<int>(kind_of(run)) == static_cast<int>(ErrorKind::Usage));
    BOOST_TEST(message_of(run).find("--audience") != std::string::npos);
    BOOST_TEST(recorder.audiences.empty());
    BOOST_TEST(out.str().empty());
}

BOOST_AUTO_TEST_CASE(failure_writes_nothing_on_stdout) {
    Recorder recorder;
    recorder.failure = Error(ErrorKind::Unavailable, "github-actions: giving up");
    std::ostringstream out;
    BOOST_TEST(static_cast<int>(kind_of([&] {
                   protocol::run_exec_credential(kWithCluster, std::nullopt, Settings{},
                                                 recorder.fn(), out);
               })) == static_cast<int>(ErrorKind::Unavailable));
    BOOST_TEST(out.str().empty());
    BOOST_TEST(recorder.audiences == std::vector<std::string>{"cluster-aud"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(google_protocol)

const char* const kPool =
    "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/gh";

BOOST_AUTO_TEST_CASE(success_response_with_the_derived_audience) {
    Recorder recorder;
    std::ostringstream out;
    protocol::run_google_executable(
        env_of({{"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", kPool},
                {"GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE", protocol::kGoogleJwtType},
                {"GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE", "0"}}),
        std::nullopt, recorder.fn(), out);
    const std::string audience = std::string("https:") + kPool;
    BOOST_TEST(recorder.audiences == std::vector<std::string>{audience});
    const auto answer = parse(out.str());
    BOOST_TEST(answer->getValue<int>("version") == 1);
    BOOST_TEST(answer->getValue<bool>("success") == true);
    BOOST_TEST(answer->getValue<std::string>("token_type") == protocol::kGoogleJwtType);
    BOOST_TEST(answer->getValue<std::string>("id_token") == jwt_for(audience));
    BOOST_TEST(answer->getValue<long long>("expiration_time") == kExp);
}

BOOST_AUTO_TEST_CASE(flag_audience_and_id_token_type) {
    Recorder recorder;
    std::ostringstream out;
    protocol::run_google_executable(
        env_of({{"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", kPool},
                {"GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE", protocol::kGoogleIdTokenType}}),
        std::string("custom"), recorder.fn(), out);
    BOOST_TEST(recorder.audiences == std::vector<std::string>{"custom"});
    BOOST_TEST(parse(out.str())->getValue<std::string>("token_type") ==
               protocol::kGoogleIdTokenType);
}

BOOST_AUTO_TEST_CASE(refusals_before_anything_is_fetched) {
    const std::vector<Environment> refused = {
        env_of({}),
        env_of({{"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", kPool},
                {"GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE", "1"}}),
        env_of({{"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", kPool},
                {"GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE", "urn:ietf:params:oauth:token-type:saml2"}}),
    };
    for (const auto& env : refused) {
        Recorder recorder;
        std::ostringstream out;
        BOOST_TEST(static_cast<int>(kind_of([&] {
                       protocol::run_google_executable(env, std::nullopt, recorder.fn(), out);
                   })) == static_cast<int>(ErrorKind::Usage));
        BOOST_TEST(recorder.audiences.empty());
        BOOST_TEST(out.str().empty());
    }
}

BOOST_AUTO_TEST_CASE(output_file_holds_the_same_response_0600) {
    ambient_oidc::test::TempDir dir;
    const std::string path = dir.path() + "/response.json";
    Recorder recorder;
    std::ostringstream out;
    protocol::run_google_executable(env_of({{"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", kPool},
                                            {"GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE", path}}),
                                    std::nullopt, recorder.fn(), out);
    std::ifstream file(path);
    const std::string text((std::istreambuf_iterator<char>(file)), {});
    BOOST_TEST(text + "\n" == out.str());
    struct stat info {};
    BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
}

struct CodeCase {
    ErrorKind kind;
    const char* code;
};
std::ostream& operator<<(std::ostream& out, const CodeCase& c) {
    return out << c.code;
}
const CodeCase kCodes[] = {
    {ErrorKind::Usage, "USAGE"},
    {ErrorKind::NoCredential, "NO_CREDENTIAL"},
    {ErrorKind::Unavailable, "UNAVAILABLE"},
    {ErrorKind::Timeout, "TIMEOUT"},
    {ErrorKind::Rejected, "REJECTED"},
    {ErrorKind::InvalidToken, "INVALID_TOKEN"},
    {ErrorKind::Internal, "INTERNAL"},
};

BOOST_DATA_TEST_CASE(failure_response_on_stdout_masked, bdata::make(kCodes), sample) {
    std::ostringstream out, err;
    ambient_oidc::Logger log(err);
    log.add_secret("s3cret-request-token");
    const int code = protocol::report_google_failure(
        Error(sample.kind, "github-actions: HTTP 403 for s3cret-request-token"), out, log);
    BOOST_TEST(code == static_cast<int>(sample.kind));
    const auto answer = parse(out.str());
    BOOST_TEST(answer->getValue<int>("version") == 1);
    BOOST_TEST(answer->getValue<bool>("success") == false);
    BOOST_TEST(answer->getValue<std::string>("code") == sample.code);
    BOOST_TEST(answer->getValue<std::string>("message") == "github-actions: HTTP 403 for ***");
    BOOST_TEST(err.str().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(aws_protocol)

const char* const kRole = "arn:aws:iam::123456789012:role/ci";

net::AwsCredentials credentials() {
    return {"ASIAEXAMPLEKEY", "secret/key+value", "session-token-value",
            std::chrono::system_clock::time_point(std::chrono::seconds(kExp))};
}

struct AwsRun {
    std::vector<net::AssumeRoleRequest> requests;
    Recorder recorder;
    std::ostringstream out;

    void run(protocol::AwsOptions options, const Environment& env = env_of({}),
             const Settings& settings = Settings{}) {
        protocol::run_aws_credential_process(
            options, env, settings, recorder.fn(),
            [this](const net::AssumeRoleRequest& request) {
                requests.push_back(request);
                return credentials();
            },
            out);
    }
};

BOOST_AUTO_TEST_CASE(credentials_json_and_the_request) {
    AwsRun aws;
    aws.run({std::string(kRole), std::nullopt, std::nullopt, std::nullopt});
    const auto answer = parse(aws.out.str());
    BOOST_TEST(answer->getValue<int>("Version") == 1);
    BOOST_TEST(answer->getValue<std::string>("AccessKeyId") == "ASIAEXAMPLEKEY");
    BOOST_TEST(answer->getValue<std::string>("SecretAccessKey") == "secret/key+value");
    BOOST_TEST(answer->getValue<std::string>("SessionToken") == "session-token-value");
    BOOST_TEST(answer->getValue<std::string>("Expiration") == "2025-11-28T12:05:00Z");
    BOOST_TEST(answer->getValue<std::string>("AccountId") == "123456789012");  // from --role-arn
    BOOST_TEST(aws.recorder.audiences == std::vector<std::string>{"sts.amazonaws.com"});
    BOOST_REQUIRE(aws.requests.size() == 1u);
    const auto& request = aws.requests.front();
    BOOST_TEST(request.role_arn == kRole);
    BOOST_TEST(request.session_name == "ambient-oidc-github-actions");
    BOOST_TEST(request.duration_seconds == 3600);
    BOOST_TEST(request.web_identity_token == jwt_for("sts.amazonaws.com"));
    BOOST_TEST(request.endpoint.str() == "https://sts.amazonaws.com/");
    const net::HttpRequest http = net::assume_role_http_request(request);
    BOOST_TEST(http.method == "POST");
    BOOST_TEST(http.body.find("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3A"
                              "aws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=ambient-"
                              "oidc-github-actions&WebIdentityToken=") == 0u);
    BOOST_TEST(http.body.find("&DurationSeconds=3600") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_audience_session_name_and_duration) {
    AwsRun aws;
    aws.run({std::string(kRole), std::string("job.42@ci"), std::string("2h"), std::string("aud")});
    BOOST_TEST(aws.recorder.audiences == std::vector<std::string>{"aud"});
    BOOST_TEST(aws.requests.at(0).session_name == "job.42@ci");
    BOOST_TEST(aws.requests.at(0).duration_seconds == 7200);
}

BOOST_AUTO_TEST_CASE(endpoint_rules) {
    const auto endpoint = [](std::map<std::string, std::string, std::less<>> variables,
                             std::string configured = "") {
        Settings settings;
        settings.aws_sts_endpoint = std::move(configured);
        return protocol::sts_endpoint(env_of(std::move(variables)), settings).str();
    };
    BOOST_TEST(endpoint({}) == "https://sts.amazonaws.com/");
    BOOST_TEST(endpoint({{"AWS_DEFAULT_REGION", "eu-west-1"}}) ==
               "https://sts.eu-west-1.amazonaws.com/");
    // China's regions are a partition of their own.
    BOOST_TEST(endpoint({{"AWS_REGION", "cn-north-1"}}) ==
               "https://sts.cn-north-1.amazonaws.com.cn/");
    BOOST_TEST(endpoint({{"AWS_REGION", "cn-northwest-1"}}) ==
               "https://sts.cn-northwest-1.amazonaws.com.cn/");
    BOOST_TEST(endpoint({{"AWS_DEFAULT_REGION", "eu-west-1"}, {"AWS_REGION", "us-east-2"}}) ==
               "https://sts.us-east-2.amazonaws.com/");
    BOOST_TEST(endpoint({{"AWS_REGION", "us-east-2"},
                         {"AWS_ENDPOINT_URL", "https://a.example/"}}) == "https://a.example/");
    BOOST_TEST(endpoint({{"AWS_ENDPOINT_URL", "https://a.example/"},
                         {"AWS_ENDPOINT_URL_STS", "https://127.0.0.1:8443/"}}) ==
               "https://127.0.0.1:8443/");
    BOOST_TEST(endpoint({{"AWS_ENDPOINT_URL_STS", "https://127.0.0.1:8443/"}},
                        "https://sts.configured.example/") == "https://sts.configured.example/");
    for (const auto& bad : std::vector<std::map<std::string, std::string, std::less<>>>{
             {{"AWS_ENDPOINT_URL_STS", "http://sts.example/"}},
             {{"AWS_ENDPOINT_URL", "not a url"}},
             {{"AWS_REGION", "eu-west-1/../x"}}}) {
        BOOST_TEST(static_cast<int>(kind_of([&] { endpoint(bad); })) ==
                   static_cast<int>(ErrorKind::Usage));
    }
}

const protocol::AwsOptions kBadOptions[] = {
    {std::nullopt, std::nullopt, std::nullopt, std::nullopt},
    {std::string("role/ci"), std::nullopt, std::nullopt, std::nullopt},
    {std::string(kRole), std::string("a"), std::nullopt, std::nullopt},
    {std::string(kRole), std::string("has space"), std::nullopt, std::nullopt},
    {std::string(kRole), std::string(65, 'a'), std::nullopt, std::nullopt},
    {std::string(kRole), std::nullopt, std::string("14m"), std::nullopt},
    {std::string(kRole), std::nullopt, std::string("13h"), std::nullopt},
    {std::string(kRole), std::nullopt, std::string("soon"), std::nullopt},
};

BOOST_AUTO_TEST_CASE(bad_options_are_usage_errors_before_any_fetch) {
    for (const auto& options : kBadOptions) {
        AwsRun aws;
        BOOST_TEST(static_cast<int>(kind_of([&] { aws.run(options); })) ==
                   static_cast<int>(ErrorKind::Usage));
        BOOST_TEST(aws.recorder.audiences.empty());
        BOOST_TEST(aws.out.str().empty());
    }
}

const char* const kStsSuccess =
    R"(<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>repo:o/r:ref:refs/heads/main</SubjectFromWebIdentityToken>
    <Credentials>
      <SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>
      <Expiration>2025-11-28T13:00:00.123Z</Expiration>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>)";

BOOST_AUTO_TEST_CASE(sts_credentials_are_read_from_the_xml) {
    const auto parsed = net::parse_sts_credentials(kStsSuccess);
    BOOST_TEST(parsed.access_key_id == "ASIAIOSFODNN7EXAMPLE");
    BOOST_TEST(parsed.secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    BOOST_TEST(parsed.session_token == "FwoGZXIvYXdzEXAMPLE");
    BOOST_TEST(ambient_oidc::format_rfc3339(parsed.expiration) == "2025-11-28T13:00:00Z");
}

const char* const kBadStsBodies[] = {
    "",
    "not xml at all",
    R"({"Credentials":{}})",
    "<Other/>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult/>"
    "</AssumeRoleWithWebIdentityResponse>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T"
    "</SessionToken><Expiration>tomorrow</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SessionToken>T</SessionToken>"
    "<Expiration>2025-11-28T13:00:00Z</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T"
    "</SessionToken><Expiration>4052-11-28T13:00:00Z</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><AssumeRoleWithWebIdentityResponse>"
    "&e;</AssumeRoleWithWebIdentityResponse>",
    // Expirations that are not RFC 3339: an offset past 23:59, a day, hour or minute out of range.
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T"
    "</SessionToken><Expiration>2125-11-28T13:00:00+99:99</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T"
    "</SessionToken><Expiration>2125-02-30T13:00:00Z</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
    "<AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T"
    "</SessionToken><Expiration>2125-11-28T24:61:00-01:00</Expiration></Credentials>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
};

BOOST_AUTO_TEST_CASE(sts_expirations_are_read_strictly_as_rfc_3339) {
    const auto expiration = [](const std::string& text) {
        std::string body = kStsSuccess;
        const std::string old = "2025-11-28T13:00:00.123Z";
        body.replace(body.find(old), old.size(), text);
        return ambient_oidc::format_rfc3339(net::parse_sts_credentials(body).expiration);
    };
    BOOST_TEST(expiration("2025-11-28T15:30:00+02:30") == "2025-11-28T13:00:00Z");
    BOOST_TEST(expiration("2025-11-28T00:00:00-23:59") == "2025-11-28T23:59:00Z");
    BOOST_TEST(expiration("2024-02-29T23:59:59Z") == "2024-02-29T23:59:59Z");
}

// A document type declaration is refused by the parser, whatever the encoding: in UTF-16 no byte
// search finds "<!DOCTYPE", and an internal entity would otherwise be expanded into a field.
BOOST_AUTO_TEST_CASE(a_dtd_in_utf16_is_refused_by_the_parser) {
    const std::string utf8 =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
        "<!DOCTYPE r [<!ENTITY k \"planted-secret-key\">]>"
        "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
        "<AccessKeyId>A</AccessKeyId><SecretAccessKey>&k;</SecretAccessKey><SessionToken>T"
        "</SessionToken><Expiration>2125-11-28T13:00:00Z</Expiration></Credentials>"
        "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
    for (const bool big_endian : {false, true}) {
        std::string utf16 = big_endian ? "\xfe\xff" : "\xff\xfe";
        for (const char c : utf8) {
            utf16 += big_endian ? std::string{'\0', c} : std::string{c, '\0'};
        }
        BOOST_TEST(utf16.find("<!DOCTYPE") == std::string::npos);
        try {
            const auto parsed = net::parse_sts_credentials(utf16);
            BOOST_FAIL("accepted, SecretAccessKey '" + parsed.secret_access_key + "'");
        } catch (const net::AttemptError& error) {
            BOOST_TEST(static_cast<int>(error.failure()) ==
                       static_cast<int>(net::Failure::InvalidToken));
        }
    }
    // Without the declaration, the same document in UTF-16 is read.
    std::string plain = utf8;
    plain.erase(plain.find("<!DOCTYPE"), plain.find("]>") + 2 - plain.find("<!DOCTYPE"));
    plain.replace(plain.find("&k;"), 3, "key");
    std::string utf16 = "\xff\xfe";
    for (const char c : plain) {
        utf16 += std::string{c, '\0'};
    }
    BOOST_TEST(net::parse_sts_credentials(utf16).secret_access_key == "key");
}

BOOST_DATA_TEST_CASE(unusable_sts_answers_are_invalid, bdata::make(kBadStsBodies), body) {
    try {
        net::parse_sts_credentials(body);
        BOOST_FAIL("accepted");
    } catch (const net::AttemptError& error) {
        BOOST_TEST(static_cast<int>(error.failure()) ==
                   static_cast<int>(net::Failure::InvalidToken));
        BOOST_TEST(std::string(error.what()).find("root:") == std::string::npos);
    }
}

struct StsErrorCase {
    int status;
    const char* code;
    net::Failure failure;
};
std::ostream& operator<<(std::ostream& out, const StsErrorCase& c) {
    return out << c.status << " " << c.code;
}
const StsErrorCase kStsErrors[] = {
    {400, "Throttling", net::Failure::Transient},
    {400, "ThrottlingException", net::Failure::Transient},
    {400, "RequestLimitExceeded", net::Failure::Transient},
    {400, "IDPCommunicationError", net::Failure::Transient},
    {503, "ServiceUnavailable", net::Failure::Transient},
    {500, "InternalFailure", net::Failure::Transient},
    {403, "AccessDenied", net::Failure::Rejected},
    {400, "InvalidIdentityToken", net::Failure::Rejected},
    {400, "ExpiredTokenException", net::Failure::Rejected},
    {400, "ValidationError", net::Failure::Rejected},
};

BOOST_DATA_TEST_CASE(sts_errors_are_classified_with_code_and_message, bdata::make(kStsErrors),
                     sample) {
    net::HttpResponse response;
    response.status = sample.status;
    response.reason = "Bad Request";
    response.body = std::string(
                        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        "<Error><Type>Sender</Type><Code>") +
                    sample.code +
                    "</Code><Message>Not authorized for token s3cret</Message></Error>"
                    "<RequestId>x</RequestId></ErrorResponse>";
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    log.add_secret("s3cret");
    try {
        net::throw_sts_error(response, std::chrono::system_clock::now(), log);
    } catch (const net::AttemptError& error) {
        BOOST_TEST(static_cast<int>(error.failure()) == static_cast<int>(sample.failure));
        const std::string what = error.what();
        BOOST_TEST(what.find(sample.code) != std::string::npos);
        BOOST_TEST(what.find("Not authorized for token ***") != std::string::npos);
        BOOST_TEST(what.find("s3cret") == std::string::npos);
    }
}

// Every field of STS's error is masked, and so is a partial echo of the token: no run of 16
// characters of it reaches the log.
BOOST_AUTO_TEST_CASE(sts_error_fields_and_partial_echoes_of_the_token_are_masked) {
    const std::string token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ." + std::string(150, 'P') +
                              "Q0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    net::HttpResponse response;
    response.status = 400;
    response.reason = "Bad Request";
    response.body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + token +
                    "</Code><Message>Token " + token.substr(0, 120) + "..." +
                    token.substr(token.size() - 60) +
                    " is invalid</Message></Error></ErrorResponse>";
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    log.add_secret(token);
    try {
        net::throw_sts_error(response, std::chrono::system_clock::now(), log);
        BOOST_FAIL("no error");
    } catch (const net::AttemptError& error) {
        log.error(error.what());
    }
    const std::string written = err.str();
    BOOST_TEST(written.find("is invalid") != std::string::npos, written);
    for (std::size_t at = 0; at + 16 <= token.size(); ++at) {
        BOOST_TEST_REQUIRE(written.find(token.substr(at, 16)) == std::string::npos, written);
    }
}

BOOST_AUTO_TEST_CASE(sts_error_without_xml_is_classified_by_status) {
    net::HttpResponse response;
    response.status = 400;
    response.body = "<html>oops</html";
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    for (const int status : {400, 502}) {
        response.status = status;
        try {
            net::throw_sts_error(response, std::chrono::system_clock::now(), log);
        } catch (const net::AttemptError& error) {
            BOOST_TEST(
                static_cast<int>(error.failure()) ==
                static_cast<int>(status == 400 ? net::Failure::Rejected : net::Failure::Transient));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
