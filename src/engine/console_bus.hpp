// The console's live connections, one BusService each, so that adding, editing or removing a
// connection restarts that one only. With one service for all, saving a new connection
// reconnected every other one: a replayed file started over and stored its messages again, and a
// broker connection dropped its prefetch window for nothing. (`serve` keeps one service for all:
// its connections change only with a restart, and one writer batches them all.)
// Command thread only, as the engine's other bus calls.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/bus_service.hpp"
#include "model/connection.hpp"

namespace switchboard::engine {

class ConsoleBus {
public:
    // `base` is what every connection's service gets (the database, the rules hook).
    explicit ConsoleBus(BusServiceOptions base);
    ~ConsoleBus();  // stop()
    ConsoleBus(const ConsoleBus&) = delete;
    ConsoleBus& operator=(const ConsoleBus&) = delete;

    // Brings the running connections in line with `enabled`: stops those no longer there or
    // whose definition changed, starts those new or changed, and leaves the others running.
    // Returns the names it started, in the order of `enabled`.
    std::vector<std::string> apply(const std::vector<model::Connection>& enabled);
    // Stops every connection, then starts `enabled` afresh ("Reconnect all").
    void restartAll(const std::vector<model::Connection>& enabled);
    // Stops each connection as BusService::stop does: in-flight messages committed and acked.
    void stop();

    std::vector<ConnectionSnapshot> snapshot() const;  // in name order

private:
    struct Running {
        nlohmann::json definition;  // model::toJson: what a change is judged by
        std::unique_ptr<BusService> service;
    };
    BusServiceOptions m_base;
    std::map<std::string, Running> m_running;
};

}  // namespace switchboard::engine
