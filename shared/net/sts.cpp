#include "net/sts.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/Exception.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
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

// Ends a parse at a document type declaration, whatever the document's encoding: expat reports
// it (through Poco's lexical handler) before any entity it declares can be used.
class RefuseDoctype : public Poco::XML::LexicalHandler {
  public:
    void startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                  const Poco::XML::XMLString&) override {
        throw Poco::XML::SAXException("a document type declaration");
    }
    void endDTD() override {}
    void startEntity(const Poco::XML::XMLString&) override {}
    void endEntity(const Poco::XML::XMLString&) override {}
    void startCDATA() override {}
    void endCDATA() override {}
    void comment(const Poco::XML::XMLChar[], int, int) override {}
};

// Parses body as XML without a document type: STS sends none, and without one no entity can be
// declared, so nothing is fetched or expanded. A first pass with Poco's SAX parser refuses any
// document type declaration at the parser (in UTF-16 as in UTF-8: no byte search can see every
// encoding); the second builds the document. Returns nullptr when it is not well-formed XML or
// has a document type declaration.
Poco::AutoPtr<Poco::XML::Document> parse_xml(std::string_view body) {
    try {
        Poco::XML::SAXParser check;
        check.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
        check.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
        RefuseDoctype refuse;
        check.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER,
                          static_cast<void*>(static_cast<Poco::XML::LexicalHandler*>(&refuse)));
        check.parseMemoryNP(body.data(), body.size());
        Poco::XML::DOMParser parser;
        parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
        parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
        parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
        parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
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
        invalid("an Expiration that is not an RFC 3339 time before 2200: '" +
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
    // STS's fields may quote the request: what log knows as secret is masked before the cut (and
    // the log masks any part of a secret that is left when the line is written).
    const std::string what = "STS refused AssumeRoleWithWebIdentity (" + status +
                             "): " + printable(log.redact(code), 64) +
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
    if (credentials.expiration - now < request.min_validity) {
        const bool expired = credentials.expiration <= now;
        throw AttemptError(Failure::InvalidToken,
                           "STS answered with credentials that " +
                               std::string(expired ? "expired at " : "expire at ") +
                               format_rfc3339(credentials.expiration) + ", " +
                               (expired ? "before now"
                                        : "sooner than min-validity (" +
                                              format_seconds(request.min_validity) + ") from now"));
    }
    return credentials;
}

}  // namespace ambient_oidc::net
