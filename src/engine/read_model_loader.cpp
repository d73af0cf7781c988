#include "engine/read_model_loader.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "model/event.hpp"
#include "store/backend_store.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/event_facets.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/list_store.hpp"
#include "store/rule_store.hpp"

namespace switchboard::engine {

namespace {

// '["x86_64","s390x"]' -> 'x86_64,s390x' without a JSON parser for the common case (no escapes).
std::string joinJsonArray(const char* text) {
    std::string out;
    if (!text) return out;
    std::string_view s(text);
    if (s.find('\\') != std::string_view::npos) {
        try {
            for (const auto& item : nlohmann::json::parse(s)) {
                if (!out.empty()) out += ',';
                out += item.is_string() ? item.get<std::string>() : item.dump();
            }
        } catch (const std::exception&) {
            return std::string(s);
        }
        return out;
    }
    bool in = false;
    for (char c : s) {
        if (c == '"') {
            in = !in;
            if (in && !out.empty()) out += ',';
        } else if (in) {
            out += c;
        }
    }
    return out;
}

// The columns of a feed row, in the order eventRow() reads them.
constexpr const char* kFeedColumns =
    "SELECT id, received_at, kind, event, subject, state, product, version, arch, component, tags, "
    "topic, source";

class Loader {
public:
    Loader(const LoaderOptions& options, const std::function<void(Fact)>& post)
        : m_options(options), m_post(post),
          m_store(options.dbPath), m_db(m_store.sql()) {
        // Its own connection, and read-only: the loader must never write, let alone block a writer.
        m_db.exec("PRAGMA query_only=1");
    }

    // Loads rows with id < beforeId (newest first); returns how many.
    size_t loadHistory(int64_t beforeId, size_t limit, int64_t& lowestId, bool last) {
        FeedBatch batch = historyBatch(beforeId, limit);
        const size_t n = batch.rows.size();
        if (n > 0) lowestId = batch.rows.back().id;
        batch.historyDone = last || n < limit;
        m_post(std::move(batch));
        return n;
    }

    // The newest `limit` events already held, read again from scratch with a fresh interner: one
    // reset batch replaces every held row and text, so the texts of the rows it drops go too.
    // The loader thread alone interns, so every batch after this one uses the fresh ids.
    void reloadNewest(size_t limit) {
        m_interner = Interner();
        FeedBatch batch = historyBatch(m_eventMark + 1, limit);
        batch.reset = true;
        batch.historyDone = true;
        m_post(std::move(batch));
        // The recent quarantine rows come back with the next look at the tail, as at the start.
        m_quarantineMark = std::max<int64_t>(0, m_quarantineMark - 1000);
    }

    // History rows with id < beforeId, newest first, at most `limit` of them.
    FeedBatch historyBatch(int64_t beforeId, size_t limit) {
        SQLite::Statement q(m_db,
                            std::string(kFeedColumns) + " FROM events WHERE id < ? "
                            "ORDER BY id DESC LIMIT ?");
        q.bind(1, beforeId);
        q.bind(2, static_cast<int64_t>(limit));
        FeedBatch batch;
        batch.history = true;
        batch.rows.reserve(limit);
        while (q.executeStep()) batch.rows.push_back(eventRow(q, batch.fresh));
        return batch;
    }

    // Rows whose facets were rewritten since the last look (store::updateFacets, by this process
    // or another), read again and posted to replace the held ones.
    void reloadChangedFacets() {
        store::FacetChanges changes = store::facetChangesSince(m_store, m_facetRevision);
        m_facetRevision = changes.revision;
        if (changes.ids.empty()) return;
        std::sort(changes.ids.begin(), changes.ids.end());
        changes.ids.erase(std::unique(changes.ids.begin(), changes.ids.end()), changes.ids.end());
        reloadRows(changes.ids);
    }

    // Rows changed in place, read again by id and posted to replace the held ones. An id that is
    // gone (pruned meanwhile) or was never held (beyond the history limit) is harmless.
    void reloadRows(const std::vector<int64_t>& ids) {
        SQLite::Statement q(m_db,
                            std::string(kFeedColumns) + " FROM events WHERE id = ?");
        FeedBatch batch;
        batch.replace = true;
        for (int64_t id : ids) {
            q.bind(1, id);
            if (q.executeStep()) batch.rows.push_back(eventRow(q, batch.fresh));
            q.reset();
        }
        if (!batch.rows.empty()) m_post(std::move(batch));
    }

    // New events and quarantine rows since the watermarks; true when more may be waiting.
    bool loadTail() {
        FeedBatch batch;
        SQLite::Statement q(m_db,
                            std::string(kFeedColumns) + " FROM events WHERE id > ? "
                            "ORDER BY id LIMIT 5000");
        q.bind(1, m_eventMark);
        while (q.executeStep()) {
            batch.rows.push_back(eventRow(q, batch.fresh));
            m_eventMark = batch.rows.back().id;
        }
        const bool more = batch.rows.size() == 5000;
        SQLite::Statement qq(m_db,
                             "SELECT id, received_at, source, topic, reason, line FROM quarantine "
                             "WHERE id > ? ORDER BY id LIMIT 1000");
        qq.bind(1, m_quarantineMark);
        while (qq.executeStep()) {
            FeedRow row;
            row.id = qq.getColumn(0).getInt64();
            row.receivedAt = qq.getColumn(1).getInt64();
            row.quarantined = 1;
            row.set(FeedField::Source, intern(qq.getColumn(2).getText(), batch.fresh));
            row.set(FeedField::Topic, intern(qq.getColumn(3).getText(), batch.fresh));
            row.set(FeedField::State, intern(qq.getColumn(4).getText(), batch.fresh));
            row.set(FeedField::Event, intern("quarantined", batch.fresh));
            // In the subject's place, what says where it came from: its topic, else file:line.
            const std::string source = qq.getColumn(2).getString();
            const int64_t line = qq.getColumn(5).getInt64();
            const std::string topic = qq.getColumn(3).getString();
            const std::string where = !topic.empty() ? topic : store::quarantineOrigin(source, line);
            row.set(FeedField::Subject, intern(where.c_str(), batch.fresh));
            batch.rows.push_back(row);
            m_quarantineMark = row.id;
            // A row at or below the last counted one is read again (the start, a compaction):
            // counted once, in the figures and in the rate.
            if (row.id > m_quarantineCounted) {
                ++m_stats.quarantined;
                m_quarantineCounted = row.id;
            } else {
                ++batch.rereadQuarantined;
            }
        }
        if (!batch.rows.empty()) {
            for (const FeedRow& row : batch.rows) m_stats.events += row.quarantined ? 0 : 1;
            m_post(std::move(batch));
        }
        return more;
    }

    void startTail() {
        // Before the history is read: a rewrite from now on may touch rows it reads.
        m_facetRevision = store::latestFacetRevision(m_store);
        m_eventMark = m_db.execAndGet("SELECT coalesce(max(id), 0) FROM events").getInt64();
        m_stats.events = m_db.execAndGet("SELECT count(*) FROM events").getInt64();
        m_stats.quarantined = m_db.execAndGet("SELECT count(*) FROM quarantine").getInt64();
        // Recent quarantine rows go into the feed too: they are what an operator must see.
        m_quarantineCounted =
            m_db.execAndGet("SELECT coalesce(max(id), 0) FROM quarantine").getInt64();
        m_quarantineMark = std::max<int64_t>(0, m_quarantineCounted - 1000);
    }
    int64_t eventMark() const { return m_eventMark; }
    int64_t quarantineMark() const { return m_quarantineMark; }

    void loadTables(bool force) {
        reloadChangedFacets();
        const std::string runsKey =
            m_db.execAndGet("SELECT coalesce(max(updated_at), 0) || '/' || count(*) FROM runs")
                .getString();
        if (force || runsKey != m_runsKey) {
            m_runsKey = runsKey;
            loadRuns();
        }
        const int64_t auditMark =
            m_db.execAndGet("SELECT coalesce(max(id), 0) FROM audit").getInt64();
        if (force || auditMark != m_auditMark) {
            m_auditMark = auditMark;
            loadAudit();
            loadConfig();
        }
        StoreStats stats = m_stats;
        stats.dbBytes = store::databaseBytes(m_options.dbPath);
        stats.runningRuns =
            m_db.execAndGet("SELECT count(*) FROM runs WHERE status IN ('queued','running')")
                .getInt64();
        // Unchanged figures are not posted: each fact wakes the UI for a frame.
        if (force || stats.events != m_posted.events || stats.quarantined != m_posted.quarantined ||
            stats.dbBytes != m_posted.dbBytes || stats.runningRuns != m_posted.runningRuns) {
            m_posted = stats;
            m_post(StatsLoaded{stats});
        }
    }

private:
    uint32_t intern(const char* text, std::vector<std::string>& fresh) {
        return m_interner.intern(text ? std::string_view(text) : std::string_view(), fresh);
    }

    FeedRow eventRow(SQLite::Statement& q, std::vector<std::string>& fresh) {
        FeedRow row;
        row.id = q.getColumn(0).getInt64();
        row.receivedAt = q.getColumn(1).getInt64();
        const auto kind = model::parseKind(q.getColumn(2).getText());
        row.kind = static_cast<uint8_t>(kind ? *kind : model::Kind::Other);
        static constexpr FeedField kCols[] = {FeedField::Event,   FeedField::Subject,
                                              FeedField::State,   FeedField::Product,
                                              FeedField::Version, FeedField::Arch,
                                              FeedField::Component, FeedField::Tags,
                                              FeedField::Topic,   FeedField::Source};
        for (int i = 0; i < 10; ++i) {
            const FeedField f = kCols[i];
            const char* text = q.getColumn(3 + i).getText();
            if (f == FeedField::Arch || f == FeedField::Tags)
                row.set(f, m_interner.intern(joinJsonArray(text), fresh));
            else
                row.set(f, intern(text, fresh));
        }
        return row;
    }

    void loadRuns() {
        SQLite::Statement q(m_db,
                            "SELECT id, job, backend, params, cause, reason, event_id, rule, "
                            "retrigger_of, who, status, external_id, url, attempts, last_error, "
                            "created_at, updated_at, finished_at FROM runs ORDER BY id DESC "
                            "LIMIT 2000");
        RunsLoaded out;
        while (q.executeStep()) {
            model::JobRun r;
            r.id = q.getColumn(0).getInt64();
            r.job = q.getColumn(1).getString();
            r.backend = q.getColumn(2).getString();
            r.params = nlohmann::json::parse(q.getColumn(3).getString(), nullptr, false);
            r.cause = model::parseRunCause(q.getColumn(4).getString())
                          .value_or(model::RunCause::Operator);
            r.reason = q.getColumn(5).getString();
            r.event_id = q.getColumn(6).getInt64();
            r.rule = q.getColumn(7).getString();
            r.retrigger_of = q.getColumn(8).getInt64();
            r.who = q.getColumn(9).getString();
            r.status = model::parseRunStatus(q.getColumn(10).getString())
                           .value_or(model::RunStatus::Error);
            r.external_id = q.getColumn(11).getString();
            r.url = q.getColumn(12).getString();
            r.attempts = q.getColumn(13).getInt();
            r.last_error = q.getColumn(14).getString();
            r.created_at = q.getColumn(15).getInt64();
            r.updated_at = q.getColumn(16).getInt64();
            r.finished_at = q.getColumn(17).getInt64();
            out.runs.push_back(std::move(r));
        }
        m_post(std::move(out));
    }

    void loadAudit() {
        SQLite::Statement q(m_db,
                            "SELECT id, at, who, what, target, before, after FROM audit "
                            "ORDER BY id DESC LIMIT 2000");
        AuditLoaded out;
        while (q.executeStep()) {
            out.rows.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                                q.getColumn(2).getString(), q.getColumn(3).getString(),
                                q.getColumn(4).getString(), q.getColumn(5).getString(),
                                q.getColumn(6).getString()});
        }
        m_post(std::move(out));
    }

    void loadConfig() {
        ConfigLoaded out;
        try {
            out.config.connections = store::ConnectionStore(m_store).list();
            out.config.backends = store::BackendStore(m_store).list();
            out.config.lists = store::ListStore(m_store).all();
            out.config.rules = store::RuleStore(m_store).all();
            out.config.pointers = store::FieldPointerStore(m_store).list();
        } catch (const std::exception& e) {
            out.config.error = e.what();
        }
        m_post(std::move(out));
    }

    LoaderOptions m_options;
    std::function<void(Fact)> m_post;
    store::Database m_store;
    SQLite::Database& m_db;
    Interner m_interner;
    int64_t m_eventMark = 0, m_quarantineMark = 0, m_quarantineCounted = 0, m_auditMark = -1;
    int64_t m_facetRevision = 0;  // the newest facet rewrite whose rows were read again
    std::string m_runsKey;
    StoreStats m_stats;
    StoreStats m_posted;  // the figures last posted
};

}  // namespace

ReadModelLoader::ReadModelLoader(LoaderOptions options, std::function<void(Fact)> post)
    : m_options(std::move(options)), m_post(std::move(post)) {}

ReadModelLoader::~ReadModelLoader() { stop(); }

void ReadModelLoader::start() { m_thread = std::thread([this] { run(); }); }

void ReadModelLoader::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ReadModelLoader::poke() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_poked = true;
    }
    m_cv.notify_all();
}

void ReadModelLoader::eventsCommitted() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_quiet) return;  // the fast poll sees it soon enough; waking would only spin
        m_committed = true;
    }
    m_cv.notify_all();
}

void ReadModelLoader::compact() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_compact = true;
    }
    m_cv.notify_all();
}

bool ReadModelLoader::quiet() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_quiet;
}

void ReadModelLoader::run() {
    try {
        Loader loader(m_options, m_post);
        loader.startTail();
        // History: a small first chunk, then the tables (so every view has data early), then
        // the rest of the history in big chunks, checking the tail in between.
        int64_t lowest = loader.eventMark() + 1;
        const size_t first = std::min(m_options.firstChunk, m_options.historyLimit);
        size_t loaded = loader.loadHistory(lowest, first, lowest,
                                           first >= m_options.historyLimit);
        bool historyDone = loaded < first || loaded >= m_options.historyLimit;
        loader.loadTables(true);
        int tick = 0;
        // An idle console must cost almost nothing: after this many polls without a new row the
        // tail is checked once a second (another process may still write to the database), and
        // this process's own commits wake it at once (eventsCommitted).
        constexpr int kPollsBeforeQuiet = 20;
        int quietPolls = 0;
        for (;;) {
            bool compact = false;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (m_stop) return;
                compact = std::exchange(m_compact, false);
            }
            if (compact) {
                loader.reloadNewest(m_options.historyLimit);
                historyDone = true;
            }
            if (!historyDone) {
                const size_t want = std::min(m_options.chunk, m_options.historyLimit - loaded);
                const size_t n = loader.loadHistory(lowest, want, lowest,
                                                    loaded + want >= m_options.historyLimit);
                loaded += n;
                historyDone = n < want || loaded >= m_options.historyLimit;
            }
            const int64_t marksBefore = loader.eventMark() + loader.quarantineMark();
            const bool more = loader.loadTail();
            const bool arrived = loader.eventMark() + loader.quarantineMark() != marksBefore;
            quietPolls = arrived ? 0 : quietPolls + 1;
            bool poked = false, quiet = false;
            if (!more && historyDone) {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_quiet = quiet = quietPolls >= kPollsBeforeQuiet;
                m_cv.wait_for(lock, std::chrono::milliseconds(quiet ? m_options.quietPollMs : m_options.pollMs),
                              [this] { return m_stop || m_poked || m_committed || m_compact; });
                if (m_stop) return;
                poked = m_poked;
                if (m_committed) quietPolls = 0;
                // m_quiet stays set until the next wait, so a commit while this loop works
                // still cuts that wait short.
                m_poked = m_committed = false;
            }
            // The small tables and rewritten rows every 500 ms (every quiet poll), or at once
            // after a command changed them.
            if (poked || quiet || ++tick % 5 == 0) loader.loadTables(false);
        }
    } catch (const std::exception& e) {
        m_post(LoaderFailed{std::string("cannot read the database: ") + e.what()});
    }
}

}  // namespace switchboard::engine
