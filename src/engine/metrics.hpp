// Prometheus text exposition of the bus engine (`serve --metrics 127.0.0.1:PORT`): per
// connection received / stored / duplicates / quarantined, state, last message age; and a tiny
// HTTP server (cpp-httplib) that serves it on a loopback address only.
// renderPrometheus and renderPruneMetrics are pure (any thread); MetricsServer: start/stop from the
// owner, `render` is called on the server's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/bus_service.hpp"
#include "store/retention.hpp"

namespace switchboard::engine {

std::string renderPrometheus(const std::vector<ConnectionSnapshot>& connections, int64_t nowMs,
                             size_t handOffSize);
// The counters of serve's retention (--retain, --retain-events), appended after the above.
std::string renderPruneMetrics(const store::PruneCounts& pruned);

// "127.0.0.1:9100" -> host and port; throws std::invalid_argument unless the host is a loopback
// address (the endpoint has no authentication) and the port parses.
std::pair<std::string, int> parseLoopbackAddress(const std::string& address);

class MetricsServer {
public:
    explicit MetricsServer(std::function<std::string()> render);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // Binds and starts serving GET /metrics. Port 0 picks a free one. Throws std::runtime_error
    // when the address cannot be bound.
    void start(const std::string& address);
    int port() const { return m_port; }
    void stop();

private:
    struct Impl;
    std::function<std::string()> m_render;
    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
    int m_port = 0;
};

}  // namespace switchboard::engine
