#include "bus/supervisor.hpp"

#include <algorithm>
#include <cmath>

namespace switchboard::bus {

namespace {

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Delivery lists a worker keeps for reuse (Worker::spareLists).
constexpr size_t kSpareAckLists = 4;

struct AckRequest {
    uint64_t generation = 0;
    std::vector<Delivery> deliveries;  // ack tags only: bodies stay with ingest
};

}  // namespace

const char* connStateName(ConnState state) {
    switch (state) {
        case ConnState::Connecting:
            return "connecting";
        case ConnState::Up:
            return "up";
        case ConnState::Down:
            return "down";
        case ConnState::Backoff:
            return "backoff";
        case ConnState::Stopped:
            return "stopped";
    }
    return "unknown";
}

double backoffDelay(int failures, const BackoffPolicy& policy, std::mt19937_64& rng) {
    if (failures < 1) failures = 1;
    double d = policy.initialSeconds * std::pow(policy.multiplier, failures - 1);
    d = std::min(d, policy.maxSeconds);
    double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    // Jitter keeps many consoles that lost the same broker from reconnecting in lockstep.
    std::uniform_real_distribution<double> draw(d * (1.0 - jitter), d);
    return jitter > 0 ? draw(rng) : d;
}

struct Supervisor::Worker {
    size_t index = 0;
    WorkerSpec spec;
    std::thread thread;

    mutable std::mutex statusMutex;
    ConnectionStatus status;

    std::mutex ackMutex;  // also guards the backoff wait
    std::condition_variable ackCv;
    std::vector<AckRequest> acks;
    // Emptied delivery lists of acks already sent, for acknowledge() to fill again: a batch's
    // list is a few hundred kilobytes, and freeing one per batch made glibc consolidate its free
    // lists each time.
    std::vector<std::vector<Delivery>> spareLists;

    // Written by the worker thread only; mayDeliverMore() reads them from the ingest thread.
    std::atomic<uint64_t> outstanding{0};  // handed to ingest in this generation, not yet acked
    std::atomic<uint64_t> window{0};       // the open source's window(); 0 = unbounded

    // Worker thread only.
    uint64_t generation = 0;
    int64_t reportedBacklog = -1;  // status.backlog as this thread last set it
};

Supervisor::Supervisor(SupervisorOptions options) : m_options(std::move(options)) {}

Supervisor::~Supervisor() {
    stop();
}

size_t Supervisor::add(WorkerSpec spec) {
    auto w = std::make_unique<Worker>();
    w->index = m_workers.size();
    w->status.name = spec.name;
    w->status.changedAt = wallMs();
    w->spec = std::move(spec);
    m_workers.push_back(std::move(w));
    return m_workers.size() - 1;
}

void Supervisor::start() {
    if (m_started) return;
    m_started = true;
    for (auto& w : m_workers) {
        Worker* raw = w.get();
        w->thread = std::thread([this, raw] { runWorker(*raw); });
    }
}

void Supervisor::stop() {
    m_stopping = true;
    for (auto& w : m_workers) {
        std::lock_guard<std::mutex> lock(w->ackMutex);
        w->ackCv.notify_all();
    }
    m_queueCv.notify_all();
    for (auto& w : m_workers) {
        if (w->thread.joinable()) w->thread.join();
    }
}

void Supervisor::setState(Worker& w, ConnState state, const std::string& reason, double retryIn) {
    ConnectionStateChanged fact{w.spec.name, state, reason, retryIn, wallMs()};
    {
        std::lock_guard<std::mutex> lock(w.statusMutex);
        w.status.state = state;
        if (state != ConnState::Up) {
            // A closed source's count goes stale (setState runs on the worker's thread).
            w.status.backlog = -1;
            w.reportedBacklog = -1;
        }
        if (state != ConnState::Backoff) w.status.reason = reason;
        w.status.retryInSeconds = retryIn;
        w.status.changedAt = fact.at;
    }
    if (m_options.onStateChanged) m_options.onStateChanged(fact);
}

bool Supervisor::waitFor(Worker& w, std::chrono::milliseconds delay) {
    std::unique_lock<std::mutex> lock(w.ackMutex);
    w.ackCv.wait_for(lock, delay, [this] { return m_stopping.load(); });
    return !m_stopping;
}

void Supervisor::runWorker(Worker& w) {
    std::mt19937_64 rng(std::random_device{}() + w.index);
    int failures = 0;
    auto fail = [&](const std::string& reason) {
        ++failures;
        {
            std::lock_guard<std::mutex> lock(w.statusMutex);
            ++w.status.failures;
        }
        setState(w, ConnState::Down, reason);
        double delay = backoffDelay(failures, m_options.backoff, rng);
        setState(w, ConnState::Backoff, reason, delay);
        waitFor(w, std::chrono::milliseconds(static_cast<int64_t>(delay * 1000)));
    };

    while (!m_stopping) {
        setState(w, ConnState::Connecting, "");
        {
            std::lock_guard<std::mutex> lock(w.statusMutex);
            ++w.status.attempts;
        }
        std::unique_ptr<Source> source;
        try {
            source = w.spec.make();
            {
                std::lock_guard<std::mutex> lock(w.statusMutex);
                w.status.target = source->describe();
            }
            source->open();
        } catch (const std::exception& e) {
            if (source) source->close();
            fail(e.what());
            continue;
        }
        ++w.generation;
        w.outstanding = 0;
        w.window = source->window().value_or(0);
        setState(w, ConnState::Up, "");
        auto upSince = std::chrono::steady_clock::now();
        auto drainDeadline = std::chrono::steady_clock::time_point::max();
        try {
            std::vector<Delivery> batch;
            std::vector<Inbound> inbound;
            std::vector<AckRequest> acks;
            while (true) {
                {
                    std::lock_guard<std::mutex> lock(w.ackMutex);
                    acks.swap(w.acks);
                }
                for (const AckRequest& a : acks) {
                    if (a.generation != w.generation) continue;  // that channel is gone
                    source->ack(a.deliveries);
                    const uint64_t held = w.outstanding;
                    w.outstanding = held - std::min<uint64_t>(held, a.deliveries.size());
                    std::lock_guard<std::mutex> lock(w.statusMutex);
                    w.status.acked += a.deliveries.size();
                }
                if (!acks.empty()) {
                    std::lock_guard<std::mutex> lock(w.ackMutex);
                    for (AckRequest& a : acks) {
                        if (w.spareLists.size() >= kSpareAckLists) break;
                        a.deliveries.clear();
                        w.spareLists.push_back(std::move(a.deliveries));
                    }
                    acks.clear();
                }
                if (m_stopping) {
                    if (drainDeadline == std::chrono::steady_clock::time_point::max()) {
                        drainDeadline = std::chrono::steady_clock::now() + m_options.drainTimeout;
                    }
                    if (w.outstanding == 0 || std::chrono::steady_clock::now() > drainDeadline) {
                        break;
                    }
                    source->keepAlive();
                    std::unique_lock<std::mutex> lock(w.ackMutex);
                    w.ackCv.wait_for(lock, std::chrono::milliseconds(20),
                                     [&] { return !w.acks.empty(); });
                    continue;
                }
                if (failures > 0 &&
                    std::chrono::steady_clock::now() - upSince >
                        std::chrono::duration<double>(m_options.backoff.resetAfterUpSeconds)) {
                    failures = 0;
                }
                // Asked even while the hand-off is full: that is when the backlog grows.
                // The status lock is taken only when the count changed: this runs every turn.
                const std::optional<uint64_t> waiting = source->backlog();
                if (const int64_t backlog = waiting ? static_cast<int64_t>(*waiting) : -1;
                    backlog != w.reportedBacklog) {
                    w.reportedBacklog = backlog;
                    std::lock_guard<std::mutex> lock(w.statusMutex);
                    w.status.backlog = backlog;
                }
                size_t room = 0;
                {
                    std::lock_guard<std::mutex> lock(m_queueMutex);
                    room = m_options.handOffCapacity > m_queue.size()
                               ? m_options.handOffCapacity - m_queue.size()
                               : 0;
                }
                if (room == 0) {
                    // Backpressure: leave messages with the broker until ingest catches up,
                    // keeping the connection alive however long that takes.
                    source->keepAlive();
                    std::unique_lock<std::mutex> lock(w.ackMutex);
                    w.ackCv.wait_for(lock, std::chrono::milliseconds(5),
                                     [&] { return !w.acks.empty() || m_stopping.load(); });
                    continue;
                }
                batch.clear();
                // While ingest holds deliveries of ours, come back quickly for their acks: the
                // broker sends no more than the prefetch window until they arrive.
                auto timeout = std::chrono::milliseconds(w.outstanding > 0 ? 2 : 100);
                source->poll(batch, std::min(room, m_options.pollBatch), timeout);
                if (batch.empty()) continue;
                int64_t now = wallMs();
                inbound.clear();
                inbound.reserve(batch.size());
                for (Delivery& d : batch) {
                    inbound.push_back(
                        Inbound{w.index, w.generation, w.spec.stampArrival, now, std::move(d)});
                }
                {
                    std::lock_guard<std::mutex> lock(w.statusMutex);
                    w.status.received += batch.size();
                    w.status.lastMessageAt = now;
                }
                {
                    // Counted under the hand-off's lock: whoever takes these deliveries then sees
                    // them counted in mayDeliverMore(), and whoever sees them counted finds them
                    // in the hand-off.
                    std::lock_guard<std::mutex> lock(m_queueMutex);
                    for (Inbound& in : inbound) m_queue.push_back(std::move(in));
                    w.outstanding += batch.size();
                }
                m_queueCv.notify_one();
            }
            source->close();
            break;
        } catch (const std::exception& e) {
            source->close();
            fail(e.what());
        }
    }
    setState(w, ConnState::Stopped, "");
}

size_t Supervisor::take(size_t max, std::chrono::milliseconds timeout, std::vector<Inbound>& out) {
    std::unique_lock<std::mutex> lock(m_queueMutex);
    m_queueCv.wait_for(lock, timeout, [this] { return !m_queue.empty() || m_stopping.load(); });
    const size_t n = std::min(max, m_queue.size());
    for (size_t i = 0; i < n; ++i) {
        out.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    return n;
}

void Supervisor::acknowledge(const std::vector<Inbound>& committed) {
    // Group per worker, keeping delivery order, and wake each owner once.
    std::vector<AckRequest> perWorker(m_workers.size());
    for (const Inbound& in : committed) {
        if (in.worker >= m_workers.size()) continue;
        AckRequest& req = perWorker[in.worker];
        if (req.deliveries.capacity() == 0) {
            Worker& w = *m_workers[in.worker];
            std::lock_guard<std::mutex> lock(w.ackMutex);
            if (!w.spareLists.empty()) {
                req.deliveries = std::move(w.spareLists.back());
                w.spareLists.pop_back();
            }
        }
        if (!req.deliveries.empty() && req.generation != in.generation) {
            // A batch spanning a reconnect: post what we have, start a new request.
            Worker& w = *m_workers[in.worker];
            std::lock_guard<std::mutex> lock(w.ackMutex);
            w.acks.push_back(std::move(req));
            req = AckRequest{};
        }
        req.generation = in.generation;
        Delivery d;
        d.connection = in.delivery.connection;
        d.msgId = in.delivery.msgId;
        d.ackTag = in.delivery.ackTag;
        req.deliveries.push_back(std::move(d));
    }
    for (size_t i = 0; i < perWorker.size(); ++i) {
        if (perWorker[i].deliveries.empty()) continue;
        Worker& w = *m_workers[i];
        {
            std::lock_guard<std::mutex> lock(w.ackMutex);
            w.acks.push_back(std::move(perWorker[i]));
        }
        w.ackCv.notify_all();
    }
}

std::vector<ConnectionStatus> Supervisor::statuses() const {
    std::vector<ConnectionStatus> out;
    out.reserve(m_workers.size());
    for (const auto& w : m_workers) {
        std::lock_guard<std::mutex> lock(w->statusMutex);
        out.push_back(w->status);
    }
    return out;
}

bool Supervisor::mayDeliverMore() const {
    for (const auto& w : m_workers) {
        const uint64_t held = w->outstanding;
        const uint64_t window = w->window;
        if (held > 0 && (window == 0 || held < window)) return true;
    }
    return false;
}

size_t Supervisor::handOffSize() const {
    std::lock_guard<std::mutex> lock(m_queueMutex);
    return m_queue.size();
}

}  // namespace switchboard::bus
