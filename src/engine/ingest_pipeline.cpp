#include "engine/ingest_pipeline.hpp"

#include <algorithm>

#include <variant>

#include "ingest/normalize.hpp"
#include "model/json_dump.hpp"
#include "store/field_pointer_store.hpp"

namespace switchboard::engine {

namespace {

store::QuarantineItem quarantineItem(const bus::Inbound& in, std::string reason) {
    const bus::Delivery& d = in.delivery;
    store::QuarantineItem q;
    q.received_at = in.arrivedAt;
    q.source = d.connection;
    q.line = d.line;
    q.topic = d.topic;
    q.reason = std::move(reason);
    q.raw = d.body;
    q.msg_id = d.msgId;
    // parseDelivery leaves the headers of a delivery it refused; "{}" says no more than NULL.
    if (d.headers.is_object() && !d.headers.empty()) q.headers = model::dumpJson(d.headers);
    // A replayed file's line (line > 0) is not redelivered: like `ingest FILE`, a second replay
    // keeps its bad lines again. A broker redelivers what was committed and not yet acked.
    q.keyed = d.line == 0;
    return q;
}

}  // namespace

IngestPipeline::IngestPipeline(bus::Supervisor& supervisor, IngestPipelineOptions options)
    : m_supervisor(supervisor), m_options(std::move(options)) {
    m_db = std::make_unique<store::Database>(m_options.dbPath);
    // A batch is acknowledged right after its commit, and the broker then forgets it: the commit
    // must be on the disk, not only in the OS's cache, or a power cut loses acknowledged messages.
    m_db->syncEveryCommit();
    m_store = std::make_unique<store::EventStore>(*m_db);
    m_pointerStore = std::make_unique<store::FieldPointerStore>(*m_db);
    // serve commits a batch every few milliseconds: checkpoints go to their own thread.
    m_db->checkpointInBackground();
}

IngestPipeline::~IngestPipeline() {
    stop();
}

void IngestPipeline::start() {
    if (m_thread.joinable()) return;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void IngestPipeline::stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

void IngestPipeline::run() {
    while (!m_stop) {
        if (processOnce(std::chrono::milliseconds(50)) == 0 && m_supervisor.stopping()) {
            // take() returns at once while the supervisor drains: do not spin.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    // What the workers handed over before they stopped is committed (not acked: their channels
    // are closed; the broker redelivers and the unique key absorbs it).
    while (processOnce(std::chrono::milliseconds(0)) > 0) {
    }
}

bool IngestPipeline::commit(std::vector<model::Event>& events,
                            std::vector<store::QuarantineItem>& quarantine,
                            const std::vector<store::RawText>& raw, store::InsertCounts& counts) {
    for (int attempt = 0;; ++attempt) {
        try {
            counts = m_store->insertBatch(
                events, quarantine, raw, [this](const std::vector<model::Event>& stored) {
                    // A re-delivered message was evaluated when it was first stored.
                    if (m_hook) m_hook->inTransaction(stored);
                });
            if (m_hook) m_hook->committed();
            return true;
        } catch (const std::exception& e) {
            if (m_hook) m_hook->rolledBack();
            std::string message = std::string("storing a batch failed (will retry): ") + e.what();
            {
                std::lock_guard<std::mutex> lock(m_countersMutex);
                m_lastError = message;
            }
            if (m_options.onError) m_options.onError(message);
            // Never ack what is not stored. While stopping, give up after a few tries: the broker
            // keeps the messages and redelivers them on the next start.
            if (m_stop && attempt >= 3) return false;
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::min(2000, 100 << std::min(attempt, 4))));
        }
    }
}

void IngestPipeline::refreshPointers() {
    try {
        store::FieldPointerStore& pointers = *m_pointerStore;
        std::string version = pointers.version();
        if (version == m_pointersVersion) return;
        m_pointers = ingest::FieldPointers(pointers.list());
        m_pointersVersion = std::move(version);
    } catch (const std::exception& e) {
        // The previous pointers stay; the batch's commit meets the same database soon enough.
        if (m_options.onError)
            m_options.onError(std::string("reading field pointers: ") + e.what());
    }
}

void IngestPipeline::parse(std::vector<bus::Inbound>& batch, size_t from) {
    for (size_t i = from; i < batch.size(); ++i) {
        bus::Inbound& in = batch[i];
        bus::Delivery& d = in.delivery;
        std::string reason;
        if (!d.unreadable.empty()) {
            reason = std::move(d.unreadable);  // the source could not read it: it says why
        } else {
            // Taken only if the delivery parses: a refused one keeps its headers for quarantine.
            ingest::ParseResult parsed = ingest::parseDelivery(d.topic, std::move(d.headers),
                                                               d.body, d.msgId, m_options.limits);
            if (auto* message = std::get_if<ingest::Message>(&parsed)) {
                m_raw.push_back({message->headersText, message->bodyText});
                model::Event event = ingest::normalize(std::move(*message));
                m_pointers.apply(event);
                event.source = d.connection;
                if (in.stampArrival || event.received_at == 0) event.received_at = in.arrivedAt;
                m_events.push_back(std::move(event));
                continue;
            }
            reason = std::get<ingest::ParseError>(parsed).reason;
        }
        m_quarantine.push_back(quarantineItem(in, std::move(reason)));
    }
}

size_t IngestPipeline::processOnce(std::chrono::milliseconds timeout) {
    if (!m_hookMade) {
        m_hookMade = true;
        if (m_options.makeHook) m_hook = m_options.makeHook(*m_db);
    }
    const size_t most = std::max<size_t>(1, m_options.batchMax);
    std::vector<bus::Inbound>& batch = m_batch;
    batch.clear();
    // Reserved once and never outgrown: the raw texts are views into these deliveries' bodies,
    // and a short body lives inside its string, so the strings must not move until the commit.
    batch.reserve(most);
    if (m_supervisor.take(most, timeout, batch) == 0) return 0;
    refreshPointers();

    // Members, emptied for each batch: their buffers are kept, because freeing a few hundred
    // kilobytes each batch made glibc consolidate its free lists every time (3 % of serve's CPU).
    // The bodies' original bytes (views into `batch`) are stored as they came instead of
    // re-serializing the parsed bodies.
    std::vector<model::Event>& events = m_events;
    std::vector<store::QuarantineItem>& quarantine = m_quarantine;
    std::vector<store::RawText>& raw = m_raw;
    events.clear();
    quarantine.clear();
    raw.clear();
    parse(batch, 0);
    const size_t target = std::min(most, m_options.gatherTarget);
    const auto gatherEnd = std::chrono::steady_clock::now() + m_options.gatherWindow;
    while (batch.size() < target && !m_supervisor.stopping() &&
           std::chrono::steady_clock::now() < gatherEnd) {
        const size_t before = batch.size();
        // Once every prefetch window is full, nothing more comes before this batch is acked:
        // take what already waits in the hand-off and commit.
        const std::chrono::milliseconds wait =
            m_supervisor.mayDeliverMore() ? m_options.gatherGap : std::chrono::milliseconds(0);
        if (m_supervisor.take(target - before, wait, batch) == 0) break;
        parse(batch, before);
    }

    store::InsertCounts counts;
    if (!commit(events, quarantine, raw, counts)) return batch.size();

    {
        std::lock_guard<std::mutex> lock(m_countersMutex);
        for (const model::Event& e : events) {
            IngestCounters& c = m_counters[e.source];
            (e.id != 0 ? c.stored : c.duplicates) += 1;
        }
        for (const store::QuarantineItem& q : quarantine) {
            IngestCounters& c = m_counters[q.source];
            (q.id != 0 ? c.quarantined : c.duplicates) += 1;
        }
    }
    ++m_batches;
    m_supervisor.acknowledge(batch);
    // The parsed bodies go now, not when the next batch comes (which may be long on a quiet bus).
    events.clear();
    quarantine.clear();
    raw.clear();
    const size_t handled = batch.size();
    batch.clear();
    return handled;
}

std::map<std::string, IngestCounters> IngestPipeline::counters() const {
    std::lock_guard<std::mutex> lock(m_countersMutex);
    return m_counters;
}

IngestCounters IngestPipeline::totals() const {
    IngestCounters t;
    std::lock_guard<std::mutex> lock(m_countersMutex);
    for (const auto& [name, c] : m_counters) {
        t.stored += c.stored;
        t.duplicates += c.duplicates;
        t.quarantined += c.quarantined;
    }
    return t;
}

std::string IngestPipeline::lastError() const {
    std::lock_guard<std::mutex> lock(m_countersMutex);
    return m_lastError;
}

}  // namespace switchboard::engine
