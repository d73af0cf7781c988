// Turns a connection definition into the Source its URL names: amqp:// and amqps:// (AmqpSource),
// stomp://, stomp+ssl:// and failover:(...) (StompSource), file:// (ReplaySource). Resolves the
// password from its environment variable or file at every call, so a rotated secret is picked up
// on the next reconnect. Any thread (the supervisor calls it on the connection's worker).
#pragma once

#include <memory>
#include <string>

#include "bus/source.hpp"
#include "model/connection.hpp"

namespace switchboard::bus {

// Throws SourceError (a missing password variable, an unsupported scheme) or
// std::invalid_argument (a URL that does not parse).
std::unique_ptr<Source> makeSource(const model::Connection& connection);

// Checks the URL and settings without connecting (for `connections add`): throws
// std::invalid_argument naming the problem.
void validateConnection(const model::Connection& connection);

// True for file:// connections: their events are stamped with the time they arrive.
bool isReplay(const model::Connection& connection);

}  // namespace switchboard::bus
