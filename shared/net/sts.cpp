#include "net/sts.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/Exception.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>

#include <array>
#include <optional>

#include "core/duration.hpp"
#include "core/text.hpp"
#include "net/failure.hpp"
#include "net/http_status.hpp"

namespace ambient_oidc::net {

namespace {

using ElementPtr = Poco::XML::Element*;

// The first child element of parent whose local name is name (any namespace), or nullptr.
ElementPtr child(Poco::XML::Node* parent, const std::string& name) {
    for (Poco::XML::Node* node = parent == nullptr ? nullptr : parent->firstChild();
         node != nullptr; node = node->nextSibling()) {
        if (node->nodeType() == Poco::XML::Node::ELEMENT_NODE && node->localName() == name) {
            return static_cast<ElementPtr>(node);
        }
    }
    return nullptr;
}

std::string text_of(ElementPtr element) {
    return element == nullptr ? "" : std::string(trim(element->innerText()));
}

// Parses body as XML without a document type: STS sends none, and without one no entity can be
// declared, so nothing is fetched or expanded. Returns nullptr when it is not well-formed XML or
// has a document type declaration.
Poco::AutoPtr<Poco::XML::Document> parse_xml(std::string_view body) {
    if (body.find("<!DOCTYPE") != std::string_view::npos) {
        return nullptr;
    }
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
    try {
        return parser.parseMemory(body.data(), body.size());
    } catch (const Poco::Exception&) {
        return nullptr;
    }
}

[[noreturn]] void invalid(const std::string& what) {
    throw AttemptError(Failure::InvalidToken, "STS answered with " + what);
}

bool transient_code(const std::string& code) {
    static const std::array<const char*, 5> kTransient = {
        "Throttling", "ThrottlingException", "RequestLimitExceeded", "IDPCommunicationError",
        "ServiceUnavailable"};
    for (const char* known : kTransient) {
        if (code == known) {
            return true;
        }
    }
    return false;
}

}  // namespace

HttpRequest assume_role_http_request(const AssumeRoleRequest& request) {
    HttpRequest http;
    http.method = "POST";
    http.url = request.endpoint;
    http.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                    {"Accept", "application/xml"}};
    http.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                percent_encode(request.role_arn) +
                "&RoleSessionName=" + percent_encode(request.session_name) +
                "&WebIdentityToken=" + percent_encode(request.web_identity_token) +
                "&DurationSeconds=" + std::to_string(request.duration_seconds);
    http.read_error_body = true;
    return http;
}

AwsCredentials parse_sts_credentials(std::string_view body) {
    const auto document = parse_xml(body);
    if (document.isNull()) {
        invalid("a body that is not XML");
    }
    ElementPtr root = document->documentElement();
    if (root == nullptr || root->localName() != "AssumeRoleWithWebIdentityResponse") {
        invalid("XML that is not an AssumeRoleWithWebIdentityResponse");
    }
    ElementPtr credentials = child(child(root, "AssumeRoleWithWebIdentityResult"), "Credentials");
    if (credentials == nullptr) {
        invalid("an AssumeRoleWithWebIdentityResponse without Credentials");
    }
    AwsCredentials result;
    result.access_key_id = text_of(child(credentials, "AccessKeyId"));
    result.secret_access_key = text_of(child(credentials, "SecretAccessKey"));
    result.session_token = text_of(child(credentials, "SessionToken"));
    const std::string expiration = text_of(child(credentials, "Expiration"));
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"AccessKeyId", &result.access_key_id},
          {"SecretAccessKey", &result.secret_access_key},
          {"SessionToken", &result.session_token},
          {"Expiration", &expiration}}) {
        if (value->empty()) {
            invalid(std::string("Credentials without ") + name);
        }
    }
    const auto when = parse_rfc3339(expiration);
    if (!when) {
        invalid("an Expiration that is not an ISO 8601 time before 2200: '" +
                printable(expiration, 40) + "'");
    }
    result.expiration = *when;
    return result;
}

void throw_sts_error(const HttpResponse& response, WallTime now, const Logger& log) {
    std::string code, message;
    if (const auto document = parse_xml(response.body); !document.isNull()) {
        ElementPtr root = document->documentElement();
        ElementPtr error =
            root != nullptr && root->localName() == "Error" ? root : child(root, "Error");
        code = text_of(child(error, "Code"));
        message = text_of(child(error, "Message"));
    }
    std::optional<Millis> retry_after;
    if (const auto header = response.header("Retry-After")) {
        retry_after = parse_retry_after(*header, now);
    }
    const std::string status = describe_status(response.status, response.reason, log);
    if (code.empty()) {
        throw AttemptError(classify_status(response.status), status, retry_after);
    }
    // STS's message may quote the request: what log knows as secret is masked before the cut.
    const std::string what = "STS refused AssumeRoleWithWebIdentity (" + status +
                             "): " + printable(code, 64) +
                             (message.empty() ? "" : ": " + printable(log.redact(message), 400));
    throw AttemptError(transient_code(code) ? Failure::Transient : classify_status(response.status),
                       what, retry_after);
}

AwsCredentials assume_role_with_web_identity(HttpClient& http, const AssumeRoleRequest& request,
                                             SteadyTime attempt_deadline, WallTime now,
                                             Logger& log) {
    const HttpResponse response =
        http.send(assume_role_http_request(request), attempt_deadline, kMaxStsResponse);
    if (response.status < 200 || response.status >= 300) {
        throw_sts_error(response, now, log);
    }
    AwsCredentials credentials = parse_sts_credentials(response.body);
    log.add_secret(credentials.secret_access_key);
    log.add_secret(credentials.session_token);
    return credentials;
}

}  // namespace ambient_oidc::net
