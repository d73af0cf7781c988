// One-shot checks behind the console's Test buttons: connect to a bus connection (open, then
// close) and ask a job backend for its health, each bounded in time and reported as a sentence.
// They block the calling thread for up to the connect or health timeout: call them from a worker,
// never the UI thread (ConsoleEngine runs each on a thread of its own).
#pragma once

#include <chrono>
#include <string>

#include "model/backend.hpp"
#include "model/connection.hpp"

namespace switchboard::engine {

struct ProbeResult {
    bool ok = false;
    std::string message;  // "connected to amqp://host/vhost", or why not
    double ms = 0;        // how long the check took
};

// Opens the connection as its worker would (credentials resolved now) and closes it again.
ProbeResult probeConnection(const model::Connection& connection);

// Asks the backend's health endpoint, retrying until `timeout` (the dry-run backend is always up).
ProbeResult probeBackend(const model::Backend& backend,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace switchboard::engine
