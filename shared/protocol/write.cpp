#include "protocol/write.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/output_path.hpp"

namespace ambient_oidc::protocol {

namespace {

// The token's iat when it has a sensible one, else now.
WallTime issued_at(const provider::Obtained& obtained, WallTime now) {
    const auto& claims = *obtained.token.jwt.claims;
    if (claims.has("iat") && is_number(claims.get("iat"))) {
        const double iat = claims.get("iat").convert<double>();
        const WallTime issued(std::chrono::seconds(static_cast<long long>(iat)));
        if (std::isfinite(iat) && issued <= now && issued < obtained.token.expires_at) {
            return issued;
        }
    }
    return now;
}

// A token the file held before, masked in the log until it expires.
struct Replaced {
    std::string raw;
    WallTime expires_at;
};

// Unregisters from log the replaced tokens that have expired, except the one in the file, so that
// a refresher running for days holds a few secrets, not every token it ever fetched.
void forget_expired(std::vector<Replaced>& replaced, const std::string& in_file, Logger& log,
                    WallTime now) {
    const auto expired = [now](const Replaced& old) { return old.expires_at <= now; };
    for (const Replaced& old : replaced) {
        if (expired(old) && old.raw != in_file) {
            log.forget_secret(old.raw);
        }
    }
    replaced.erase(std::remove_if(replaced.begin(), replaced.end(), expired), replaced.end());
}

// Sleeps until a wall-clock time; false when a signal ended the sleep.
bool sleep_until_wall(Clock& clock, WallTime when) {
    const auto left = std::chrono::duration_cast<SteadyTime::duration>(when - clock.wall_now());
    return clock.sleep_until(clock.now() + std::max(left, SteadyTime::duration::zero()));
}

}  // namespace

void write_token_file(const std::string& path, const token::IdToken& token) {
    refuse_foreign_links(path);
    if (const auto slash = path.rfind('/'); slash != std::string::npos && slash > 0) {
        make_directories(path.substr(0, slash), 0755);  // on failure write_file_atomic says why
    }
    write_file_atomic(path, token.reveal(), 0600);
}

WallTime refresh_time(WallTime issued, WallTime expires, Millis min_validity) {
    const auto lifetime = expires - issued;
    const WallTime rule = expires - std::max<WallTime::duration>(lifetime / 3, min_validity);
    // A lifetime no longer than min-validity (due at once, forever): a third of it left, and not
    // sooner than the floor.
    return rule > issued ? rule
                         : std::max<WallTime>(expires - lifetime / 3, issued + kRefreshFloor);
}

int refresh_loop(const std::string& path, provider::Obtained first,
                 const std::function<provider::Obtained()>& fetch, Clock& clock, Logger& log,
                 const net::RetryPolicy& backoff, Millis min_validity) {
    provider::Obtained current = std::move(first);
    write_token_file(path, current.token.token);
    std::vector<Replaced> replaced;
    bool warned = false;
    for (;;) {
        const WallTime issued = issued_at(current, clock.wall_now());
        const auto lifetime = current.token.expires_at - issued;
        if (!warned && lifetime <= min_validity) {
            warned = true;
            log.warn("the tokens last " +
                     format_seconds(std::chrono::duration_cast<Millis>(lifetime)) +
                     ", no longer than min-validity (" + format_seconds(min_validity) +
                     "): refreshing " + path +
                     " when a third of a token's lifetime is left, and at least " +
                     format_seconds(kRefreshFloor) + " after it was issued");
        }
        // At least a second apart, whatever the token's lifetime.
        const WallTime due = std::max(refresh_time(issued, current.token.expires_at, min_validity),
                                      clock.wall_now() + std::chrono::seconds(1));
        log.info("wrote " + path + "; refreshing at " + format_rfc3339(due));
        if (!sleep_until_wall(clock, due)) {
            return 0;
        }
        for (int failures = 1;; ++failures) {
            try {
                provider::Obtained next = fetch();
                write_token_file(path, next.token.token);
                if (next.token.token.reveal() != current.token.token.reveal()) {
                    replaced.push_back({current.token.token.reveal(), current.token.expires_at});
                }
                current = std::move(next);
                forget_expired(replaced, current.token.token.reveal(), log, clock.wall_now());
                break;
            } catch (const Error& error) {
                if (clock.interrupted()) {
                    return 0;
                }
                const Millis delay = backoff.base_delay(failures);
                const bool expired = current.token.expires_at <= clock.wall_now();
                log.warn(std::string("refresh failed: ") + error.what() + "; keeping " + path +
                         (expired
                              ? " (its token has expired)"
                              : " (valid until " + format_rfc3339(current.token.expires_at) + ")") +
                         "; retrying in " + format_seconds(delay));
                if (!clock.sleep_until(clock.now() + delay)) {
                    return 0;
                }
            }
        }
    }
}

}  // namespace ambient_oidc::protocol
