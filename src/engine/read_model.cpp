#include "engine/read_model.hpp"

#include <algorithm>
#include <unordered_map>

namespace switchboard::engine {

void ReadModel::apply(FeedBatch&& batch) {
    if (batch.reset) {
        reset(std::move(batch));
        return;
    }
    for (const std::string& text : batch.fresh) m_pool.add(text);
    if (batch.replace) {
        replaceRows(batch.rows);
        return;
    }
    auto& into = batch.history ? m_history : m_live;
    if (into.empty() && batch.rows.size() > into.capacity()) into.reserve(batch.rows.size());
    into.insert(into.end(), batch.rows.begin(), batch.rows.end());
    for (const FeedRow& row : batch.rows) m_heldIds.add(row);
    if (!batch.history) {
        size_t reread = batch.rereadQuarantined;
        for (const FeedRow& row : batch.rows) {
            if (row.quarantined && reread > 0) {
                --reread;
                continue;
            }
            const int slot = row.quarantined ? 5 : std::min<int>(row.kind, 4);
            m_rate[slot][kRateSeconds - 1] += 1.0f;
        }
    }
    if (batch.historyDone) m_historyDone = true;
}

void ReadModel::reset(FeedBatch&& batch) {
    m_pool = StringPool();
    for (const std::string& text : batch.fresh) m_pool.add(text);
    m_history = std::move(batch.rows);
    m_history.shrink_to_fit();
    m_live = std::vector<FeedRow>();  // frees what the live rows held
    m_heldIds = {};
    for (const FeedRow& row : m_history) m_heldIds.add(row);
    m_historyDone = true;
    m_compactionAsked = false;
    ++m_rowsRevision;  // every index over the old rows is built again
}

bool ReadModel::needsCompaction() const {
    if (m_rowLimit == 0 || m_compactionAsked || !m_historyDone) return false;
    return rowCount() > m_rowLimit + std::max<size_t>(m_rowLimit / 8, 1000);
}

void ReadModel::applyConfig(ConfigSnapshot&& snapshot) {
    if (!snapshot.error.empty()) {
        config.error = std::move(snapshot.error);
        return;
    }
    config = std::move(snapshot);
    ++configVersion;
}

void ReadModel::replaceRows(const std::vector<FeedRow>& rows) {
    // Rare (an operator's edit) and any size: one pass over what is held. Quarantine rows share
    // the live vector but not the id space, so they are never matched.
    std::unordered_map<int64_t, const FeedRow*> byId;
    byId.reserve(rows.size());
    for (const FeedRow& row : rows) byId.emplace(row.id, &row);
    for (auto* held : {&m_history, &m_live}) {
        for (FeedRow& row : *held) {
            if (row.quarantined) continue;
            auto it = byId.find(row.id);
            if (it != byId.end()) row = *it->second;
        }
    }
    ++m_rowsRevision;
}

void ReadModel::tickRate(int64_t nowMs) {
    const int64_t second = nowMs / 1000;
    if (m_rateSecond == 0) m_rateSecond = second;
    int64_t steps = std::min<int64_t>(second - m_rateSecond, kRateSeconds);
    if (steps <= 0) return;
    for (auto& series : m_rate) {
        std::rotate(series.begin(), series.begin() + steps, series.end());
        std::fill(series.end() - steps, series.end(), 0.0f);
    }
    m_rateSecond = second;
}

float ReadModel::ratePerSecond() const {
    float sum = 0;
    for (const auto& series : m_rate)
        for (int i = kRateSeconds - 6; i < kRateSeconds - 1; ++i) sum += series[i];
    return sum / 5.0f;
}

size_t ReadModel::bytesHeld() const {
    return m_pool.bytesHeld() + (m_history.capacity() + m_live.capacity()) * sizeof(FeedRow);
}

void FeedIndex::setFilter(EventFilter filter, const BodySearch* bodies) {
    m_matcher = Matcher(std::move(filter), bodies);
    m_hist.clear();
    m_live.clear();
    m_histMark = m_liveMark = 0;
}

size_t FeedIndex::update(const ReadModel& model) {
    const size_t before = m_hist.size();
    const StringPool& pool = model.pool();
    for (; m_histMark < model.historySize(); ++m_histMark) {
        const FeedRow& row = model.historyRow(static_cast<uint32_t>(m_histMark));
        if (!m_matcher.decided(row)) break;
        if (m_matcher.matches(row, pool)) m_hist.push_back(static_cast<uint32_t>(m_histMark));
    }
    for (; m_liveMark < model.liveSize(); ++m_liveMark) {
        const FeedRow& row = model.liveRow(static_cast<uint32_t>(m_liveMark));
        if (!m_matcher.decided(row)) break;
        if (m_matcher.matches(row, pool)) m_live.push_back(static_cast<uint32_t>(m_liveMark));
    }
    return m_hist.size() - before;
}

}  // namespace switchboard::engine
