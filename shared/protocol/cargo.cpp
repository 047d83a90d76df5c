#include "protocol/cargo.hpp"

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <vector>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "exchange/crates_io.hpp"

namespace ambient_oidc::protocol {

namespace {

constexpr const char* kCratesIoIndexes[] = {"https://github.com/rust-lang/crates.io-index",
                                            "https://index.crates.io"};

// index_url without "sparse+" and trailing slashes.
std::string normalized_index(std::string_view index_url) {
    if (index_url.rfind("sparse+", 0) == 0) {
        index_url.remove_prefix(7);
    }
    while (!index_url.empty() && index_url.back() == '/') {
        index_url.remove_suffix(1);
    }
    return std::string(index_url);
}

std::string string_member(const Poco::JSON::Object& object, const std::string& key) {
    const Poco::Dynamic::Var value = object.get(key);
    return value.isString() ? value.toString() : "";
}

struct Minted {
    CargoTarget target;
    std::string index;
    CargoToken token;
    bool revoked = false;
};

void write_line(std::ostream& out, const std::string& line) {
    out << line << '\n';
    out.flush();
}

std::string error_line(const std::string& kind) {
    return R"({"Err":{"kind":)" + json_quote(kind) + "}}";
}

class Session {
  public:
    Session(std::ostream& out, const config::Settings& settings, const CargoMintFn& mint,
            const CargoRevokeFn& revoke, Clock& clock, Logger& log)
        : out_(out), settings_(settings), mint_(mint), revoke_(revoke), clock_(clock), log_(log) {}

    void answer(const std::string& line) {
        try {
            write_line(out_, handle(parse_cargo_request(line)));
        } catch (const std::invalid_argument& error) {
            fail(std::string("cargo-credential: a request that cargo would not send: ") +
                 error.what());
        } catch (const Error& error) {
            fail(error.what());
        }
    }

    void fail(const std::string& message) {
        log_.error(message);
        const std::string masked = printable(log_.redact(message), 2000);
        write_line(out_, R"({"Err":{"kind":"other","message":)" + json_quote(masked) +
                             R"(,"caused-by":[]}})");
    }

    // The latest expiry of the live tokens, or nullopt when none is live.
    std::optional<WallTime> live_until() const {
        std::optional<WallTime> latest;
        for (const Minted& minted : minted_) {
            if (!minted.revoked && (!latest || minted.token.expires_at > *latest)) {
                latest = minted.token.expires_at;
            }
        }
        return latest;
    }

    // Revokes every live token (of index, or all when it is empty). Failures are logged.
    void revoke_all(const std::string& index) {
        for (Minted& minted : minted_) {
            if (minted.revoked || (!index.empty() && minted.index != index)) {
                continue;
            }
            minted.revoked = true;
            try {
                revoke_(minted.target, minted.token.token);
            } catch (const Error& error) {
                log_.warn(std::string("cargo-credential: revoking a token failed: ") +
                          error.what());
            }
        }
    }

  private:
    std::string handle(const CargoRequest& request) {
        const std::string index = normalized_index(request.index_url);
        const auto target = cargo_target(request.index_url, settings_);
        if (request.kind == "login") {
            return target ? error_line("operation-not-supported") : error_line("url-not-supported");
        }
        if (!target) {
            return error_line("url-not-supported");
        }
        if (request.kind == "logout") {
            revoke_all(index);
            return R"({"Ok":{"kind":"logout"}})";
        }
        if (request.kind != "get") {
            return error_line("operation-not-supported");
        }
        const CargoToken& token = live_token(*target, index);
        const auto expiration = std::chrono::duration_cast<std::chrono::seconds>(
                                    (token.expires_at - settings_.min_validity).time_since_epoch())
                                    .count();
        return R"({"Ok":{"kind":"get","token":)" + json_quote(token.token) +
               R"(,"cache":"expires","expiration":)" + std::to_string(expiration) +
               R"(,"operation_independent":true}})";
    }

    // A token this process minted for index that stays valid for min-validity, else a new one.
    const CargoToken& live_token(const CargoTarget& target, const std::string& index) {
        const WallTime now = clock_.wall_now();
        for (const Minted& minted : minted_) {
            if (!minted.revoked && minted.index == index &&
                minted.token.expires_at - now >= settings_.min_validity) {
                return minted.token;
            }
        }
        CargoToken token = mint_(target);
        log_.add_secret(token.token);
        minted_.push_back(Minted{target, index, std::move(token), false});
        return minted_.back().token;
    }

    std::ostream& out_;
    const config::Settings& settings_;
    const CargoMintFn& mint_;
    const CargoRevokeFn& revoke_;
    Clock& clock_;
    Logger& log_;
    std::vector<Minted> minted_;
};

}  // namespace

CargoRequest parse_cargo_request(const std::string& line) {
    const Poco::JSON::Object::Ptr object = parse_json_object(line, 16);
    const Poco::Dynamic::Var version = object->get("v");
    if (!is_number(version) || version.convert<double>() != 1) {
        throw std::invalid_argument("no \"v\":1");
    }
    CargoRequest request;
    request.kind = string_member(*object, "kind");
    if (request.kind.empty()) {
        throw std::invalid_argument("no \"kind\"");
    }
    request.operation = string_member(*object, "operation");
    const Poco::Dynamic::Var registry = object->get("registry");
    if (registry.type() == typeid(Poco::JSON::Object::Ptr)) {
        request.index_url =
            string_member(*registry.extract<Poco::JSON::Object::Ptr>(), "index-url");
    }
    if (request.index_url.empty()) {
        throw std::invalid_argument("no \"registry\":{\"index-url\"}");
    }
    return request;
}

std::optional<CargoTarget> cargo_target(const std::string& index_url,
                                        const config::Settings& settings) {
    const std::string index = normalized_index(index_url);
    for (const auto& [configured, registry] : settings.cargo_registries) {
        if (normalized_index(configured) == index) {
            return CargoTarget{registry.api, registry.audience};
        }
    }
    for (const char* known : kCratesIoIndexes) {
        if (index == known) {
            return CargoTarget{exchange::kCratesIoApi, ""};
        }
    }
    return std::nullopt;
}

int run_cargo_credential(std::istream& in, std::ostream& out, const config::Settings& settings,
                         const CargoMintFn& mint, const CargoRevokeFn& revoke,
                         const CargoDeferFn& defer, Clock& clock, Logger& log) {
    Session session(out, settings, mint, revoke, clock, log);
    write_line(out, R"({"v":[1]})");
    std::string line;
    for (;;) {
        line.clear();
        bool too_long = false;
        char c = 0;
        bool any = false;
        while (in.get(c) && c != '\n') {
            any = true;
            if (line.size() < kMaxCargoLine) {
                line += c;
            } else {
                too_long = true;
            }
        }
        if (!any && !in) {
            break;
        }
        if (too_long) {
            session.fail("cargo-credential: a request line longer than 64 KiB");
        } else if (!trim(line).empty()) {
            session.answer(line);
        }
        if (!in) {
            break;
        }
    }
    if (const auto until = session.live_until()) {
        const auto revoke_live = [&session] { session.revoke_all(""); };
        if (!defer(revoke_live, *until)) {
            revoke_live();
        }
    }
    return 0;
}

}  // namespace ambient_oidc::protocol
