#include "engine/console_probe.hpp"

#include <exception>

#include "bus/source_factory.hpp"
#include "jobs/run_control.hpp"

namespace switchboard::engine {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

ProbeResult probeConnection(const model::Connection& connection) {
    const auto start = Clock::now();
    ProbeResult out;
    try {
        bus::validateConnection(connection);
        auto source = bus::makeSource(connection);
        source->open();
        const std::string where = source->describe();
        source->close();
        out.ok = true;
        out.message = "connected to " + where;
    } catch (const std::exception& e) {
        out.message = e.what();
    }
    out.ms = msSince(start);
    return out;
}

ProbeResult probeBackend(const model::Backend& backend, std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    jobs::HealthOptions options;
    options.timeout = timeout;
    options.interval = std::chrono::milliseconds(1000);
    ProbeResult out;
    try {
        const std::string why = jobs::checkHealth(backend, options);
        out.ok = why.empty();
        out.message = out.ok ? "healthy" : why;
    } catch (const std::exception& e) {
        out.message = e.what();
    }
    out.ms = msSince(start);
    return out;
}

}  // namespace switchboard::engine
