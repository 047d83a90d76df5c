#include "support/fake_workload_api.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/json.hpp"
#include "support/handles.hpp"
#include "support/process.hpp"

extern char** environ;

namespace ambient_oidc::test {

namespace {

std::string svids_json(const std::vector<FakeWorkloadApi::Svid>& svids) {
    std::string json = "[";
    for (std::size_t i = 0; i < svids.size(); ++i) {
        json += std::string(i == 0 ? "" : ",") + R"({"spiffe_id":)" +
                json_quote(svids[i].spiffe_id) +
                (svids[i].svid.empty() ? "" : R"(,"svid":)" + json_quote(svids[i].svid)) + "}";
    }
    return json + "]";
}

}  // namespace

std::string FakeWorkloadApi::ok_with(const std::vector<Svid>& svids) {
    return R"({"ok":true,"svids":)" + svids_json(svids) + "}";
}

std::string FakeWorkloadApi::status(int code, const std::string& message) {
    return R"({"code":)" + std::to_string(code) + R"(,"message":)" + json_quote(message) + "}";
}

FakeWorkloadApi::FakeWorkloadApi() {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        throw std::runtime_error("FakeWorkloadApi: pipe failed");
    }
    UniqueFd out_read(out[0]), out_write(out[1]);
    const std::string script = AMBIENT_OIDC_FAKE_WORKLOAD_API;
    const std::string log = dir_.path() + "/fake.log";
    std::vector<std::string> args = {kDebianPython, script, "--dir", dir_.path()};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int failed = posix_spawn(&pid_, kDebianPython, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) {
        throw std::runtime_error(std::string("FakeWorkloadApi: cannot run ") + kDebianPython);
    }
    out_write.reset();
    std::string said;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (said.find("ready\n") == std::string::npos) {
        pollfd fd{out_read.get(), POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        char buffer[256];
        if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
            break;
        }
        const ssize_t got = ::read(out_read.get(), buffer, sizeof buffer);
        if (got <= 0) {
            break;
        }
        said.append(buffer, static_cast<std::size_t>(got));
    }
    if (said.find("ready\n") == std::string::npos) {
        std::ifstream in(log);
        std::ostringstream text;
        text << in.rdbuf();
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        throw std::runtime_error("the fake Workload API did not start: " + text.str());
    }
}

FakeWorkloadApi::~FakeWorkloadApi() {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
}

void FakeWorkloadApi::script(const std::vector<std::string>& answers,
                             const std::vector<Svid>& svids) {
    std::string json = R"({"generation":)" + std::to_string(++generation_) + R"(,"answers":[)";
    for (std::size_t i = 0; i < answers.size(); ++i) {
        json += (i == 0 ? "" : ",") + answers[i];
    }
    json += R"(],"svids":)" + svids_json(svids) + "}";
    const std::string file = dir_.path() + "/script.json";
    std::ofstream(file + ".new", std::ios::trunc) << json;
    std::rename((file + ".new").c_str(), file.c_str());
    std::ofstream(dir_.path() + "/calls.jsonl", std::ios::trunc);
}

std::vector<FakeWorkloadApi::Call> FakeWorkloadApi::calls() const {
    std::vector<Call> calls;
    std::ifstream in(dir_.path() + "/calls.jsonl");
    for (std::string line; std::getline(in, line);) {
        const auto object = parse_json_object(line);
        Call call;
        call.socket = object->getValue<std::string>("socket");
        if (const auto metadata = object->getObject("metadata")) {
            for (const auto& [name, value] : *metadata) {
                call.metadata[name] = value.toString();
            }
        }
        if (const auto audience = object->getArray("audience")) {
            for (std::size_t i = 0; i < audience->size(); ++i) {
                call.audience.push_back(audience->getElement<std::string>(i));
            }
        }
        call.spiffe_id = object->optValue<std::string>("spiffe_id", "");
        calls.push_back(std::move(call));
    }
    return calls;
}

std::string FakeWorkloadApi::probe() const {
    ProcessOptions options;
    options.argv = {kDebianPython, AMBIENT_OIDC_FAKE_WORKLOAD_API, "--probe", path()};
    return run_process(options).out;
}

std::string FakeWorkloadApi::path(const std::string& socket) const {
    return dir_.path() + "/" + socket;
}

FakeWorkloadApi& shared_workload_api() {
    static const std::unique_ptr<FakeWorkloadApi> fake = std::make_unique<FakeWorkloadApi>();
    return *fake;
}

}  // namespace ambient_oidc::test
