#include "support/git_server.hpp"

#include <stdexcept>

#include "support/process.hpp"

namespace ambient_oidc::test {

namespace {

constexpr const char* kHttpBackend = "/usr/lib/git-core/git-http-backend";
constexpr const char* kGit = "/usr/bin/git";

std::map<std::string, std::string> git_env(const std::string& home) {
    return {{"PATH", "/usr/bin:/bin"},
            {"HOME", home},
            {"GIT_CONFIG_NOSYSTEM", "1"},
            {"GIT_AUTHOR_NAME", "Test"},
            {"GIT_AUTHOR_EMAIL", "test@example.com"},
            {"GIT_COMMITTER_NAME", "Test"},
            {"GIT_COMMITTER_EMAIL", "test@example.com"}};
}

std::string git(const std::vector<std::string>& args, const std::string& home) {
    ProcessOptions options;
    options.argv = {kGit};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.env = git_env(home);
    const ProcessResult result = run_process(options);
    if (result.exit_code != 0) {
        throw std::runtime_error("git " + args.back() + " failed: " + result.err + result.out);
    }
    return result.out;
}

std::string strip_newline(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

std::string commit_file(const std::string& work, const std::string& file, const std::string& text) {
    ProcessOptions write;
    write.argv = {"/bin/sh", "-c", "printf '%s' \"$TEXT\" > \"$FILE\""};
    write.env = {{"TEXT", text}, {"FILE", work + "/" + file}};
    run_process(write);
    git({"-C", work, "add", file}, work);
    git({"-C", work, "commit", "-q", "-m", "add " + file}, work);
    return strip_newline(git({"-C", work, "rev-parse", "HEAD"}, work));
}

}  // namespace

std::string make_bare_repository(const std::string& path, const std::string& file,
                                 const std::string& text) {
    const std::string work = path + ".work";
    git({"init", "-q", "-b", "main", work}, "/");
    const std::string commit = commit_file(work, file, text);
    git({"clone", "-q", "--bare", work, path}, work);
    return commit;
}

std::string add_commit(const std::string& path, const std::string& scratch, const std::string& file,
                       const std::string& text) {
    git({"clone", "-q", path, scratch}, "/");
    const std::string commit = commit_file(scratch, file, text);
    git({"-C", scratch, "push", "-q", "origin", "main"}, scratch);
    return commit;
}

GitServer::GitServer(const TestPki& pki, std::string root, Accept accept)
    : root_(std::move(root)), accept_(std::move(accept)), server_([&] {
          FakeServer::Options options;
          options.cert_file = pki.cert_file;
          options.key_file = pki.key_file;
          options.route = [this](const SeenRequest& request) { return answer(request); };
          return options;
      }()) {}

std::string GitServer::url(const std::string& path) const {
    return server_.url(path);
}

std::string GitServer::host() const {
    return "127.0.0.1:" + std::to_string(server_.port());
}

std::optional<Step> GitServer::answer(const SeenRequest& request) const {
    if (!accept_(request.header("Authorization"))) {
        return Step::respond(401, "authentication required\n",
                             {{"WWW-Authenticate", "Basic realm=\"git\""}});
    }
    const auto question = request.target.find('?');
    ProcessOptions cgi;
    cgi.argv = {kHttpBackend};
    cgi.env = {
        {"GIT_PROJECT_ROOT", root_},
        {"GIT_HTTP_EXPORT_ALL", "1"},
        {"GATEWAY_INTERFACE", "CGI/1.1"},
        {"REQUEST_METHOD", request.method},
        {"PATH_INFO", request.target.substr(0, question)},
        {"QUERY_STRING", question == std::string::npos ? "" : request.target.substr(question + 1)},
        {"REMOTE_ADDR", "127.0.0.1"},
        {"PATH", "/usr/bin:/bin"}};
    for (const auto& [header, variable] : std::vector<std::pair<const char*, const char*>>{
             {"Content-Type", "CONTENT_TYPE"},
             {"Content-Encoding", "HTTP_CONTENT_ENCODING"},
             {"Git-Protocol", "HTTP_GIT_PROTOCOL"}}) {
        if (const auto value = request.header(header)) {
            cgi.env[variable] = *value;
        }
    }
    if (!request.body.empty() || request.method == "POST") {
        cgi.env["CONTENT_LENGTH"] = std::to_string(request.body.size());
    }
    cgi.stdin_data = request.body;
    cgi.timeout = std::chrono::seconds(30);
    const ProcessResult result = run_process(cgi);
    if (result.exit_code != 0 && result.out.empty()) {
        return Step::respond(500, "git http-backend failed: " + result.err);
    }
    // CGI output: header lines, a blank line, the body.
    std::size_t separator = result.out.find("\r\n\r\n");
    std::size_t body_start = separator + 4;
    if (separator == std::string::npos) {
        separator = result.out.find("\n\n");
        body_start = separator + 2;
    }
    if (separator == std::string::npos) {
        return Step::respond(500, "git http-backend wrote no headers");
    }
    int status = 200;
    HeaderList headers;
    const std::string head = result.out.substr(0, separator);
    for (std::size_t start = 0; start < head.size();) {
        const std::size_t end = std::min(head.find('\n', start), head.size());
        std::string line = strip_newline(head.substr(start, end - start));
        start = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (line.substr(0, colon) == "Status") {
            status = std::stoi(value);
        } else if (line.substr(0, colon) != "Content-Length") {  // FakeServer sends its own
            headers.emplace_back(line.substr(0, colon), value);
        }
    }
    return Step::respond(status, result.out.substr(body_start), headers);
}

}  // namespace ambient_oidc::test
