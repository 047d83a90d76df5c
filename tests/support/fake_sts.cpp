#include "support/fake_sts.hpp"

#include <chrono>
#include <ctime>

namespace ambient_oidc::test {

namespace {

std::string iso8601_in(std::chrono::seconds from_now) {
    const std::time_t when =
        std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
    std::tm utc{};
    ::gmtime_r(&when, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

const HeaderList kXml = {{"Content-Type", "text/xml"}};

std::string percent_decode_form(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

std::string form_field(const std::string& body, const std::string& name) {
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string pair = body.substr(start, end - start);
        if (pair.compare(0, name.size() + 1, name + "=") == 0) {
            return percent_decode_form(pair.substr(name.size() + 1));
        }
        start = end + 1;
    }
    return "";
}

Step FakeSts::success(std::chrono::seconds valid_for) {
    return Step::respond(
        200,
        std::string("<AssumeRoleWithWebIdentityResponse "
                    "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                    "  <AssumeRoleWithWebIdentityResult>\n"
                    "    <Credentials>\n      <AccessKeyId>") +
            kAccessKeyId + "</AccessKeyId>\n      <SecretAccessKey>" + kSecretAccessKey +
            "</SecretAccessKey>\n      <SessionToken>" + kSessionToken +
            "</SessionToken>\n      <Expiration>" + iso8601_in(valid_for) +
            "</Expiration>\n    </Credentials>\n"
            "    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ci/s</Arn>"
            "</AssumedRoleUser>\n  </AssumeRoleWithWebIdentityResult>\n"
            "  <ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>\n"
            "</AssumeRoleWithWebIdentityResponse>\n",
        kXml);
}

Step FakeSts::error(int status, const std::string& code, const std::string& message) {
    return Step::respond(status,
                         "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                         "  <Error><Type>Sender</Type><Code>" +
                             code + "</Code><Message>" + message +
                             "</Message></Error>\n  <RequestId>fake</RequestId>\n"
                             "</ErrorResponse>\n",
                         kXml);
}

FakeSts::FakeSts(const TestPki& pki)
    : server_([&] {
          FakeServer::Options options;
          options.cert_file = pki.cert_file;
          options.key_file = pki.key_file;
          options.route = [this](const SeenRequest& request) -> std::optional<Step> {
              const std::string action = form_field(request.body, "Action");
              std::lock_guard<std::mutex> lock(mutex_);
              if (action == "GetCallerIdentity") {
                  caller_identity_.push_back(request);
                  return Step::respond(
                      200,
                      "<GetCallerIdentityResponse "
                      "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                      "<GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/ci/"
                      "s</Arn><UserId>AROAFAKE:s</UserId><Account>123456789012</Account>"
                      "</GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId>"
                      "</ResponseMetadata></GetCallerIdentityResponse>",
                      kXml);
              }
              if (action != "AssumeRoleWithWebIdentity") {
                  return error(400, "InvalidAction", "unknown action");
              }
              assume_role_.push_back(request);
              if (answers_.empty()) {
                  return success();
              }
              Step next = answers_.front();
              answers_.erase(answers_.begin());
              return next;
          };
          return options;
      }()) {}

void FakeSts::script(std::vector<Step> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_ = std::move(answers);
}

std::string FakeSts::url() const {
    return server_.url("/");
}

std::vector<SeenRequest> FakeSts::assume_role_requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return assume_role_;
}

std::vector<SeenRequest> FakeSts::caller_identity_requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return caller_identity_;
}

}  // namespace ambient_oidc::test
