#include "engine/bus_service.hpp"

#include "bus/source_factory.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

BusService::BusService(BusServiceOptions options) : m_options(std::move(options)) {}

BusService::~BusService() {
    stop();
}

size_t BusService::start() {
    std::vector<model::Connection> enabled;
    {
        store::Database db(m_options.dbPath);
        enabled = store::ConnectionStore(db).listEnabled();
    }
    return start(enabled);
}

size_t BusService::start(const std::vector<model::Connection>& connections) {
    stop();
    m_connections = connections;
    bus::SupervisorOptions so;
    so.backoff = m_options.backoff;
    so.handOffCapacity = m_options.handOffCapacity;
    if (m_options.keepStateChanges) {
        so.onStateChanged = [this](const bus::ConnectionStateChanged& change) {
            m_changes.post(change);
        };
    }
    auto supervisor = std::make_unique<bus::Supervisor>(std::move(so));
    for (const model::Connection& c : m_connections) {
        model::Connection copy = c;
        supervisor->add(
            bus::WorkerSpec{c.name, [copy] { return bus::makeSource(copy); }, bus::isReplay(c)});
    }
    IngestPipelineOptions po;
    po.dbPath = m_options.dbPath;
    po.batchMax = m_options.batchMax;
    po.makeHook = m_options.makeHook;
    po.onError = m_options.onError;
    m_pipeline = std::make_unique<IngestPipeline>(*supervisor, std::move(po));
    m_supervisor = std::move(supervisor);
    m_pipeline->start();
    m_supervisor->start();
    return m_connections.size();
}

void BusService::stop() {
    if (!m_supervisor) return;
    m_supervisor->stop();  // the pipeline keeps committing so the workers get their last acks
    m_pipeline->stop();
    m_pipeline.reset();
    m_supervisor.reset();
}

std::vector<ConnectionSnapshot> BusService::snapshot() const {
    std::vector<ConnectionSnapshot> out;
    if (!m_supervisor) return out;
    auto counts = m_pipeline->counters();
    for (const bus::ConnectionStatus& s : m_supervisor->statuses()) {
        ConnectionSnapshot snap;
        snap.status = s;
        auto it = counts.find(s.name);
        if (it != counts.end()) snap.counts = it->second;
        for (const model::Connection& c : m_connections) {
            if (c.name == s.name) snap.staleAfterSeconds = c.staleAfterSeconds;
        }
        out.push_back(std::move(snap));
    }
    return out;
}

uint64_t BusService::batches() const {
    return m_pipeline ? m_pipeline->batchesCommitted() : 0;
}

size_t BusService::handOffSize() const {
    return m_supervisor ? m_supervisor->handOffSize() : 0;
}

}  // namespace switchboard::engine
