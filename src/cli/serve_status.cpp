#include "cli/serve_status.hpp"

#include <algorithm>

#include "model/grouped_number.hpp"

namespace switchboard::cli {

using model::groupedNumber;

std::string statusLine(const engine::ConnectionSnapshot& connection, uint64_t storedBefore,
                       const std::string& interval, int64_t nowMs) {
    const bus::ConnectionStatus& s = connection.status;
    const engine::IngestCounters& c = connection.counts;
    std::string line = "connection " + s.name + ": " + bus::connStateName(s.state) + ", " +
                       groupedNumber(c.stored - std::min(c.stored, storedBefore)) +
                       " stored in the last " + interval + " (" + groupedNumber(c.stored) +
                       " in all), " + groupedNumber(c.duplicates) + " duplicates, " +
                       groupedNumber(c.quarantined) + " quarantined";
    if (s.backlog >= 0) line += ", backlog " + groupedNumber(static_cast<uint64_t>(s.backlog));
    if (s.lastMessageAt > 0)
        line += ", last message " + std::to_string(std::max<int64_t>(0, nowMs - s.lastMessageAt) / 1000) +
                " s ago";
    else
        line += ", no message yet";
    return line;
}

}  // namespace switchboard::cli
