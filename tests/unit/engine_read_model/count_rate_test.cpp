// engine::CountRate: a connection's rate from figures posted only when they change.
#include <catch2/catch.hpp>

#include "engine/count_rate.hpp"

using switchboard::engine::CountRate;

TEST_CASE("a count's rate is measured over the window once the samples span a second") {
    CountRate rate(5000);
    CHECK_FALSE(rate.perSecond(0).has_value());  // nothing sampled
    rate.sample(10'000, 100);
    CHECK_FALSE(rate.perSecond(10'500).has_value());  // half a second: too short to say
    rate.sample(10'500, 102);
    rate.sample(11'000, 104);
    // From the first sample (the window reaches back past it): 4 in 1 s.
    CHECK(rate.perSecond(11'000) == Approx(4.0));
    for (int64_t t = 11'500; t <= 20'000; t += 500) rate.sample(t, 104 + (t - 11'000) / 250);
    CHECK(rate.perSecond(20'000) == Approx(4.0));  // steady 4/s over the last 5 s
}

TEST_CASE("a count that stops changing shows its rate falling to zero without new samples") {
    CountRate rate(5000);
    for (int64_t t = 0; t <= 10'000; t += 500) rate.sample(t, static_cast<uint64_t>(t / 100));
    CHECK(rate.perSecond(10'000) == Approx(10.0));
    // Nothing posted after 10 s: the count stayed at 100.
    CHECK(rate.perSecond(12'500) == Approx(5.0));  // 25 more in the last 5 s
    CHECK(rate.perSecond(15'000) == Approx(0.0));
    CHECK(rate.perSecond(60'000) == Approx(0.0));
}

TEST_CASE("a count that starts again from zero starts its rate over") {
    CountRate rate(5000);
    rate.sample(0, 500);
    rate.sample(2000, 600);
    CHECK(rate.perSecond(2000) == Approx(50.0));
    rate.sample(3000, 3);  // the connection was started again
    CHECK_FALSE(rate.perSecond(3500).has_value());
    rate.sample(4000, 13);
    CHECK(rate.perSecond(4000) == Approx(10.0));
}
