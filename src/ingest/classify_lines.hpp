// `switchboard classify` without the command line: message lines in, one normalized JSON object
// per line out, `{"error": ..., "line": N}` for a line that cannot be parsed. Runs on the calling
// thread; no database.
#pragma once

#include <cstdint>
#include <ostream>

#include "ingest/line_reader.hpp"
#include "ingest/message.hpp"

namespace switchboard::ingest {

struct ClassifyCounts {
    uint64_t lines = 0;   // lines read, good or bad
    uint64_t failed = 0;  // lines answered with an error object
};

struct ClassifyOptions {
    bool full = false;  // add each message's body and headers
    Limits limits;      // the reader's maxBytes should match limits.maxBytes
    // received_at for a message whose envelope has no time; 0 means the clock at each line.
    int64_t nowMs = 0;
};

// Reads every line of `reader` and writes one JSON line per input line to `out`, flushing
// whenever the reader would have to wait for input. A read error ends the run (reader.error()).
ClassifyCounts classifyLines(LineReader& reader, std::ostream& out, const ClassifyOptions& options);

// The text of an over-long line's error: its length, the limit, and its first bytes.
std::string tooLongReason(const Line& line, size_t limit);

}  // namespace switchboard::ingest
