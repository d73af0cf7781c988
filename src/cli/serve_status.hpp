// serve's periodic status lines (--status-every): one per connection, with what it stored since
// the last line, so that `journalctl -u switchboard` shows a quiet bus apart from a dead one.
// Pure.
#pragma once

#include <cstdint>
#include <string>

#include "engine/bus_service.hpp"

namespace switchboard::cli {

// "connection fedora: up, 1,234 stored in the last 5m (20,000 in all), 0 duplicates,
// 0 quarantined, backlog 17, last message 3 s ago". `storedBefore` is the count at the previous
// line; backlog and the last message are left out when unknown.
std::string statusLine(const engine::ConnectionSnapshot& connection, uint64_t storedBefore,
                       const std::string& interval, int64_t nowMs);

}  // namespace switchboard::cli
