#include "engine/count_rate.hpp"

#include <algorithm>

namespace switchboard::engine {

void CountRate::sample(int64_t atMs, uint64_t count) {
    if (!m_samples.empty() && count < m_samples.back().second) m_samples.clear();
    m_samples.emplace_back(atMs, count);
    // Keep one sample at or before the window's start: the count as it was when the window began.
    while (m_samples.size() > 2 && m_samples[1].first <= atMs - m_windowMs) m_samples.pop_front();
}

std::optional<double> CountRate::perSecond(int64_t nowMs) const {
    if (m_samples.empty()) return std::nullopt;
    const int64_t start = nowMs - m_windowMs;
    // The count at the window's start: the newest sample at or before it; else the first sample,
    // and the window shrinks to begin there.
    auto then = m_samples.front();
    for (const auto& s : m_samples)
        if (s.first <= start) then = s;
    const int64_t from = std::max(start, then.first);
    if (nowMs - from < 1000) return std::nullopt;
    // No sample since means no change since: the newest one is the count now.
    const uint64_t grown = m_samples.back().second - then.second;
    return static_cast<double>(grown) * 1000.0 / static_cast<double>(nowMs - from);
}

}  // namespace switchboard::engine
