#include "engine/metrics.hpp"

#include <arpa/inet.h>

#include <sstream>
#include <stdexcept>

#include <httplib.h>

namespace switchboard::engine {

namespace {

// Label values escape backslash, quote and newline (exposition format 0.0.4).
std::string label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace

std::string renderPrometheus(const std::vector<ConnectionSnapshot>& connections, int64_t nowMs,
                             size_t handOffSize) {
    std::ostringstream out;
    auto counter = [&](const char* name, const char* help, auto value) {
        out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n";
        for (const ConnectionSnapshot& c : connections) {
            out << name << "{connection=\"" << label(c.status.name) << "\"} " << value(c) << '\n';
        }
    };
    counter("switchboard_messages_received_total", "Deliveries received from the bus.",
            [](const ConnectionSnapshot& c) { return c.status.received; });
    counter("switchboard_messages_stored_total", "Events stored (committed).",
            [](const ConnectionSnapshot& c) { return c.counts.stored; });
    counter("switchboard_messages_duplicates_total",
            "Re-delivered messages absorbed by the store's unique key.",
            [](const ConnectionSnapshot& c) { return c.counts.duplicates; });
    counter("switchboard_messages_quarantined_total", "Messages that could not be parsed.",
            [](const ConnectionSnapshot& c) { return c.counts.quarantined; });
    counter("switchboard_messages_acked_total", "Deliveries acknowledged to the broker.",
            [](const ConnectionSnapshot& c) { return c.status.acked; });
    counter("switchboard_connection_attempts_total", "Connection attempts.",
            [](const ConnectionSnapshot& c) { return c.status.attempts; });

    out << "# HELP switchboard_connection_state 1 for the connection's current state.\n"
        << "# TYPE switchboard_connection_state gauge\n";
    const bus::ConnState states[] = {bus::ConnState::Connecting, bus::ConnState::Up,
                                     bus::ConnState::Down, bus::ConnState::Backoff,
                                     bus::ConnState::Stopped};
    for (const ConnectionSnapshot& c : connections) {
        for (bus::ConnState s : states) {
            out << "switchboard_connection_state{connection=\"" << label(c.status.name)
                << "\",state=\"" << bus::connStateName(s) << "\"} "
                << (c.status.state == s ? 1 : 0) << '\n';
        }
    }
    out << "# HELP switchboard_connection_up 1 when the connection is up.\n"
        << "# TYPE switchboard_connection_up gauge\n";
    for (const ConnectionSnapshot& c : connections) {
        out << "switchboard_connection_up{connection=\"" << label(c.status.name) << "\"} "
            << (c.status.state == bus::ConnState::Up ? 1 : 0) << '\n';
    }
    out << "# HELP switchboard_last_message_age_seconds Seconds since the last message "
           "(absent before the first).\n"
        << "# TYPE switchboard_last_message_age_seconds gauge\n";
    for (const ConnectionSnapshot& c : connections) {
        if (c.status.lastMessageAt == 0) continue;
        double age = static_cast<double>(nowMs - c.status.lastMessageAt) / 1000.0;
        out << "switchboard_last_message_age_seconds{connection=\"" << label(c.status.name)
            << "\"} " << (age < 0 ? 0 : age) << '\n';
    }
    out << "# HELP switchboard_broker_backlog_messages Messages waiting on the broker for the "
           "connection's queue at the last look (absent when the protocol cannot tell).\n"
        << "# TYPE switchboard_broker_backlog_messages gauge\n";
    for (const ConnectionSnapshot& c : connections) {
        if (c.status.backlog < 0) continue;
        out << "switchboard_broker_backlog_messages{connection=\"" << label(c.status.name) << "\"} "
            << c.status.backlog << '\n';
    }
    out << "# HELP switchboard_handoff_queued Deliveries waiting for ingest.\n"
        << "# TYPE switchboard_handoff_queued gauge\n"
        << "switchboard_handoff_queued " << handOffSize << '\n';
    return out.str();
}

std::string renderPruneMetrics(const store::PruneCounts& pruned) {
    std::ostringstream out;
    out << "# HELP switchboard_pruned_events_total Events deleted by retention.\n"
        << "# TYPE switchboard_pruned_events_total counter\n"
        << "switchboard_pruned_events_total " << pruned.events << '\n'
        << "# HELP switchboard_pruned_quarantined_total Quarantined messages deleted by "
           "retention.\n"
        << "# TYPE switchboard_pruned_quarantined_total counter\n"
        << "switchboard_pruned_quarantined_total " << pruned.quarantined << '\n';
    return out.str();
}

std::pair<std::string, int> parseLoopbackAddress(const std::string& address) {
    size_t colon = address.rfind(':');
    if (colon == std::string::npos) {
        throw std::invalid_argument("metrics address must be HOST:PORT, e.g. 127.0.0.1:9100");
    }
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    std::string portText = address.substr(colon + 1);
    char* end = nullptr;
    long port = std::strtol(portText.c_str(), &end, 10);
    if (portText.empty() || *end != '\0' || port < 0 || port > 65535) {
        throw std::invalid_argument("invalid metrics port '" + portText + "'");
    }
    // A numeric address only: a name such as 127.example.com passed a prefix check and was then
    // resolved to whatever it names.
    in_addr v4{};
    const bool loopback = host == "localhost" || host == "::1" ||
                          (::inet_pton(AF_INET, host.c_str(), &v4) == 1 &&
                           (ntohl(v4.s_addr) >> 24) == 127);
    if (!loopback) {
        throw std::invalid_argument("the metrics endpoint has no authentication: bind it to a "
                                    "loopback address (127.0.0.1:PORT), not '" + host + "'");
    }
    if (host == "localhost") host = "127.0.0.1";
    return {host, static_cast<int>(port)};
}

struct MetricsServer::Impl {
    httplib::Server server;
};

MetricsServer::MetricsServer(std::function<std::string()> render) : m_render(std::move(render)) {}

MetricsServer::~MetricsServer() { stop(); }

void MetricsServer::start(const std::string& address) {
    auto [host, port] = parseLoopbackAddress(address);
    m_impl = std::make_unique<Impl>();
    m_impl->server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(m_render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    m_impl->server.Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("switchboard: metrics are at /metrics\n", "text/plain");
    });
    if (port == 0) {
        m_port = m_impl->server.bind_to_any_port(host.c_str());
    } else {
        m_port = m_impl->server.bind_to_port(host.c_str(), port) ? port : -1;
    }
    if (m_port <= 0) {
        m_impl.reset();
        throw std::runtime_error("cannot listen on " + address + " for metrics");
    }
    Impl* impl = m_impl.get();
    m_thread = std::thread([impl] { impl->server.listen_after_bind(); });
}

void MetricsServer::stop() {
    if (!m_impl) return;
    m_impl->server.stop();
    if (m_thread.joinable()) m_thread.join();
    m_impl.reset();
}

}  // namespace switchboard::engine
