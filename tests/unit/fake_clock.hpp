// A clock for unit tests: time moves only when the code under test sleeps or a test says so.
#pragma once

#include <vector>

#include "core/clock.hpp"
#include "core/duration.hpp"

namespace ambient_oidc::test {

class FakeClock : public Clock {
  public:
    SteadyTime now() override { return steady_; }
    WallTime wall_now() override { return wall_; }
    bool sleep_until(SteadyTime until) override {
        if (interrupt_on_sleep_) {
            return false;
        }
        if (until > steady_) {
            sleeps.push_back(std::chrono::duration_cast<Millis>(until - steady_));
            advance(until - steady_);
        } else {
            sleeps.push_back(Millis(0));
        }
        return true;
    }
    bool interrupted() override { return false; }

    void advance(SteadyTime::duration by) {
        steady_ += by;
        wall_ += std::chrono::duration_cast<WallTime::duration>(by);
    }
    void interrupt_next_sleep() { interrupt_on_sleep_ = true; }

    std::vector<Millis> sleeps;

  private:
    SteadyTime steady_{std::chrono::hours(1000)};
    WallTime wall_{std::chrono::seconds(1'764'331'200)};  // 2025-11-28T12:00:00Z
    bool interrupt_on_sleep_ = false;
};

}  // namespace ambient_oidc::test
