#include "engine/console_bus.hpp"

#include <set>

namespace switchboard::engine {

ConsoleBus::ConsoleBus(BusServiceOptions base) : m_base(std::move(base)) {}

ConsoleBus::~ConsoleBus() {
    stop();
}

std::vector<std::string> ConsoleBus::apply(const std::vector<model::Connection>& enabled) {
    std::set<std::string> wanted;
    for (const model::Connection& c : enabled) wanted.insert(c.name);
    for (auto it = m_running.begin(); it != m_running.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        it->second.service->stop();
        it = m_running.erase(it);
    }
    std::vector<std::string> started;
    for (const model::Connection& c : enabled) {
        const nlohmann::json definition = model::toJson(c);
        auto it = m_running.find(c.name);
        if (it != m_running.end() && it->second.definition == definition) continue;
        if (it != m_running.end()) {
            it->second.service->stop();
            m_running.erase(it);
        }
        auto service = std::make_unique<BusService>(m_base);
        service->start({c});
        m_running.emplace(c.name, Running{definition, std::move(service)});
        started.push_back(c.name);
    }
    return started;
}

void ConsoleBus::restartAll(const std::vector<model::Connection>& enabled) {
    stop();
    apply(enabled);
}

void ConsoleBus::stop() {
    for (auto& [name, running] : m_running) running.service->stop();
    m_running.clear();
}

std::vector<ConnectionSnapshot> ConsoleBus::snapshot() const {
    std::vector<ConnectionSnapshot> out;
    for (const auto& [name, running] : m_running)
        for (ConnectionSnapshot& s : running.service->snapshot()) out.push_back(std::move(s));
    return out;
}

}  // namespace switchboard::engine
