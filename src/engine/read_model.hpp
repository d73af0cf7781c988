// The console's read model: compact feed rows, the filtered feed index, and the small tables
// (runs, audit, lists, rules, connections, backends) as the loader last saw them.
// UI thread only: the loader posts facts through ConsoleEngine's mailbox and the UI applies them
// here between frames, so a view never reads a container a worker mutates.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/event_filter.hpp"
#include "engine/feed_row.hpp"
#include "engine/string_pool.hpp"
#include "model/backend.hpp"
#include "model/connection.hpp"
#include "model/field_pointer.hpp"
#include "model/job_run.hpp"
#include "model/rule.hpp"
#include "model/trigger_list.hpp"

namespace switchboard::engine {

// Rows found by the loader with the texts interned since its previous batch.
struct FeedBatch {
    std::vector<std::string> fresh;  // new pool texts, in id order
    std::vector<FeedRow> rows;       // history: newest first; live: oldest first
    bool history = false;
    bool historyDone = false;
    // The rows are events read again after an edit changed them (a field pointer): each replaces
    // the held row with its id instead of being added.
    bool replace = false;
    // The rows are the newest events read again from scratch, with every text interned afresh:
    // they replace all held rows and the whole pool (a compaction, ReadModel::needsCompaction).
    bool reset = false;
    // How many of the batch's quarantine rows (the first ones: they come in id order) the feed
    // held before, read again at the start or after a compaction: shown, not counted as arrivals
    // in the rate (a compaction drew a spike of up to 1,000 in the quarantine chart).
    size_t rereadQuarantined = 0;
};

struct AuditEntry {
    int64_t id = 0, at = 0;
    std::string who, what, target, before, after;  // before/after as JSON text
};

// The configuration tables as the stores read them (no secrets: only where they live).
struct ConfigSnapshot {
    std::vector<model::Connection> connections;
    std::vector<model::Backend> backends;
    std::vector<model::TriggerList> lists;
    std::vector<model::Rule> rules;
    std::vector<model::FieldPointer> pointers;
    std::string error;  // why the last load failed; the previous snapshot stays shown
};

struct StoreStats {
    int64_t events = 0, quarantined = 0, dbBytes = 0, runningRuns = 0;
};

class ReadModel {
public:
    void apply(FeedBatch&& batch);
    // A snapshot that carries an error replaces no table: the last good ones stay shown (and the
    // editors keep their drafts, as configVersion does not move), and config.error says why.
    // A good one replaces them all and clears the error.
    void applyConfig(ConfigSnapshot&& snapshot);

    size_t rowCount() const { return m_history.size() + m_live.size(); }

    // A live console gains rows and texts for as long as it runs. Past its row limit (the
    // `--history N` it was started with) by an eighth, it asks the loader to read the newest
    // rows again into a fresh pool (ConsoleEngine::compactFeed), which drops the oldest rows
    // and the texts only they used. Asked once until the reset batch arrives.
    void setRowLimit(size_t limit) { m_rowLimit = limit; }
    bool needsCompaction() const;
    void compactionAsked() { m_compactionAsked = true; }
    const FeedRow& historyRow(uint32_t k) const { return m_history[k]; }  // k = 0 is the newest
    const FeedRow& liveRow(uint32_t j) const { return m_live[j]; }         // j = 0 is the oldest
    size_t historySize() const { return m_history.size(); }
    size_t liveSize() const { return m_live.size(); }
    bool historyDone() const { return m_historyDone; }
    const HeldIds& heldIds() const { return m_heldIds; }
    // Bumped when held rows were replaced: a filtered index over them must be built again.
    uint64_t rowsRevision() const { return m_rowsRevision; }
    std::string_view text(uint32_t id) const { return m_pool.get(id); }
    const StringPool& pool() const { return m_pool; }
    size_t bytesHeld() const;

    // Arrivals per second by kind over the last kRateSeconds seconds (live rows only).
    static constexpr int kRateSeconds = 120;
    const std::array<float, kRateSeconds>& rate(int kind) const { return m_rate[kind]; }
    void tickRate(int64_t nowMs);  // rolls the rate window forward
    float ratePerSecond() const;   // over the last 5 full seconds

    std::vector<model::JobRun> runs;  // newest first
    std::vector<AuditEntry> audit;    // newest first
    ConfigSnapshot config;
    StoreStats stats;
    uint64_t runsVersion = 0, configVersion = 0;  // bumped on each snapshot

private:
    void replaceRows(const std::vector<FeedRow>& rows);
    void reset(FeedBatch&& batch);

    StringPool m_pool;
    std::vector<FeedRow> m_history;
    std::vector<FeedRow> m_live;
    bool m_historyDone = false;
    HeldIds m_heldIds;
    uint64_t m_rowsRevision = 0;
    size_t m_rowLimit = 0;  // 0: no limit
    bool m_compactionAsked = false;
    std::array<std::array<float, kRateSeconds>, 6> m_rate{};  // 5 kinds + quarantine
    int64_t m_rateSecond = 0;
};

// The filtered feed: indexes rows that match one filter. update() scans only rows that arrived
// since the last call (history grows at the old end, live at the new end), so keeping up with a
// live stream costs the new rows only; setFilter() starts over.
class FeedIndex {
public:
    // `bodies` answers the filter's `contains:` terms (Matcher); update() shows no row past the
    // first one it has not searched yet, and goes on from there once it has.
    void setFilter(EventFilter filter, const BodySearch* bodies = nullptr);
    // Returns how many rows were added at the old end (so the view can keep its scroll anchored).
    size_t update(const ReadModel& model);
    size_t size() const { return m_hist.size() + m_live.size(); }
    // i = 0 is the oldest matching row.
    const FeedRow& at(const ReadModel& model, size_t i) const {
        if (i < m_hist.size()) return model.historyRow(m_hist[m_hist.size() - 1 - i]);
        return model.liveRow(m_live[i - m_hist.size()]);
    }
    size_t bytesHeld() const { return (m_hist.capacity() + m_live.capacity()) * sizeof(uint32_t); }

private:
    Matcher m_matcher;
    std::vector<uint32_t> m_hist;  // history positions, newest first
    std::vector<uint32_t> m_live;  // live positions, oldest first
    size_t m_histMark = 0, m_liveMark = 0;
};

}  // namespace switchboard::engine
