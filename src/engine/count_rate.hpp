// The rate of a growing count (a connection's messages received) over the last few seconds, from
// samples taken only when the count changes: the engine posts a connection's figures when they
// move, not on a clock, so a count that stops must still show its rate falling to zero. Samples
// arrive whenever; the rate is asked for at draw time. A value type, no clock of its own.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

namespace switchboard::engine {

class CountRate {
public:
    explicit CountRate(int64_t windowMs = 5000) : m_windowMs(windowMs) {}

    // The count was `count` at `atMs`. A count lower than the last (the connection was started
    // again, its counters from zero) starts the rate over.
    void sample(int64_t atMs, uint64_t count);

    // Per second over the window ending at `nowMs`; none until the samples span a second (a rate
    // from a shorter look would be mostly noise).
    std::optional<double> perSecond(int64_t nowMs) const;

private:
    int64_t m_windowMs;
    std::deque<std::pair<int64_t, uint64_t>> m_samples;  // oldest first; one before the window kept
};

}  // namespace switchboard::engine
